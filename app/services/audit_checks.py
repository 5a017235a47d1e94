"""The register held against its audit log, and the log against its anchor outside the
database: the checks of `verbale verify` beyond the hash chain itself (app.services.audit).

- every entry's MAC under this computer's audit key (an entry rewritten, or the chain
  recomputed, without the key no longer matches);
- the register's anchor (the newest entry this computer wrote or verified must still be in
  the log, with the hash it had: a tail cut off or a log replaced is found);
- approved notes: the content of each one (its revision, its plans and their rows) still has
  the SHA-256 its approval entry recorded;
- the people: each user's roles, password hash, failed logins and lock-out where the log's
  last word on them left them, and no user the log never added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.workflow import Action
from app.i18n.messages import _, ngettext
from app.register.models import AuditEntry, NoteRevision, NoteRow, PlanRow, PlanTableRow, User
from app.services import audit
from app.services.audit import AuditProblem, password_digest
from app.services.audit_anchor import (
    Anchor,
    AnchorDamaged,
    AuditKey,
    advance_anchor,
    anchor_path,
    audit_key,
    read_anchor,
    register_location,
    set_anchor,
)
from app.services.register import Register


@dataclass(frozen=True)
class AuditFindings:
    """What the checks found: problems (something was changed behind the application's back)
    and notices (what this computer cannot check, said so that nobody reads more into an ok)."""

    problems: tuple[AuditProblem, ...] = ()
    notices: tuple[str, ...] = ()
    #: The log's newest entry (number, hash), or None for an empty log.
    head: tuple[int, str] | None = None
    #: The anchor found, if it held and the log reached it (through a restore's entry, maybe).
    anchor: Anchor | None = None
    anchor_behind_restore: bool = False

    def __add__(self, other: AuditFindings) -> AuditFindings:
        return AuditFindings(
            self.problems + other.problems,
            self.notices + other.notices,
            other.head or self.head,
            other.anchor or self.anchor,
            self.anchor_behind_restore or other.anchor_behind_restore,
        )


# -- MACs -----------------------------------------------------------------------------------


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7 -> "1–3, 7"."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)


def verify_macs(register: Register, key: AuditKey | None = None) -> AuditFindings:
    """Every entry's MAC under this computer's key; entries MAC'd with another computer's key
    are a notice (they cannot be checked here), an entry without a MAC after one with a MAC
    is a problem (the application always writes one)."""
    key = key or audit_key()
    problems: list[AuditProblem] = []
    foreign: dict[str, list[int]] = {}
    seen_mac = False
    head: tuple[int, str] | None = None
    with register.db.reading() as session:
        stream = session.execute(
            select(AuditEntry.id, AuditEntry.hash, AuditEntry.mac_key, AuditEntry.mac)
            .order_by(AuditEntry.id)
            .execution_options(yield_per=2000)
        )
        for entry_id, entry_hash, mac_key, mac in stream:
            head = (int(entry_id), str(entry_hash))
            if mac is None:
                if seen_mac:
                    problems.append(
                        AuditProblem(
                            entry_id,
                            "altered",
                            _(
                                "it has no MAC, though the entries before it have one: it was "
                                "written behind the application's back"
                            ),
                        )
                    )
                continue
            seen_mac = True
            if mac_key != key.id:
                foreign.setdefault(str(mac_key), []).append(entry_id)
            elif not key.holds(str(mac), "entry", entry_id, entry_hash):
                problems.append(
                    AuditProblem(
                        entry_id,
                        "altered",
                        _(
                            "its MAC does not match: it was written or rewritten without this "
                            "computer's audit key"
                        ),
                    )
                )
    notices = tuple(
        _(
            "audit log entries {entries} carry the MAC of another computer's audit key "
            "({key}): this computer cannot check them (copy that key file here to do so)"
        ).format(entries=_ranges(numbers), key=other)
        for other, numbers in foreign.items()
    )
    return AuditFindings(tuple(problems), notices, head)


# -- the anchor -----------------------------------------------------------------------------


def _replaced_heads(register: Register) -> Iterator[tuple[int, str]]:
    """The heads of the logs that restores replaced, as the restores' own entries name them."""
    with register.db.reading() as session:
        for detail in session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == audit.REGISTER_RESTORED)
        ):
            try:
                replaced = json.loads(detail).get("replaced") or {}
                yield int(replaced["entry"]), str(replaced["hash"])
            except (ValueError, KeyError, TypeError, AttributeError):
                continue


