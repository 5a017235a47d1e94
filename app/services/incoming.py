"""Incoming notes: the register of notes received (migration 0008) — the sender's own number
and date, the sender from the directory, the received PDF with its SHA-256, the day it is to be
answered by — found by number typed in any form, answered once a reply to it is issued.

An objection under a silence procedure is an incoming note linked to the procedure's note:
`add(..., objects_to=note_id)` records the objection through the silence procedure (which
makes the incoming note), and an objection recorded by hand makes one too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain.note import Note, ReplyTo
from app.domain.parties import Addressee
from app.domain.workflow import NoteStatus, Role, TransitionRefused
from app.i18n.messages import _, ngettext
from app.register.models import IncomingNote, NoteRow, User
from app.register.search import fold
from app.services.distribution import listed_name, merged
from app.services.incoming_records import create_incoming, number_key
from app.services.register import RegisterError
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from app.services.workflow_base import WorkflowRefused

#: Who registers a note received.
INCOMING_ROLES = frozenset({Role.REGISTRAR, Role.APPROVER, Role.DRAFTER})
#: An answer-by date this close (days) is shown as due soon.
DUE_SOON_DAYS = 7
_ANSWERED = (NoteStatus.ISSUED.value, NoteStatus.DISPATCHED.value)


@dataclass(frozen=True)
class IncomingInfo:
    id: int
    number: str
    date: dt.date
    sender_key: str
    sender_name: str
    subject: str
    languages: tuple[str, ...]
    received_on: dt.date
    answer_by: dt.date | None
    file_name: str | None
    sha256: str | None
    size: int | None
    procedure_note_id: int | None
    procedure_number: str | None
    recorded_by: str
    #: The replies drafted to it: (note id, number or None, status).
    replies: tuple[tuple[int, str | None, str], ...] = ()

    @property
    def answered(self) -> bool:
        return any(status in _ANSWERED for _id, _number, status in self.replies)

    def due_soon(self, today: dt.date) -> bool:
        """Not answered, and to be answered within DUE_SOON_DAYS (or overdue)."""
        return (
            not self.answered
            and self.answer_by is not None
            and self.answer_by <= today + dt.timedelta(days=DUE_SOON_DAYS)
        )


class IncomingRegister:
    """Notes received, through the workflow service's register, clock and users."""

    def __init__(self, workflow: WorkflowService) -> None:
        self.workflow = workflow
        self.register = workflow.register

    def add(
        self,
        user: UserInfo,
        *,
        number: str,
        date: dt.date,
        sender_key: str,
        received_on: dt.date,
        subject: str = "",
        languages: tuple[str, ...] = (),
        answer_by: dt.date | None = None,
        pdf: tuple[str, bytes] | None = None,
        objects_to: int | None = None,
    ) -> IncomingInfo:
        """Register a note received from `sender_key` (a directory entry). With `objects_to`
        (a note under a silence procedure) it is an objection: recorded as one, the silence
        broken if it came in time."""
        if not number.strip():
            raise RegisterError(_("Give the note's number as the sender wrote it."))
        if date > received_on:
            raise RegisterError(
                _("The note is dated {date}, after it was received ({received}).").format(
                    date=date.isoformat(), received=received_on.isoformat()
                )
            )
        sender = merged(self.register.addressees()).get(sender_key)
        if sender is None:
            raise RegisterError(
                _("There is no addressee {key!r} in the directory.").format(key=sender_key)
            )
        name = listed_name(sender)
        if objects_to is not None:
            # One objection, one incoming note, written whole in the objection's transaction.
            objection = self.workflow.record_objection(
                user,
                objects_to,
                party=name,
                received_on=received_on,
                reference=number,
                text=subject,
                incoming={
                    "number": number,
                    "date": date,
                    "sender_key": sender_key,
                    "languages": languages,
                    "answer_by": answer_by,
                    "pdf": pdf,
                },
            )
            with self.register.db.reading() as session:
                incoming_id = session.scalars(
                    select(IncomingNote.id).where(IncomingNote.objection_id == objection.id)
                ).one()
            return self.show(incoming_id)
        now = self.workflow.now()
        with self.register.writing() as session:
            self._check_user(session, user)
            row = create_incoming(
                session,
                number=number,
                date=date,
                sender_key=sender_key,
                sender_name=name,
                subject=subject,
                languages=languages,
                received_on=received_on,
                answer_by=answer_by,
                pdf=pdf,
                user=user,
                now=now,
            )
            incoming_id = row.id
        return self.show(incoming_id)

    def _check_user(self, session: Session, user: UserInfo) -> None:
        try:
            actor = self.workflow._actor(session, user)
            if not actor.has_any(INCOMING_ROLES):
                refusal = _("Only a registrar, approver or drafter registers notes received.")
                raise TransitionRefused(refusal)
        except TransitionRefused as refused:
            raise WorkflowRefused(refused.reason) from None

    # -- reading --------------------------------------------------------------------------------

    def show(self, incoming_id: int) -> IncomingInfo:
        found = self._infos(IncomingNote.id == incoming_id)
        if not found:
            raise RegisterError(
                _("There is no incoming note {id} in the register.").format(id=incoming_id)
            )
        return found[0]

    def listing(self, awaiting: bool = False) -> list[IncomingInfo]:
        """Every note received, newest first; `awaiting`: those with an answer-by date and no
        reply issued yet, soonest first."""
        if not awaiting:
            return self._infos(None)
        reply = aliased(NoteRow)
        answered = (
            exists()
            .where(reply.in_reply_to_id == IncomingNote.id, reply.status.in_(_ANSWERED))
            .correlate(IncomingNote)
        )
        found = self._infos(IncomingNote.answer_by.is_not(None) & ~answered)
        return sorted(found, key=lambda item: (item.answer_by or dt.date.max, item.id))

    def search(self, text: str) -> list[IncomingInfo]:
        """Notes received whose number (typed in any form: `12/345`, `No.12-345`, `12345`),
        sender or subject matches `text`."""
        key = number_key(text)
        words = fold(text.strip())
        if not key and not words:
            return []
        conditions = []
        if key:
            conditions.append(IncomingNote.number_key.contains(key, autoescape=True))
        if words:
            for column in (IncomingNote.subject, IncomingNote.sender_name):
                conditions.append(column.contains(text.strip(), autoescape=True))
        return self._infos(or_(*conditions))

    def by_number(self, text: str) -> IncomingInfo:
        """The one incoming note `text` names (its id, or its number in any form)."""
        if text.isdigit():
            with self.register.db.reading() as session:
                if session.get(IncomingNote, int(text)) is not None:
                    return self.show(int(text))
        key = number_key(text)
        found = [item for item in self.search(text) if number_key(item.number) == key]
        if len(found) != 1:
            raise RegisterError(
                ngettext(
                    "{text!r} names {count} incoming note; give its id.",
                    "{text!r} names {count} incoming notes; give its id.",
                    len(found),
                ).format(text=text, count=len(found))
            )
        return found[0]

    def document(self, incoming_id: int) -> bytes:
        with self.register.db.reading() as session:
            row = session.get(IncomingNote, incoming_id)
            if row is None or row.content is None:
                raise RegisterError(_("Incoming note {id} has no PDF.").format(id=incoming_id))
            return bytes(row.content)

    def _infos(self, condition: object) -> list[IncomingInfo]:
        with self.register.db.reading() as session:
            statement = (
                select(IncomingNote, User.login, NoteRow.number_text)
                .outerjoin(User, User.id == IncomingNote.recorded_by)
                .outerjoin(NoteRow, NoteRow.id == IncomingNote.procedure_note_id)
                .order_by(IncomingNote.received_on.desc(), IncomingNote.id.desc())
            )
            if condition is not None:
                statement = statement.where(condition)  # type: ignore[arg-type]
            rows = session.execute(statement).all()
            ids = [row.id for row, _login, _number in rows]
            replies: dict[int, list[tuple[int, str | None, str]]] = {}
            if ids:
                for note_id, number, status, target in session.execute(
                    select(NoteRow.id, NoteRow.number_text, NoteRow.status, NoteRow.in_reply_to_id)
                    .where(NoteRow.in_reply_to_id.in_(ids))
                    .order_by(NoteRow.id)
                ):
                    replies.setdefault(int(target or 0), []).append((note_id, number, status))
            return [
                IncomingInfo(
                    row.id,
                    row.number_text,
                    row.date,
                    row.sender_key,
                    row.sender_name,
                    row.subject,
                    tuple(row.languages.split()),
                    row.received_on,
                    row.answer_by,
                    row.file_name,
                    row.sha256,
                    row.size,
                    row.procedure_note_id,
                    procedure_number,
                    login or "",
                    tuple(replies.get(row.id, ())),
                )
                for row, login, procedure_number in rows
            ]

    # -- replies --------------------------------------------------------------------------------

    def reply_note(self, incoming_id: int, template: Note) -> Note:
        """`template` (a new note) made a reply to the incoming note: its addressee the sender
        (from the directory), the link and the number and date the reply phrase quotes."""
        incoming = self.show(incoming_id)
        sender: Addressee | None = merged(self.register.addressees()).get(incoming.sender_key)
        return replace(
            template,
            addressee=sender or template.addressee,
            subject=template.subject or _("Reply to {number}").format(number=incoming.number),
            objection_deadline=None,
            in_reply_to=ReplyTo(incoming.number, incoming.date, incoming.id),
        )

    def reply_to(self, note_id: int) -> IncomingInfo | None:
        """The incoming note an outgoing note answers, if any."""
        with self.register.db.reading() as session:
            row = session.get(NoteRow, note_id)
            target = row.in_reply_to_id if row is not None else None
        return self.show(target) if target is not None else None
