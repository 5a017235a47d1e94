"""The mark a note receives at issue: a verification code no other note has, and the audit
chain's head at that moment (read inside the issuing transaction, which holds the write lock,
so the head is the `prev_hash` of the issue's own audit entry when the workflow issues)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.verification import IssueMark, VerificationCode
from app.register.models import AuditEntry, NoteRow

#: The head of an empty chain (app.services.audit.GENESIS).
EMPTY_CHAIN = "0" * 64


def chain_head(session: Session) -> str:
    """The hash of the newest audit entry, or EMPTY_CHAIN."""
    head = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return str(head) if head else EMPTY_CHAIN


def unused_code(session: Session) -> VerificationCode:
    """A fresh random code that no issued note has (40 bits: a repeat is one in a trillion
    per issue, but the register's unique index would refuse it, so look first)."""
    while True:
        code = VerificationCode.new()
        taken = session.scalar(
            select(NoteRow.id).where(NoteRow.verification_code == code.characters)
        )
        if taken is None:
            return code


def new_issue_mark(session: Session, now: dt.datetime) -> IssueMark:
    return IssueMark(unused_code(session), chain_head(session), now)
