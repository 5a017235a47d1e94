"""Dispatch records (migration 0007): one per recipient of an issued note, made when it is
issued (a group addressee: one per member, in the directory's order), read as `DispatchInfo`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.register.models import Dispatch, NoteRow, User
from app.services.directory_store import read_entries
from app.services.distribution import listed_name, merged

#: A record's states: not yet sent, an e-mail possibly on its way, sent, the last attempt failed.
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
METHODS = ("email", "courier", "hand")


@dataclass(frozen=True)
class DispatchInfo:
    id: int
    note_id: int
    position: int
    recipient_key: str
    recipient_name: str
    email: str
    working_language: str
    state: str
    method: str | None
    message_id: str | None
    attempts: int
    error: str
    sent_at: dt.datetime | None
    sent_by: str


def plan_dispatches(session: Session, row: NoteRow, now: dt.datetime) -> list[Dispatch]:
    """The note's dispatch records, made now if it has none: each member of its addressee (a
    group), else the addressee itself, with the e-mail and working language the directory
    gives."""
    existing = list(
        session.scalars(
            select(Dispatch).where(Dispatch.note_id == row.id).order_by(Dispatch.position)
        )
    )
    if existing:
        return existing
    known = merged(read_entries(session))
    addressee = known.get(row.addressee_key)
    first_language = (row.languages.split() or ["en"])[0]
    made: list[Dispatch] = []
    keys = addressee.members if addressee is not None and addressee.members else ()
    if not keys:
        made.append(
            Dispatch(
                note_id=row.id,
                position=1,
                recipient_key=row.addressee_key,
                recipient_name=listed_name(addressee) if addressee else row.addressee_name,
                email=addressee.email if addressee else "",
                working_language=(addressee.working_language if addressee else "")
                or first_language,
                state=PENDING,
                attempts=0,
                error="",
                created_at=now,
            )
        )
    for position, key in enumerate(keys, start=1):
        member = known.get(key)
        made.append(
            Dispatch(
                note_id=row.id,
                position=position,
                recipient_key=key,
                recipient_name=listed_name(member) if member else key,
                email=member.email if member else "",
                working_language=(member.working_language if member else "") or "en",
                state=PENDING,
                attempts=0,
                error="",
                created_at=now,
            )
        )
    session.add_all(made)
    session.flush()
    return made


def dispatch_infos(session: Session, note_id: int) -> list[DispatchInfo]:
    rows = session.execute(
        select(Dispatch, User.login)
        .outerjoin(User, User.id == Dispatch.sent_by)
        .where(Dispatch.note_id == note_id)
        .order_by(Dispatch.position, Dispatch.id)
    ).all()
    return [
        DispatchInfo(
            item.id,
            item.note_id,
            item.position,
            item.recipient_key,
            item.recipient_name,
            item.email,
            item.working_language,
            item.state,
            item.method,
            item.message_id,
            item.attempts,
            item.error,
            item.sent_at,
            login or "",
        )
        for item, login in rows
    ]