def verify_anchor(register: Register, key: AuditKey | None = None) -> AuditFindings:
    """The anchor this computer keeps for the register, held against its log."""
    location = register_location(register.url)
    if location is None:
        return AuditFindings()
    key = key or audit_key()
    with register.db.reading() as session:
        last = session.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        head = (int(last[0]), str(last[1])) if last else None
        try:
            anchor = read_anchor(location)
        except AnchorDamaged as error:
            return AuditFindings((AuditProblem(0, "anchor", str(error)),), head=head)
        if anchor is None:
            if head is None:
                return AuditFindings()
            notice = _(
                "this computer holds no anchor for this register yet (it was written elsewhere, "
                "moved or copied): entries cut off its end before now cannot be found; from "
                "now on its newest entry is anchored in {path}"
            ).format(path=anchor_path(location))
            return AuditFindings(notices=(notice,), head=head)
        if not anchor.holds(key):
            text = _(
                "the audit anchor {path} was not written with this computer's audit key: it "
                "was altered, or the key was replaced"
            ).format(path=anchor_path(location))
            return AuditFindings((AuditProblem(anchor.entry_id, "anchor", text),), head=head)
        found = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == anchor.entry_id))
    if found == anchor.hash:
        return AuditFindings(head=head, anchor=anchor)
    if (anchor.entry_id, anchor.hash) in set(_replaced_heads(register)):
        return AuditFindings(head=head, anchor=anchor, anchor_behind_restore=True)
    newest = head[0] if head else 0
    if found is None and newest < anchor.entry_id:
        text = _(
            "the audit log ends at entry {newest}, but this computer saw entry {anchored}: "
            "entries {first}–{anchored} were cut off the log"
        ).format(newest=newest, anchored=anchor.entry_id, first=newest + 1)
    else:
        text = _(
            "audit log entry {anchored} is not the entry this computer saw there (its hash "
            "was {hash}…): the log was rewritten from there on, or replaced by another"
        ).format(anchored=anchor.entry_id, hash=anchor.hash[:12])
    return AuditFindings((AuditProblem(anchor.entry_id, "anchor", text),), head=head)


def anchor_sound_log(register: Register, findings: AuditFindings) -> None:
    """After a verify that found nothing wrong: anchor the log's newest entry here (the
    anchor moves forward only, or to a restored log whose restore entry names the old one)."""
    location = register_location(register.url)
    if location is None or findings.head is None or findings.problems:
        return
    if findings.anchor_behind_restore:
        set_anchor(location, *findings.head)
    else:
        advance_anchor(location, *findings.head)


# -- the people -----------------------------------------------------------------------------


@dataclass
class _Expected:
    """What the log's entries so far say one user's row holds."""

    added: bool = False
    roles: str | None = None
    password: str | None = None
    failed: int | None = None
    locked_until: dt.datetime | None = None
    lock_known: bool = False
    entries: list[int] = field(default_factory=list)


