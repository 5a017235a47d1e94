"""The approval workflow made real: every transition checked by the domain's rules, recorded
in the status history and the audit log, in one transaction.

The GUI and the CLI call `WorkflowService` with the `UserInfo` of whoever is logged in. The
user's roles are read again from the register at each action (they may have changed since the
login). A refused action raises `WorkflowRefused` with the domain's readable reason, changes
nothing, and is itself written to the audit log as a failed attempt.

`WorkflowService` is put together from workflow_base (the clock, the acting user, the audit of
refusals), silence (objections, deadlines, outcomes) and the drafting and transitions here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.domain.note import Note
from app.domain.problems import ValidationError
from app.domain.workflow import (
    Action,
    NoteStatus,
    Role,
    TransitionRefused,
    is_editable,
    may_save_over,
)
from app.domain.workflow import allowed_actions as domain_allowed_actions
from app.i18n.messages import _
from app.services import audit
from app.services.audit import AuditRecord
from app.services.dispatch_records import plan_dispatches
from app.services.register import IssueResult, NoteNotFound, RegisterError, default_renderer
from app.services.silence import (
    CIRCULATED,
    OBJECTION_ROLES,
    DeadlineInfo,
    ObjectionInfo,
    OutcomeInfo,
    SilenceProcedure,
)
from app.services.users import UserInfo
from app.services.workflow_base import ConsistencyRefused, WorkflowRefused, load_holidays

if TYPE_CHECKING:
    from app.services.seal import Seal

#: Approved or later and not withdrawn: what a correction may correct.
CORRECTABLE = frozenset({NoteStatus.APPROVED, NoteStatus.ISSUED, NoteStatus.DISPATCHED})


__all__ = [
    "CIRCULATED",
    "CORRECTABLE",
    "OBJECTION_ROLES",
    "ConsistencyRefused",
    "DeadlineInfo",
    "ObjectionInfo",
    "OutcomeInfo",
    "WorkflowRefused",
    "WorkflowService",
    "load_holidays",
]


class WorkflowService(SilenceProcedure):
    """Draft, submit, approve, return, revise, issue, dispatch, withdraw and correct notes;
    objections and outcomes of silence procedures."""

    # -- drafting -------------------------------------------------------------------------------

    def save_draft(
        self,
        user: UserInfo,
        note: Note,
        note_id: int | None = None,
        *,
        opened_version: int | None = None,
    ) -> int:
        """Save a new draft (`note_id` None) or the next state of an editable one; the user
        becomes its drafter (new) and its last editor. `opened_version`: the version of the
        note the user's window opened; a save over a newer one raises DraftChanged, saying who
        changed it and when."""
        now = self.now()
        refusal: str | None = None
        saved = 0
        with self._writing() as session:
            try:
                actor = self._actor(session, user)
                if Role.DRAFTER not in actor.roles:
                    raise TransitionRefused(
                        _(
                            "Only a user with the role drafter may draft a note; {login} has not."
                        ).format(login=user.login)
                    )
                if note_id is not None:
                    row = self._row(session, note_id)
                    if not is_editable(row.status):
                        raise TransitionRefused(
                            _(
                                "Note {note} is {status}; it no longer changes "
                                "(a correction is a new revision)."
                            ).format(note=row.number_text or row.id, status=row.status)
                        )
                    drafter = self._login(session, row.created_by)
                    if not may_save_over(actor.user, drafter, self._hands(session, row.id)):
                        raise TransitionRefused(
                            _(
                                "{login} may not save over {drafter}'s draft: it is not shared "
                                "with them ({drafter} shares it with `verbale note share "
                                "{note} --with {login}`)."
                            ).format(login=actor.user, drafter=drafter, note=row.id)
                        )
            except TransitionRefused as refused:
                refusal = refused.reason
                self._failed(session, user, note_id, "save draft", refusal, now)
            else:
                saved = self.register.save_draft_in(
                    session, note, note_id, user_id=user.id, now=now, opened_version=opened_version
                )
                audit.append(
                    session,
                    audit.DRAFT_SAVED,
                    user_login=user.login,
                    note_id=saved,
                    detail={"new": note_id is None, "subject": note.subject},
                    at=now,
                )
        if refusal is not None:
            raise WorkflowRefused(refusal)
        return saved

    def correct(self, user: UserInfo, note_id: int) -> int:
        """Start a correction of an approved, issued or dispatched note: a new draft with the
        same content, linked to the old note, which stays as it is. Returns the new note's id."""
        now = self.now()
        refusal: str | None = None
        new_id = 0
        with self._writing() as session:
            row = self._row(session, note_id)
            try:
                actor = self._actor(session, user)
                if Role.DRAFTER not in actor.roles:
                    raise TransitionRefused(
                        _(
                            "Only a user with the role drafter may correct a note; {login} has not."
                        ).format(login=user.login)
                    )
                if NoteStatus(row.status) not in CORRECTABLE:
                    raise TransitionRefused(
                        _(
                            "Only an approved, issued or dispatched note is corrected; note "
                            "{note} is {status}."
                        ).format(note=row.number_text or row.id, status=row.status)
                    )
            except TransitionRefused as refused:
                refusal = refused.reason
                self._failed(session, user, note_id, "correct", refusal, now)
            else:
                note = replace(self.register.note_in(session, note_id), number=None)
                new_id = self.register.save_draft_in(
                    session, note, None, user_id=user.id, now=now, corrects_note_id=note_id
                )
                for about, other, key in ((new_id, note_id, "corrects"), (note_id, new_id, "by")):
                    audit.append(
                        session,
                        audit.CORRECTION_CREATED,
                        user_login=user.login,
                        note_id=about,
                        detail={key: other, "number": row.number_text},
                        at=now,
                    )
        if refusal is not None:
            raise WorkflowRefused(refusal)
        return new_id

    # -- transitions ----------------------------------------------------------------------------

    def submit(
        self, user: UserInfo, note_id: int, override_comment: str | None = None
    ) -> NoteStatus:
        """Submit for approval. The note must be complete and its language versions must agree
        (`ConsistencyRefused` lists where they do not) unless `override_comment` says why the
        disagreement stands; the override and its comment go to the audit log."""
        now = self.now()
        override = (override_comment or "").strip()
        refusal: WorkflowRefused | None = None
        with self._writing() as session:
            row = self._row(session, note_id)
            try:
                if override_comment is not None and not override:
                    raise TransitionRefused(
                        _(
                            "An override needs a comment saying why the language versions may "
                            "disagree; the one given is blank."
                        )
                    )
                new = self._check(session, row, Action.SUBMIT, user, override)
                note = self.register.note_in(session, note_id)
                problems = note.problems()
                if problems:
                    from app.i18n.problems import problems_report

                    report = problems_report(problems, note.note_type)
                    raise TransitionRefused(_("The note is not complete:") + "\n" + report)
            except TransitionRefused as refused:
                refusal = WorkflowRefused(refused.reason)
                self._failed(session, user, note_id, Action.SUBMIT.value, refused.reason, now)
            else:
                from app.domain.consistency import find_discrepancies

                found = find_discrepancies(note)
                messages = [str(item) for item in found]
                if found and not override:
                    refusal = ConsistencyRefused(found)
                    self._failed(
                        session,
                        user,
                        note_id,
                        Action.SUBMIT.value,
                        "the language versions disagree",
                        now,
                        discrepancies=messages,
                    )
                else:
                    if found:
                        audit.append(
                            session,
                            audit.CONSISTENCY_OVERRIDDEN,
                            user_login=user.login,
                            note_id=note_id,
                            detail={"comment": override, "discrepancies": messages},
                            at=now,
                        )
                    self._record(session, user, row, Action.SUBMIT, new, override, now)
        if refusal is not None:
            raise refusal
        return new

    def approve(self, user: UserInfo, note_id: int, comment: str = "") -> NoteStatus:
        """Approve a submitted note: not by whoever drafted or last edited it."""
        return self._transition(user, note_id, Action.APPROVE, comment)

    def return_for_revision(self, user: UserInfo, note_id: int, comment: str) -> NoteStatus:
        """Send a submitted note back to its drafter, saying what must change."""
        return self._transition(user, note_id, Action.RETURN_FOR_REVISION, comment)

    def revise(self, user: UserInfo, note_id: int) -> NoteStatus:
        """Take a returned note back into drafting."""
        return self._transition(user, note_id, Action.REVISE)

    def dispatch(self, user: UserInfo, note_id: int, comment: str = "") -> NoteStatus:
        return self._transition(user, note_id, Action.DISPATCH, comment)

    def withdraw(self, user: UserInfo, note_id: int, comment: str = "") -> NoteStatus:
        return self._transition(user, note_id, Action.WITHDRAW, comment)

    def issue(self, user: UserInfo, note_id: int, seal: Seal | None = None) -> IssueResult:
        """Issue an approved note: its number, its PDFs and their SHA-256, the status change and
        the audit entry are committed together, or nothing is. With `seal` every PDF is signed
        after its PDF/A step, and the register keeps the signed bytes."""
        renderer = self.renderer
        if seal is not None:
            renderer = seal.renderer(renderer or default_renderer)
        now = self.now()
        refusal: str | None = None
        try:
            with self._writing() as session:
                row = self._row(session, note_id)
                try:
                    new = self._check(session, row, Action.ISSUE, user, "")
                except TransitionRefused as refused:
                    refusal = refused.reason
                    self._failed(session, user, note_id, Action.ISSUE.value, refusal, now)
                else:
                    old = row.status
                    result = self.register.issue_in(
                        session, note_id, renderer, user_id=user.id, now=now
                    )
                    plan_dispatches(session, row, now)  # one per recipient (a group's members)
                    sealed = (
                        {"seal": seal.fingerprint, "sealed_by": seal.signer_name} if seal else {}
                    )
                    audit.append(
                        session,
                        Action.ISSUE.value,
                        user_login=user.login,
                        note_id=note_id,
                        detail={
                            "from": old,
                            "to": new.value,
                            "number": result.number.code,
                            "documents": {doc.file_name: doc.sha256 for doc in result.documents},
                            "code": str(result.code) if result.code else None,
                            "chain_head": result.chain_head,
                            **sealed,
                        },
                        at=now,
                    )
        except NoteNotFound:
            raise
        except (RegisterError, ValidationError) as error:
            # Nothing was issued (the transaction rolled back); the attempt is still recorded.
            reason = str(error)
            audit.record(
                self.register,
                audit.FAILED_ATTEMPT,
                user_login=user.login,
                note_id=note_id,
                detail={"attempted": Action.ISSUE.value, "reason": reason},
                at=now,
            )
            if isinstance(error, WorkflowRefused):
                raise
            raise WorkflowRefused(reason) from error
        if refusal is not None:
            raise WorkflowRefused(refusal)
        return result

    # -- reading --------------------------------------------------------------------------------

    def allowed_actions(self, user: UserInfo, note_id: int) -> list[Action]:
        """What `user` may do to the note now, for the GUI's buttons."""
        with self.register.db.reading() as session:
            row = self._row(session, note_id)
            try:
                actor = self._actor(session, user)
            except TransitionRefused:
                return []
            return domain_allowed_actions(
                row.status,
                actor,
                self._login(session, row.created_by),
                self._login(session, row.last_edited_by),
                self._hands(session, row.id),
            )

    def may_edit(self, user: UserInfo, note_id: int) -> bool:
        """Whether `user` may save a new state of the note now (a drafter, the note a draft or
        returned, and theirs or shared with them): the editor opens read only otherwise."""
        with self.register.db.reading() as session:
            row = self._row(session, note_id)
            try:
                actor = self._actor(session, user)
            except TransitionRefused:
                return False
            return (
                Role.DRAFTER in actor.roles
                and is_editable(row.status)
                and may_save_over(
                    actor.user, self._login(session, row.created_by), self._hands(session, row.id)
                )
            )

    def history(self, note_id: int) -> list[AuditRecord]:
        """Everything the audit log says about the note, oldest first."""
        return audit.entries(self.register, note_id)
