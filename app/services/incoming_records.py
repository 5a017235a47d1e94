"""Incoming notes written inside the caller's session (app.services.incoming reads them): one
registered by hand, or made by the silence procedure for an objection recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from sqlalchemy.orm import Session

from app.i18n.messages import _
from app.register.models import IncomingNote
from app.register.search import fold
from app.services import audit
from app.services.register import RegisterError
from app.services.users import UserInfo

MAX_PDF_BYTES = 50 * 1024 * 1024
#: The audit action of a note received.
RECEIVED = "incoming received"
_SIGN = re.compile(r"^\s*(?:no\.?|nr\.?|n°|№)\s*", re.IGNORECASE)


def number_key(text: str) -> str:
    """The letters and digits of a number, folded, its sign dropped: `No. 12/345` -> `12345`."""
    return "".join(char for char in fold(_SIGN.sub("", text)) if char.isalnum())


def create_incoming(
    session: Session,
    *,
    number: str,
    date: dt.date,
    sender_key: str = "",
    sender_name: str = "",
    subject: str = "",
    languages: tuple[str, ...] = (),
    received_on: dt.date,
    answer_by: dt.date | None = None,
    pdf: tuple[str, bytes] | None = None,
    procedure_note_id: int | None = None,
    objection_id: int | None = None,
    user: UserInfo | None = None,
    now: dt.datetime,
) -> IncomingNote:
    """One incoming note, inside the caller's write transaction, with its audit entry."""
    if len(pdf[1] if pdf else b"") > MAX_PDF_BYTES:
        raise RegisterError(_("The received PDF is larger than 50 MB."))
    row = IncomingNote(
        number_text=number.strip(),
        number_key=number_key(number),
        date=date,
        sender_key=sender_key,
        sender_name=sender_name.strip(),
        subject=subject.strip(),
        languages=" ".join(languages),
        received_on=received_on,
        answer_by=answer_by,
        file_name=pdf[0] if pdf else None,
        content=pdf[1] if pdf else None,
        sha256=hashlib.sha256(pdf[1]).hexdigest() if pdf else None,
        size=len(pdf[1]) if pdf else None,
        procedure_note_id=procedure_note_id,
        objection_id=objection_id,
        recorded_by=user.id if user else None,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    if objection_id is not None:
        return row  # the objection's own audit entry records it
    audit.append(
        session,
        RECEIVED,
        user_login=user.login if user else "",
        note_id=procedure_note_id,
        detail={
            "incoming": row.id,
            "number": row.number_text,
            "party": row.sender_name or row.sender_key,
            "received_on": received_on.isoformat(),
            "sha256": row.sha256,
        },
        at=now,
    )
    return row
