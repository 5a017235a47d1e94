"""The approval workflow made real: every transition checked by the domain's rules, recorded
in the status history and the audit log, in one transaction.

The GUI and the CLI call `WorkflowService` with the `UserInfo` of whoever is logged in. The
user's roles are read again from the register at each action (they may have changed since the
login). A refused action raises `WorkflowRefused` with the domain's readable reason, changes
nothing, and is itself written to the audit log as a failed attempt.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.deadlines import effective_deadline as domain_effective_deadline
from app.domain.note import Note
from app.domain.problems import ValidationError
from app.domain.workflow import (
    Action,
    Actor,
    NoteStatus,
    Role,
    TransitionRefused,
    check_transition,
    is_editable,
    silence_outcome,
)
from app.domain.workflow import allowed_actions as domain_allowed_actions
from app.domain.workflow import days_left as domain_days_left
from app.i18n.messages import _
from app.paths import resources_dir
from app.register.models import (
    NoteRevision,
    NoteRow,
    Objection,
    SenderProfileRow,
    User,
    utcnow,
)
from app.services import audit
from app.services.audit import AuditRecord
from app.services.register import IssueResult, NoteNotFound, Register, RegisterError, Renderer
from app.services.users import UserInfo, parse_roles

if TYPE_CHECKING:
    from app.domain.consistency import Discrepancy

#: Notes under a silence procedure are tracked once they have gone out.
CIRCULATED = (NoteStatus.ISSUED.value, NoteStatus.DISPATCHED.value)
#: Approved or later and not withdrawn: what a correction may correct.
CORRECTABLE = frozenset({NoteStatus.APPROVED, NoteStatus.ISSUED, NoteStatus.DISPATCHED})
#: Who records an objection received (anyone working on notes; not an administrator alone).
OBJECTION_ROLES = frozenset({Role.REGISTRAR, Role.APPROVER, Role.DRAFTER})
#: How far a weekend and holidays can move a deadline, at most (for the deadline queries).
_LONGEST_MOVE = dt.timedelta(days=31)


class WorkflowRefused(RegisterError):
    """An action the rules do not allow; `reason` is the sentence to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ConsistencyRefused(WorkflowRefused):
    """Submission refused because the language versions disagree; `discrepancies` lists them."""

    def __init__(self, discrepancies: Sequence[Discrepancy]) -> None:
        self.discrepancies: tuple[Discrepancy, ...] = tuple(discrepancies)
        lines = [_("The language versions of the note disagree:")]
        lines.extend(f"  - {item.message}" for item in self.discrepancies)
        lines.append(_("Correct them, or submit with a comment saying why they may stand."))
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class DeadlineInfo:
    """A note whose objection deadline is near, as the register lists it."""

    note_id: int
    number: str | None
    subject: str
    addressee: str
    status: str
    #: The deadline written in the note.
    deadline: dt.date
    #: The day objections are due (moved off weekends and holidays if the sender says so).
    effective_deadline: dt.date
    days_left: int
    #: Objections received by the effective deadline (only these break the silence).
    objections: int
    outcome: str | None
    #: Objections received after the effective deadline: kept, but they change nothing.
    late_objections: int = 0


@dataclass(frozen=True)
class OutcomeInfo:
    """A silence procedure whose outcome `settle_outcomes` has just set."""

    note_id: int
    number: str | None
    outcome: str
    effective_deadline: dt.date
    objections: int


@dataclass(frozen=True)
class ObjectionInfo:
    id: int
    note_id: int
    party: str
    received_on: dt.date
    reference: str
    text: str
    recorded_by: str
    #: Received by the (effective) deadline: only a timely objection breaks the silence.
    timely: bool


def load_holidays(path: Path | None = None) -> frozenset[dt.date]:
    """The configured holidays (resources/holidays.toml: `holidays = [2024-01-01, ...]`)."""
    path = path or resources_dir() / "holidays.toml"
    if not path.is_file():
        return frozenset()
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    days = raw.get("holidays", [])
    if not isinstance(days, list) or not all(isinstance(day, dt.date) for day in days):
        raise RegisterError(f"{path}: 'holidays' must be a list of dates like 2024-01-01")
    return frozenset(days)


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


