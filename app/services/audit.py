"""The audit log: append-only and hash-chained.

Every entry carries the hash of the entry before it, and its own hash is the SHA-256 of that
previous hash and a canonical serialisation of everything else it records. Triggers refuse
UPDATE and DELETE on SQLite; if they are dropped and an entry is edited, removed or inserted,
`verify_chain` finds where. A chain alone cannot prove that nobody rewrote every later entry or
cut off the newest ones, so each entry also carries a MAC under this computer's audit key, and
each commit moves the register's anchor outside the database on to its newest entry
(app.services.audit_anchor; checked by app.services.audit_checks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.i18n.messages import _
from app.register.models import AuditEntry, NoteRow, utcnow
from app.services.audit_anchor import (
    anchor_after_commit,
    anchor_continues,
    audit_key,
    register_location,
)
from app.services.register import Register

#: The "previous hash" of the first entry.
GENESIS = "0" * 64

#: Action names as stored (English, stable: the chain covers them).
LOGIN = "login"
LOGIN_FAILED = "login failed"
LOCKED_OUT = "locked out"
USER_ADDED = "user added"
PASSWORD_CHANGED = "password changed"
DRAFT_SAVED = "draft saved"
FAILED_ATTEMPT = "failed attempt"
CONSISTENCY_OVERRIDDEN = "consistency overridden"
OBJECTION_RECORDED = "objection recorded"
OUTCOME_SET = "outcome set"
CORRECTION_CREATED = "correction created"
EXPORT = "export"
REGISTER_RESTORED = "register restored"
DEMO_FILLED = "demo filled"


def canonical(value: Any) -> str:
    """The one JSON text of `value` the hash covers: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def password_digest(stored_hash: str | None) -> str:
    """What the audit log records of a password: the SHA-256 of its stored Argon2id hash
    (which is salted: the digest tells nothing of the password), so that `verbale verify`
    finds a hash put in behind the application's back."""
    return hashlib.sha256((stored_hash or "").encode()).hexdigest()