def _detail(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _moment(text: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def verify_users(register: Register) -> list[AuditProblem]:
    """Each user's roles, password hash, failed logins and lock-out against the log's last
    word on them; users the log never added (once it records the first one)."""
    people: dict[str, _Expected] = {}
    born_under_log = False
    with register.db.reading() as session:
        stream = session.execute(
            select(AuditEntry.id, AuditEntry.user_login, AuditEntry.action, AuditEntry.detail)
            .where(
                AuditEntry.action.in_(
                    (
                        audit.USER_ADDED,
                        audit.PASSWORD_CHANGED,
                        audit.LOGIN,
                        audit.LOGIN_FAILED,
                        audit.LOCKED_OUT,
                    )
                )
            )
            .order_by(AuditEntry.id)
            .execution_options(yield_per=2000)
        )
        for entry_id, login, action, text in stream:
            detail = _detail(text)
            subject = str(detail.get("login", "")) if action in _ABOUT_OTHERS else login
            if not subject:
                continue
            expected = people.setdefault(subject, _Expected())
            expected.entries.append(entry_id)
            if action == audit.USER_ADDED:
                born_under_log = born_under_log or detail.get("first") is True
                expected.added = True
                expected.roles = str(detail.get("roles", "")) or None
                expected.password = detail.get("password") or expected.password
                expected.failed, expected.locked_until, expected.lock_known = 0, None, True
            elif action == audit.PASSWORD_CHANGED:
                expected.password = detail.get("password") or None
                expected.failed, expected.locked_until, expected.lock_known = 0, None, True
            elif action == audit.LOGIN:
                if detail.get("password"):
                    expected.password = str(detail["password"])
                expected.failed, expected.locked_until, expected.lock_known = 0, None, True
            elif action == audit.LOCKED_OUT:
                expected.failed, expected.lock_known = 0, True
                expected.locked_until = _moment(detail.get("until"))
            elif detail.get("reason") == "wrong password" and isinstance(
                detail.get("failures"), int
            ):
                expected.failed = int(detail["failures"])
        rows = session.execute(
            select(
                User.id,
                User.login,
                User.roles,
                User.password_hash,
                User.failed_logins,
                User.locked_until,
                User.active,
            ).order_by(User.id)
        ).all()
        count = session.scalar(select(func.count(AuditEntry.id))) or 0
    problems: list[AuditProblem] = []
    if not count:
        return problems

    def found(login: str, what: str, entry: int) -> None:
        problems.append(
            AuditProblem(
                entry,
                "users",
                _(
                    "user {login}: {what}, which the audit log never recorded: changed behind "
                    "the application's back"
                ).format(login=login, what=what),
            )
        )

    for _user_id, login, roles, password_hash, failed, locked_until, active in rows:
        person = people.get(login)
        if person is None or not person.added:
            if born_under_log:
                found(login, _("the user is in the register"), 0)
            continue
        expected = person
        last = expected.entries[-1]
        if expected.roles is not None and set(roles.split()) != set(expected.roles.split()):
            found(login, _("roles {roles}").format(roles=roles or "—"), last)
        if expected.password is not None and password_digest(password_hash) != expected.password:
            found(login, _("a password other than the last one set"), last)
        if expected.failed is not None and (failed or 0) != expected.failed:
            count = failed or 0
            found(
                login,
                ngettext(
                    "{count} failed login in a row", "{count} failed logins in a row", count
                ).format(count=count),
                last,
            )
        if expected.lock_known and locked_until != expected.locked_until:
            text = (
                _("locked until {until}").format(until=locked_until.isoformat(" ", "minutes"))
                if locked_until is not None
                else _("not locked out")
            )
            found(login, text, last)
        if not active:
            found(login, _("deactivated"), last)
    return problems


#: Entries whose `detail.login` names the user concerned (`user_login` is whoever acted).
_ABOUT_OTHERS = frozenset({audit.USER_ADDED, audit.PASSWORD_CHANGED})


# -- approved content -------------------------------------------------------------------------


def approved_content_digest(session: Session, note_id: int) -> str | None:
    """The SHA-256 of a note's current content as stored: its revision's data, its plans and
    their rows, in a canonical form. The approval entry records it; verify compares."""
    row = session.get(NoteRow, note_id)
    if row is None:
        return None
    revision = session.execute(
        select(NoteRevision.id, NoteRevision.data).where(
            NoteRevision.note_id == note_id, NoteRevision.revision_no == row.revision_no
        )
    ).first()
    if revision is None:
        return None
    plans = []
    for plan_id, position, title, data in session.execute(
        select(PlanRow.id, PlanRow.position, PlanRow.title, PlanRow.data)
        .where(PlanRow.revision_id == revision[0])
        .order_by(PlanRow.position, PlanRow.id)
    ):
        rows = [
            [position_, kind, level, numbering, cells]
            for position_, kind, level, numbering, cells in session.execute(
                select(
                    PlanTableRow.position,
                    PlanTableRow.kind,
                    PlanTableRow.level,
                    PlanTableRow.numbering,
                    PlanTableRow.cells,
                )
                .where(PlanTableRow.plan_id == plan_id)
                .order_by(PlanTableRow.position)
            )
        ]
        plans.append([position, title, data, rows])
    text = audit.canonical([revision[1], plans])
    return hashlib.sha256(text.encode()).hexdigest()


def verify_approved_content(register: Register) -> list[AuditProblem]:
    """Each note whose approval entry recorded its content: the content is still that."""
    problems: list[AuditProblem] = []
    with register.db.reading() as session:
        recorded: dict[int, tuple[int, str]] = {}
        for entry_id, note_id, detail in session.execute(
            select(AuditEntry.id, AuditEntry.note_id, AuditEntry.detail)
            .where(AuditEntry.action == Action.APPROVE.value, AuditEntry.note_id.is_not(None))
            .order_by(AuditEntry.id)
        ):
            digest = _detail(detail).get("content")
            if note_id is not None and isinstance(digest, str):
                recorded[int(note_id)] = (int(entry_id), digest)
        for note_id, (entry_id, digest) in recorded.items():
            row = session.get(NoteRow, note_id)
            if row is None or row.status not in _APPROVED_OR_LATER:
                continue  # corrected into a new note, or the status walk reports it
            if approved_content_digest(session, note_id) != digest:
                problems.append(
                    AuditProblem(
                        entry_id,
                        "content",
                        _(
                            "note {note}'s text is not the text approved in audit log entry "
                            "{id}: it was changed behind the application's back"
                        ).format(note=row.number_text or note_id, id=entry_id),
                    )
                )
    return problems


_APPROVED_OR_LATER = frozenset({"approved", "issued", "dispatched", "withdrawn"})