class WorkflowService:
    """Draft, submit, approve, return, revise, issue, dispatch, withdraw and correct notes;
    objections and outcomes of silence procedures."""

    def __init__(
        self,
        register: Register,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        renderer: Renderer | None = None,
        holidays: Collection[dt.date] | None = None,
        today: dt.date | None = None,
    ) -> None:
        """`clock` gives the time of audit entries and transitions; `today`, if given, is the
        calendar day for deadlines, outcomes and objections (replaying a day's work) and
        never moves the clock."""
        self.register = register
        self.clock = clock or utcnow
        self.fixed_today = today
        self.renderer = renderer
        self.holidays = frozenset(holidays) if holidays is not None else load_holidays()

    def now(self) -> dt.datetime:
        return _naive_utc(self.clock())

    def today(self) -> dt.date:
        return self.fixed_today or self.now().date()

    # -- helpers --------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        with self.register.writing() as session:
            yield session

    @staticmethod
    def _row(session: Session, note_id: int) -> NoteRow:
        row = session.get(NoteRow, note_id)
        if row is None:
            raise NoteNotFound(_("There is no note {id} in the register.").format(id=note_id))
        return row

    @staticmethod
    def _actor(session: Session, user: UserInfo) -> Actor:
        """The user as the register knows them now; refused if removed or deactivated."""
        row = session.get(User, user.id)
        if row is None or not row.active or row.login != user.login:
            raise TransitionRefused(
                _("{login} is not an active user of this register.").format(login=user.login)
            )
        return Actor(row.login, parse_roles(row.roles) if row.roles else frozenset())

    @staticmethod
    def _login(session: Session, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return session.scalar(select(User.login).where(User.id == user_id))

    def _check(
        self, session: Session, row: NoteRow, action: Action, user: UserInfo, comment: str
    ) -> NoteStatus:
        return check_transition(
            row.status,
            action,
            self._actor(session, user),
            drafted_by=self._login(session, row.created_by),
            last_edited_by=self._login(session, row.last_edited_by),
            comment=comment,
        )

    @staticmethod
    def _failed(
        session: Session,
        user: UserInfo,
        note_id: int | None,
        action: str,
        reason: str,
        at: dt.datetime,
        **more: Any,
    ) -> None:
        audit.append(
            session,
            audit.FAILED_ATTEMPT,
            user_login=user.login,
            note_id=note_id,
            detail={"attempted": action, "reason": reason, **more},
            at=at,
        )

    def _transition(
        self, user: UserInfo, note_id: int, action: Action, comment: str = ""
    ) -> NoteStatus:
        """Check and take one plain transition (no rendering, no checks beyond the rules)."""
        now = self.now()
        refusal: str | None = None
        with self._writing() as session:
            row = self._row(session, note_id)
            try:
                new = self._check(session, row, action, user, comment)
            except TransitionRefused as refused:
                refusal = refused.reason
                self._failed(session, user, note_id, action.value, refusal, now)
            else:
                self._record(session, user, row, action, new, comment, now)
        if refusal is not None:
            raise WorkflowRefused(refusal)
        return new

    def _record(
        self,
        session: Session,
        user: UserInfo,
        row: NoteRow,
        action: Action,
        new: NoteStatus,
        comment: str,
        now: dt.datetime,
        **more: Any,
    ) -> None:
        old = row.status
        self.register.set_status_in(
            session, row.id, new.value, user_id=user.id, comment=comment, now=now
        )
        audit.append(
            session,
            action.value,
            user_login=user.login,
            note_id=row.id,
            detail={"from": old, "to": new.value, "comment": comment, **more},
            at=now,
        )

    # -- drafting -------------------------------------------------------------------------------

    def save_draft(self, user: UserInfo, note: Note, note_id: int | None = None) -> int:
        """Save a new draft (`note_id` None) or the next state of an editable one; the user
        becomes its drafter (new) and its last editor."""
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
            except TransitionRefused as refused:
                refusal = refused.reason
                self._failed(session, user, note_id, "save draft", refusal, now)
            else:
                saved = self.register.save_draft_in(
                    session, note, note_id, user_id=user.id, now=now
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
                    raise TransitionRefused(
                        _("The note is not complete:") + "\n" + ValidationError(problems).report()
                    )
            except TransitionRefused as refused:
                refusal = WorkflowRefused(refused.reason)
                self._failed(session, user, note_id, Action.SUBMIT.value, refused.reason, now)
            else:
                from app.domain.consistency import find_discrepancies

                found = find_discrepancies(note)
                messages = [item.message for item in found]
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

    def issue(self, user: UserInfo, note_id: int) -> IssueResult:
        """Issue an approved note: its number, its PDFs and their SHA-256, the status change and
        the audit entry are committed together, or nothing is."""
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
                        session, note_id, self.renderer, user_id=user.id, now=now
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
            )

    def history(self, note_id: int) -> list[AuditRecord]:
        """Everything the audit log says about the note, oldest first."""
        return audit.entries(self.register, note_id)

    # -- silence procedure ----------------------------------------------------------------------

    @staticmethod
    def _moves(session: Session, row: NoteRow, cache: dict[str, bool]) -> bool:
        """Whether the note's sender moves deadlines off weekends and holidays, as the sender
        profile stored in the note's own revision says (frozen once approved; the directory's
        profile is overwritten by later drafts). A sender stored by reference is looked up."""
        sender = session.scalar(
            select(NoteRevision.data["sender"]).where(
                NoteRevision.note_id == row.id, NoteRevision.revision_no == row.revision_no
            )
        )
        if isinstance(sender, dict) and set(sender) == {"ref"}:
            key = str(sender["ref"])
            if key not in cache:
                data = session.scalar(
                    select(SenderProfileRow.data).where(SenderProfileRow.key == key)
                )
                cache[key] = bool((data or {}).get("deadline_moves_to_working_day", False))
            return cache[key]
        if isinstance(sender, dict):
            return bool(sender.get("deadline_moves_to_working_day", False))
        return False

    def effective_deadline(self, deadline: dt.date, moves_to_working_day: bool) -> dt.date:
        """The day objections are due, by the configured holidays and the sender's rule."""
        return domain_effective_deadline(deadline, self.holidays, moves_to_working_day)

    def _due(self, session: Session, row: NoteRow, cache: dict[str, bool]) -> dt.date:
        assert row.objection_deadline is not None
        return self.effective_deadline(row.objection_deadline, self._moves(session, row, cache))

    @staticmethod
    def _timely_count(session: Session, note_id: int, due: dt.date) -> int:
        return int(
            session.scalar(
                select(func.count(Objection.id)).where(
                    Objection.note_id == note_id, Objection.received_on <= due
                )
            )
            or 0
        )

    def record_objection(
        self,
        user: UserInfo,
        note_id: int,
        *,
        party: str,
        received_on: dt.date,
        reference: str = "",
        text: str = "",
        today: dt.date | None = None,
    ) -> ObjectionInfo:
        """Record an objection received to a note under a silence procedure. One received by
        the deadline breaks the silence at once; a late one is kept but changes nothing. One
        dated after `today` (the service's day by default) or before the note was issued is
        refused."""
        now = self.now()
        refusal: str | None = None
        with self._writing() as session:
            row = self._row(session, note_id)
            try:
                actor = self._actor(session, user)
                if not actor.has_any(OBJECTION_ROLES):
                    raise TransitionRefused(
                        _(
                            "Only a registrar, approver or drafter records objections; "
                            "{login} is none of them."
                        ).format(login=user.login)
                    )
                if row.objection_deadline is None:
                    raise TransitionRefused(
                        _("Note {note} has no objection deadline.").format(
                            note=row.number_text or row.id
                        )
                    )
                if row.status not in CIRCULATED:
                    raise TransitionRefused(
                        _(
                            "Note {note} is {status}; objections are recorded once it has been "
                            "issued."
                        ).format(note=row.number_text or row.id, status=row.status)
                    )
                if not party.strip():
                    raise TransitionRefused(_("Say which party objects."))
                today = today or self.today()
                if received_on > today:
                    raise TransitionRefused(
                        _(
                            "received_on {received} is after today ({today}): an objection is "
                            "recorded once it has been received."
                        ).format(received=received_on.isoformat(), today=today.isoformat())
                    )
                issued = row.issued_at.date() if row.issued_at is not None else None
                if issued is not None and received_on < issued:
                    raise TransitionRefused(
                        _(
                            "received_on {received} is before note {note} was issued "
                            "({issued}): check the date."
                        ).format(
                            received=received_on.isoformat(),
                            note=row.number_text or row.id,
                            issued=issued.isoformat(),
                        )
                    )
            except TransitionRefused as refused:
                refusal = refused.reason
                self._failed(session, user, note_id, "record objection", refusal, now)
            else:
                due = self._due(session, row, {})
                objection = Objection(
                    note_id=note_id,
                    party=party.strip(),
                    received_on=received_on,
                    reference=reference.strip(),
                    text=text.strip(),
                    recorded_by=user.id,
                    recorded_at=now,
                )
                session.add(objection)
                session.flush()
                timely = received_on <= due
                audit.append(
                    session,
                    audit.OBJECTION_RECORDED,
                    user_login=user.login,
                    note_id=note_id,
                    detail={
                        "party": objection.party,
                        "received_on": received_on.isoformat(),
                        "reference": objection.reference,
                        "timely": timely,
                    },
                    at=now,
                )
                if timely and row.outcome != "silence_broken":
                    self._set_outcome(session, row, "silence_broken", user.login, now)
                info = ObjectionInfo(
                    objection.id,
                    note_id,
                    objection.party,
                    received_on,
                    objection.reference,
                    objection.text,
                    user.login,
                    timely,
                )
        if refusal is not None:
            raise WorkflowRefused(refusal)
        return info

    def objections(self, note_id: int) -> list[ObjectionInfo]:
        """The objections recorded for a note, in the order received."""
        with self.register.db.reading() as session:
            row = self._row(session, note_id)
            due = self._due(session, row, {}) if row.objection_deadline else None
            rows = session.execute(
                select(Objection, User.login)
                .outerjoin(User, User.id == Objection.recorded_by)
                .where(Objection.note_id == note_id)
                .order_by(Objection.received_on, Objection.id)
            ).all()
            return [
                ObjectionInfo(
                    item.id,
                    note_id,
                    item.party,
                    item.received_on,
                    item.reference,
                    item.text,
                    login or "",
                    due is not None and item.received_on <= due,
                )
                for item, login in rows
            ]

    @staticmethod
    def _set_outcome(
        session: Session, row: NoteRow, outcome: str, login: str, now: dt.datetime
    ) -> None:
        old = row.outcome
        row.outcome = outcome
        row.updated_at = now
        audit.append(
            session,
            audit.OUTCOME_SET,
            user_login=login,
            note_id=row.id,
            detail={"from": old, "to": outcome},
            at=now,
        )

    def deadlines(self, within_days: int, today: dt.date | None = None) -> list[DeadlineInfo]:
        """Issued notes whose objection deadline falls between today and `within_days` from now,
        soonest first, with the days left and the objections received."""
        today = today or self.today()
        last = today + dt.timedelta(days=max(within_days, 0))
        found: list[DeadlineInfo] = []
        cache: dict[str, bool] = {}
        with self.register.db.reading() as session:
            rows = session.scalars(
                select(NoteRow)
                .where(
                    NoteRow.objection_deadline.is_not(None),
                    NoteRow.objection_deadline >= today - _LONGEST_MOVE,
                    NoteRow.objection_deadline <= last,
                    NoteRow.status.in_(CIRCULATED),
                )
                .order_by(NoteRow.objection_deadline, NoteRow.id)
            ).all()
            for row in rows:
                due = self._due(session, row, cache)
                if not today <= due <= last:
                    continue
                timely = self._timely_count(session, row.id, due)
                received = int(
                    session.scalar(
                        select(func.count(Objection.id)).where(Objection.note_id == row.id)
                    )
                    or 0
                )
                assert row.objection_deadline is not None
                found.append(
                    DeadlineInfo(
                        row.id,
                        row.number_text,
                        row.subject,
                        row.addressee_name,
                        row.status,
                        row.objection_deadline,
                        due,
                        domain_days_left(due, today),
                        timely,
                        row.outcome,
                        received - timely,
                    )
                )
        found.sort(key=lambda info: (info.effective_deadline, info.note_id))
        return found

    def settle_outcomes(
        self, today: dt.date | None = None, *, user: UserInfo | None = None
    ) -> list[OutcomeInfo]:
        """Set the outcome of every open silence procedure that has one now: adopted once the
        deadline has passed without a timely objection, silence broken by a timely objection."""
        today = today or self.today()
        now = self.now()
        login = user.login if user is not None else ""
        settled: list[OutcomeInfo] = []
        cache: dict[str, bool] = {}
        with self._writing() as session:
            rows = session.scalars(
                select(NoteRow)
                .where(
                    NoteRow.objection_deadline.is_not(None),
                    NoteRow.outcome.is_(None),
                    NoteRow.status.in_(CIRCULATED),
                )
                .order_by(NoteRow.objection_deadline, NoteRow.id)
            ).all()
            for row in rows:
                due = self._due(session, row, cache)
                count = self._timely_count(session, row.id, due)
                outcome = silence_outcome(due, today, count)
                if outcome == "pending":
                    continue
                self._set_outcome(session, row, outcome, login, now)
                settled.append(OutcomeInfo(row.id, row.number_text, outcome, due, count))
        return settled

    def outcome_of(self, note_id: int) -> str | None:
        with self.register.db.reading() as session:
            return self._row(session, note_id).outcome