def _naive_utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: dt.datetime,
    user_login: str,
    action: str,
    note_id: int | None,
    detail: str,
) -> str:
    """SHA-256 over the previous hash and the canonical form of the entry's other columns."""
    body = canonical(
        [entry_id, at.isoformat(timespec="microseconds"), user_login, action, note_id, detail]
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(
    session: Session,
    action: str,
    *,
    user_login: str = "",
    note_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Add one entry to the log inside the caller's write transaction (which, on SQLite,
    holds the write lock, so two writers never chain onto the same entry)."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash)
        .order_by(AuditEntry.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    when = _naive_utc(at or utcnow())
    text = canonical(dict(detail or {}))
    entry = AuditEntry(
        id=prev_id + 1,
        at=when,
        user_login=user_login,
        action=action,
        note_id=note_id,
        detail=text,
        prev_hash=prev_hash,
        hash=entry_hash(prev_hash, prev_id + 1, when, user_login, action, note_id, text),
    )
    key = audit_key()
    entry.mac_key = key.id
    entry.mac = key.entry_mac(entry.id, entry.hash)
    session.add(entry)
    session.flush()
    _anchor_when_committed(session, entry)
    return entry


#: session.info keys: the register's anchor location and whether its log still reaches the
#: anchor (read once per transaction), and the newest entry appended in the transaction.
_ANCHOR = "verbale.audit_anchor"
_NEWEST = "verbale.audit_newest"


def _anchor_when_committed(session: Session, entry: AuditEntry) -> None:
    if _ANCHOR not in session.info:
        url = session.get_bind().engine.url.render_as_string(hide_password=False)
        location = register_location(url)

        def stored_hash_of(entry_id: int) -> str | None:
            return session.scalar(select(AuditEntry.hash).where(AuditEntry.id == entry_id))

        continues = location is not None and anchor_continues(location, stored_hash_of)
        session.info[_ANCHOR] = (location, continues)
    session.info[_NEWEST] = (entry.id, entry.hash)


@event.listens_for(Session, "after_commit")
def _move_anchor(session: Session) -> None:
    location, continues = session.info.pop(_ANCHOR, (None, False))
    newest = session.info.pop(_NEWEST, None)
    if location is not None and continues and newest is not None:
        anchor_after_commit(location, *newest)


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _drop_anchor(session: Session, *_previous: object) -> None:
    session.info.pop(_ANCHOR, None)
    session.info.pop(_NEWEST, None)


def record(
    register: Register,
    action: str,
    *,
    user_login: str = "",
    note_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Add one entry in a transaction of its own (for an export, a failed attempt)."""
    with register.db.writing() as session:
        append(session, action, user_login=user_login, note_id=note_id, detail=detail, at=at)


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as a person reads it."""

    id: int
    at: dt.datetime
    user: str
    action: str
    note_id: int | None
    detail: Mapping[str, Any]

    @property
    def comment(self) -> str:
        return str(self.detail.get("comment", "") or "")

    def __str__(self) -> str:
        words = [f"{self.at:%Y-%m-%d %H:%M}", self.user or _("(system)"), self.action]
        if "to" in self.detail:
            words.append(f"{self.detail.get('from') or '—'} → {self.detail['to']}")
        for key in _SHOWN:
            value = self.detail.get(key)
            if value not in (None, "", [], {}):
                words.append(f"{key.replace('_', ' ')}: {value}")
        if self.comment:
            words.append(f"“{self.comment}”")
        return "  ".join(words)


#: Detail keys worth a line of history, in this order (the comment comes last, quoted).
_SHOWN = (
    "attempted",
    "reason",
    "number",
    "party",
    "received_on",
    "reference",
    "login",
    "roles",
    "corrects",
    "by",
    "with",
    "series",
    "next",
    "discrepancies",
)


def _as_record(entry: AuditEntry) -> AuditRecord:
    try:
        detail = json.loads(entry.detail)
    except ValueError:
        detail = {"unreadable": entry.detail}
    return AuditRecord(
        entry.id,
        entry.at,
        entry.user_login,
        entry.action,
        entry.note_id,
        detail if isinstance(detail, dict) else {"value": detail},
    )


def entries(register: Register, note_id: int | None = None) -> list[AuditRecord]:
    """The log in order, or only the entries about one note."""
    with register.db.reading() as session:
        statement = select(AuditEntry).order_by(AuditEntry.id)
        if note_id is not None:
            statement = statement.where(AuditEntry.note_id == note_id)
        return [_as_record(entry) for entry in session.scalars(statement)]


def count_entries(register: Register) -> int:
    with register.db.reading() as session:
        return int(session.scalar(select(func.count(AuditEntry.id))) or 0)


@dataclass(frozen=True)
class ChainHead:
    """The newest entry of the audit log: its number and its hash (what an issued PDF or the
    anchor outside the database records, and later finds again in the chain)."""

    entry_id: int
    hash: str


def chain_head_in(session: Session) -> ChainHead | None:
    """The chain's newest entry as the caller's transaction sees it; None for an empty log."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return ChainHead(int(last[0]), str(last[1])) if last else None


def chain_head(register: Register) -> ChainHead | None:
    """The chain's newest entry now; None for an empty log."""
    with register.db.reading() as session:
        return chain_head_in(session)


def entry_with_hash(register: Register, entry_hash_text: str) -> AuditRecord | None:
    """The entry whose hash is `entry_hash_text`, or None when no entry of the chain has it.
    (Whether the chain itself is whole is `verify_chain`'s question.)"""
    with register.db.reading() as session:
        found = session.scalars(
            select(AuditEntry).where(AuditEntry.hash == entry_hash_text.strip().lower())
        ).first()
        return _as_record(found) if found is not None else None


@dataclass(frozen=True)
class AuditProblem:
    """Something wrong with the chain, found at one entry."""

    entry_id: int
    #: "altered" (contents changed), "removed" (the entries before it are missing: `detail`
    #: says which), "broken" (its link to the entry before does not hold), "status" (a note's
    #: status moved without the workflow), "anchor" (the log no longer reaches this
    #: computer's anchor), "content" (an approved text changed), "users" (a user's row)
    kind: str
    detail: str

    def __str__(self) -> str:
        if self.kind not in ("altered", "broken"):
            return self.detail  # a whole sentence already
        return _("audit log entry {id} {kind}: {detail}").format(
            id=self.entry_id, kind=self.kind, detail=self.detail
        )


def verify_chain(register: Register) -> list[AuditProblem]:
    """Recompute every hash and link; an empty list means the chain is whole."""
    problems: list[AuditProblem] = []
    previous_id, previous_hash = 0, GENESIS
    with register.db.reading() as session:
        stream = session.execute(
            select(
                AuditEntry.id,
                AuditEntry.at,
                AuditEntry.user_login,
                AuditEntry.action,
                AuditEntry.note_id,
                AuditEntry.detail,
                AuditEntry.prev_hash,
                AuditEntry.hash,
            )
            .order_by(AuditEntry.id)
            .execution_options(yield_per=1000)
        )
        for entry_id, at, login, action, note_id, detail, prev_hash, stored in stream:
            expected = entry_hash(prev_hash, entry_id, at, login, action, note_id, detail)
            if expected != stored:
                problems.append(
                    AuditProblem(
                        entry_id,
                        "altered",
                        _("its contents no longer match its hash ({action} by {user})").format(
                            action=action, user=login or _("(system)")
                        ),
                    )
                )
            if entry_id != previous_id + 1:
                if entry_id == previous_id + 2:
                    missing = _(
                        "audit log entry {id} removed: it is missing between entries {before} "
                        "and {after}"
                    ).format(id=previous_id + 1, before=previous_id, after=entry_id)
                else:
                    missing = _(
                        "audit log entries {first}–{last} removed: they are missing between "
                        "entries {before} and {after}"
                    ).format(
                        first=previous_id + 1,
                        last=entry_id - 1,
                        before=previous_id,
                        after=entry_id,
                    )
                problems.append(AuditProblem(entry_id, "removed", missing))
            elif prev_hash != previous_hash:
                problems.append(
                    AuditProblem(
                        entry_id,
                        "broken",
                        _(
                            "it does not follow from entry {id}: that entry was altered or "
                            "replaced, or this one inserted"
                        ).format(id=previous_id),
                    )
                )
            previous_id, previous_hash = entry_id, stored
    return problems


def _transition_of(detail: str) -> tuple[str | None, str | None]:
    """The "from" and "to" an entry's detail records (None where it records none)."""
    try:
        data = json.loads(detail)
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    old, new = data.get("from"), data.get("to")
    return (old if isinstance(old, str) else None), (new if isinstance(new, str) else None)


def _born(action: str, detail: str) -> bool:
    """Whether the entry records its note's creation (a new draft, a correction begun)."""
    if action not in (DRAFT_SAVED, CORRECTION_CREATED):
        return False
    try:
        data = json.loads(detail)
    except ValueError:
        return False
    return isinstance(data, dict) and (
        data.get("new") is True if action == DRAFT_SAVED else "corrects" in data
    )


def verify_statuses(register: Register, transitions: Collection[str]) -> list[AuditProblem]:
    """Notes whose status moved without the workflow. Each note's transitions in the audit log
    (entries whose action is one of `transitions`) must follow on from each other, each one
    starting where the one before left the note (a new draft starts as a draft), and its stored
    status must be where the last one left it. A status set by hand between two transitions is
    found even if the workflow moved the note on since. Notes the log never mentions (older
    than it) are not checked."""
    problems: list[AuditProblem] = []
    with register.db.reading() as session:
        last: dict[int, tuple[int, str]] = {}
        mentioned: set[int] = set()
        numbers = dict(
            session.execute(
                select(NoteRow.id, NoteRow.number_text).where(NoteRow.number_text.is_not(None))
            ).all()
        )
        stream = session.execute(
            select(AuditEntry.id, AuditEntry.note_id, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.note_id.is_not(None))
            .order_by(AuditEntry.id)
            .execution_options(yield_per=1000)
        )
        for entry_id, note_id, action, detail in stream:
            if note_id is None:
                continue
            if note_id not in mentioned:
                mentioned.add(note_id)
                if _born(action, detail):
                    last[note_id] = (0, "draft")  # born under the log: starts as a draft
            if action not in transitions:
                continue
            old, new = _transition_of(detail)
            if new is None:
                continue
            before = last.get(note_id)
            if before is not None and old is not None and old != before[1]:
                note = numbers.get(note_id) or note_id
                if before[0]:
                    text = _(
                        "note {note} was {found} when audit log entry {id} ({action}) was "
                        "written, but entry {before} had left it {expected}: its status was "
                        "changed behind the application's back in between"
                    ).format(
                        note=note,
                        found=old,
                        id=entry_id,
                        action=action,
                        before=before[0],
                        expected=before[1],
                    )
                else:
                    text = _(
                        "note {note} was {found} when audit log entry {id} ({action}) was "
                        "written, but no transition before it had moved it on from draft: its "
                        "status was changed behind the application's back"
                    ).format(note=note, found=old, id=entry_id, action=action)
                problems.append(AuditProblem(entry_id, "status", text))
            last[note_id] = (entry_id, new)
        for note_id, status, number in session.execute(
            select(NoteRow.id, NoteRow.status, NoteRow.number_text).order_by(NoteRow.id)
        ):
            if note_id not in mentioned:
                continue
            entry_id, expected = last.get(note_id, (0, "draft"))
            if status == expected:
                continue
            if entry_id:
                text = _(
                    "note {note} is {status}, but the audit log's last transition (entry "
                    "{id}) left it {expected}: its status was changed behind the application's "
                    "back"
                ).format(note=number or note_id, status=status, id=entry_id, expected=expected)
            else:
                text = _(
                    "note {note} is {status}, but the audit log records no transition of it: "
                    "its status was changed behind the application's back"
                ).format(note=number or note_id, status=status)
            problems.append(AuditProblem(entry_id, "status", text))
    return problems
