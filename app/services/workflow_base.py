"""The workflow service's foundation: who acts (read again from the register at each action),
one write transaction per action, refusals recorded as failed attempts in the audit log.

`WorkflowService` (app.services.workflow) is assembled from this base, the silence procedure
(app.services.silence) and the transitions themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Container, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.workflow import (
    Action,
    Actor,
    Hands,
    NoteStatus,
    TransitionRefused,
    check_transition,
)
from app.i18n.messages import _
from app.register.models import (
    AuditEntry,
    NoteRevision,
    NoteRow,
    NoteShare,
    StatusChange,
    User,
    utcnow,
)
from app.services import audit
from app.services.holiday_calendar import fixed_calendar, load_calendar
from app.services.register import NoteNotFound, Register, RegisterError, Renderer
from app.services.users import UserInfo, parse_roles

if TYPE_CHECKING:
    from app.domain.consistency import Discrepancy


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
        from app.i18n.problems import discrepancy_text

        lines.extend(f"  • {discrepancy_text(item)}" for item in self.discrepancies)
        lines.append(_("Correct them, or submit with a comment saying why they may stand."))
        super().__init__("\n".join(lines))


def load_holidays() -> Container[dt.date]:
    """The days off besides weekends: Kazakhstan's public holidays with the user's overrides
    (app.services.holiday_calendar; `day in load_holidays()`)."""
    return load_calendar().days_off


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


class WorkflowBase:
    """The register, the clock and the checks every workflow action shares."""

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
        never moves the clock. `holidays`, if given, are the only days off besides weekends."""
        self.register = register
        self.clock = clock or utcnow
        self.fixed_today = today
        self.renderer = renderer
        # Given holidays are exactly the days off; else Kazakhstan's public holidays with the
        # user's overrides (app.services.holiday_calendar).
        self.calendar = fixed_calendar(holidays) if holidays is not None else load_calendar()

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

    @staticmethod
    def _hands(session: Session, note_id: int) -> Hands:
        """Who saved, submitted or shares the note, from the audit log (append-only, chained),
        the revisions and the status history (for notes saved without the workflow)."""
        logged = session.execute(
            select(AuditEntry.action, AuditEntry.user_login)
            .where(
                AuditEntry.note_id == note_id,
                AuditEntry.action.in_((audit.DRAFT_SAVED, Action.SUBMIT.value)),
            )
            .distinct()
        ).all()
        edited = {login for action, login in logged if action == audit.DRAFT_SAVED and login}
        submitted = {login for action, login in logged if action == Action.SUBMIT.value and login}
        edited.update(
            session.scalars(
                select(User.login)
                .join(NoteRevision, NoteRevision.saved_by == User.id)
                .where(NoteRevision.note_id == note_id)
            )
        )
        submitted.update(
            session.scalars(
                select(User.login)
                .join(StatusChange, StatusChange.user_id == User.id)
                .where(StatusChange.note_id == note_id, StatusChange.to_status == "submitted")
            )
        )
        shared = session.scalars(
            select(User.login)
            .join(NoteShare, NoteShare.user_id == User.id)
            .where(NoteShare.note_id == note_id)
        ).all()
        return Hands.of(edited, submitted, shared)

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
            hands=self._hands(session, row.id),
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
        if action is Action.APPROVE:
            # What was approved, so that verify finds a text changed after approval.
            from app.services.audit_checks import approved_content_digest

            more = {**more, "content": approved_content_digest(session, row.id)}
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
