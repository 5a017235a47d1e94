"""The silence procedure in the workflow: objections received, deadlines moved off weekends and
holidays, and the outcome (adopted, or silence broken) set once it is known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.deadlines import effective_deadline as domain_effective_deadline
from app.domain.workflow import (
    NoteStatus,
    Role,
    TransitionRefused,
    silence_outcome,
)
from app.domain.workflow import days_left as domain_days_left
from app.i18n.dates import interface_date
from app.i18n.messages import _
from app.register.models import (
    NoteRevision,
    NoteRow,
    Objection,
    SenderProfileRow,
    User,
)
from app.services import audit
from app.services.incoming_records import create_incoming
from app.services.users import UserInfo
from app.services.workflow_base import WorkflowBase, WorkflowRefused

#: Notes under a silence procedure are tracked once they have gone out.
CIRCULATED = (NoteStatus.ISSUED.value, NoteStatus.DISPATCHED.value)
#: Who records an objection received (anyone working on notes; not an administrator alone).
OBJECTION_ROLES = frozenset({Role.REGISTRAR, Role.APPROVER, Role.DRAFTER})
#: How far a weekend and holidays can move a deadline, at most (for the deadline queries).
_LONGEST_MOVE = dt.timedelta(days=31)
#: The first day a deadline query can reach back from (the calendar starts on 0001-01-01).
_FIRST_MOVABLE = dt.date.min + _LONGEST_MOVE


def day_within(today: dt.date, days: int) -> dt.date:
    """The day `days` after `today` (none before it), or the calendar's last day (9999-12-31)
    for a count that reaches past it: `deadlines --within 99999999999` lists every deadline."""
    try:
        return today + dt.timedelta(days=max(days, 0))
    except OverflowError:
        return dt.date.max


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


class SilenceProcedure(WorkflowBase):
    """Objections, deadlines and outcomes of notes circulated under a silence procedure."""

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
        calendar = self.calendar
        return domain_effective_deadline(
            deadline, calendar.days_off, moves_to_working_day, calendar.working_days
        )

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
        incoming: Mapping[str, Any] | None = None,
    ) -> ObjectionInfo:
        """Record an objection received to a note under a silence procedure. One received by
        the deadline breaks the silence at once; a late one is kept but changes nothing. One
        dated after `today` (the service's day by default) or before the note was issued is
        refused. It is a note received too: `incoming` gives what the register of incoming
        notes keeps beyond the objection (sender_key, date, languages, answer_by, pdf)."""
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
                            "The objection is dated {received}, after today ({today}): an "
                            "objection is recorded once it has been received."
                        ).format(received=interface_date(received_on), today=interface_date(today))
                    )
                issued = row.issued_at.date() if row.issued_at is not None else None
                if issued is not None and received_on < issued:
                    raise TransitionRefused(
                        _(
                            "The objection is dated {received}, before note {note} was issued "
                            "({issued}): check the date."
                        ).format(
                            received=interface_date(received_on),
                            note=row.number_text or row.id,
                            issued=interface_date(issued),
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
                # An objection is a note received: it is in the register of incoming notes too.
                details: dict[str, Any] = {
                    "number": objection.reference or _("(no number)"),
                    "date": received_on,
                    "sender_name": objection.party,
                    "subject": objection.text
                    or _("Objection to №{note}").format(note=row.number_text or row.id),
                }
                details.update(incoming or {})
                create_incoming(
                    session,
                    **details,
                    received_on=received_on,
                    procedure_note_id=note_id,
                    objection_id=objection.id,
                    user=user,
                    now=now,
                )
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
        last = day_within(today, within_days)
        found: list[DeadlineInfo] = []
        cache: dict[str, bool] = {}
        with self.register.db.reading() as session:
            rows = session.scalars(
                select(NoteRow)
                .where(
                    NoteRow.objection_deadline.is_not(None),
                    NoteRow.objection_deadline >= max(today, _FIRST_MOVABLE) - _LONGEST_MOVE,
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
        deadline has passed without a timely objection, silence broken by a timely objection.
        `user`, if given, must be a registrar, approver or drafter (the command line always
        gives one)."""
        today = today or self.today()
        now = self.now()
        login = user.login if user is not None else ""
        settled: list[OutcomeInfo] = []
        cache: dict[str, bool] = {}
        with self._writing() as session:
            try:
                actor = self._actor(session, user) if user is not None else None
            except TransitionRefused as refused:
                raise WorkflowRefused(refused.reason) from None
            if actor is not None and not actor.has_any(OBJECTION_ROLES):
                raise WorkflowRefused(
                    _(
                        "Only a registrar, approver or drafter settles outcomes; {login} is "
                        "none of them."
                    ).format(login=actor.user)
                )
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
