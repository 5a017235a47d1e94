"""A register to try things out: the reference note №PAR/1453 and synthetic notes.

`fill_demo` works on an empty register or on a demo register it filled before, never on a
real one; its users log in with their (public) demo passwords like anyone, and its audit
entries carry the real time. `synthetic_register` writes many notes fast with raw
`executemany` (a million in about a minute), for benchmarks and for trying the GUI on a
register of realistic size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.domain.note import Note
from app.domain.parties import Addressee, AddresseeForms
from app.domain.workflow import Role
from app.i18n.messages import _
from app.paths import resources_dir
from app.register.codec import addressee_to_dict, note_to_dict, sender_to_dict
from app.register.search import index_text
from app.services import audit
from app.services.addressee_file import addressee_directory
from app.services.incoming import IncomingRegister
from app.services.note_file import load_note, load_sender_profile
from app.services.register import Register, RegisterError
from app.services.series import set_up_series
from app.services.users import (
    LoginRefused,
    UserInfo,
    add_user,
    authenticate,
    has_users,
    hash_password,
    list_users,
)
from app.services.workflow import WorkflowService

REFERENCE_NUMBER = 1453

# The reference sender and addressee come from the shipped profile and directory.
CICA = load_sender_profile("cica-secretariat")

MEMBER_STATES = addressee_directory()["cica-member-states"]


def reference_note() -> Note:
    """The reference note №PAR/1453 with its Action Plan, from resources/examples/par-1453.toml
    (as a draft: the register gives it its number)."""

    note = load_note(resources_dir() / "examples" / "par-1453.toml")
    return dataclasses.replace(note, number=None)


_SUBJECTS_EN = (
    "Draft {doc} on {topic}",
    "Transmittal of the {doc} on {topic}",
    "Invitation to the meeting on {topic}",
    "Comments of the Secretariat on {topic}",
    "Silence procedure: {doc} on {topic}",
)
_DOCS = ("Action Plan", "Concept Paper", "Report", "Declaration", "Programme", "Statement")
_TOPICS = (
    "confidence building measures",
    "countering terrorism",
    "illicit trafficking in narcotic drugs",
    "economic cooperation",
    "environmental protection",
    "energy security",
    "digital connectivity",
    "humanitarian dimension",
    "tourism development",
    "food security",
    "migration",
    "public health",
    "youth policy",
    "sustainable transport",
)
_RU_WORDS = [
    "секретариат",
    "совещание",
    "взаимодействие",
    "доверие",
    "государства",
    "члены",
    "проект",
    "план",
    "мероприятий",
    "меморандум",
    "сотрудничество",
    "безопасность",
    "терроризм",
    "наркотики",
    "экономика",
    "энергетика",
    "туризм",
    "молодёжь",
    "здравоохранение",
    "транспорт",
    "продовольствие",
    "миграция",
    "отчёт",
    "декларация",
    "заявление",
]
_KK_WORDS = [
    "кеңесінің",
    "хатшылығы",
    "мемлекеттер",
    "жоспар",
    "жобасы",
    "ынтымақтастық",
    "қауіпсіздік",
    "терроризм",
    "экономика",
    "энергетика",
    "туризм",
    "жастар",
    "денсаулық",
    "көлік",
    "азық-түлік",
    "көші-қон",
    "есеп",
    "мәлімдеме",
]
_STATES = (
    "Republic of Kazakhstan",
    "People's Republic of China",
    "Russian Federation",
    "Republic of India",
    "Islamic Republic of Pakistan",
    "Republic of Türkiye",
    "Mongolia",
    "Republic of Azerbaijan",
    "Kyrgyz Republic",
    "Republic of Tajikistan",
    "Republic of Uzbekistan",
    "Kingdom of Thailand",
    "Socialist Republic of Viet Nam",
    "State of Qatar",
)


#: The demo register's people: login, password, roles. Passwords printed by `verbale demo`;
#: for trying the application only.
DEMO_USERS: tuple[tuple[str, str, tuple[Role, ...], str], ...] = (
    ("admin", "admin-demo", (Role.ADMINISTRATOR,), "Administrator"),
    ("drafter", "drafter-demo", (Role.DRAFTER,), "Desk officer"),
    ("approver", "approver-demo", (Role.APPROVER,), "Head of department"),
    ("registrar", "registrar-demo", (Role.REGISTRAR,), "Registry"),
)

#: The day the reference note went through its workflow (its own date, Astana).
REFERENCE_DAY = dt.datetime(2023, 11, 29, 6, 0)


@dataclass(frozen=True)
class DemoResult:
    reference_id: int
    notes: int
    #: The demo users added now (login -> password); empty if the register had them already.
    users: tuple[tuple[str, str], ...] = ()


class DemoRefused(RegisterError):
    """`fill_demo` refused: the register is not empty and not a demo register."""


@functools.cache
def _hash(password: str) -> str:
    # The demo passwords are public; hashing each once per process keeps filling many demo
    # registers from spending a second on Argon2 every time.
    return hash_password(password)


def demo_users(register: Register) -> dict[str, UserInfo]:
    """The demo users, added if the register has no users yet (the first is the
    administrator); an existing register's users are looked up by the same logins."""
    found: dict[str, UserInfo] = {}
    if not has_users(register):
        admin: UserInfo | None = None
        for login, password, roles, name in DEMO_USERS:
            found[login] = add_user(
                register, login, password, roles, name, by=admin, password_hash=_hash(password)
            )
            admin = admin or found[login]
        return found
    known = {user.login: user for user in list_users(register)}
    return {login: known[login] for login, *_rest in DEMO_USERS if login in known}


def register_kind(register: Register) -> str:
    """ "empty" (no notes, no users), "demo" (filled by `fill_demo`: its audit log says so) or
    "real" (anything else: `verbale demo` never touches it). Read without migrating it."""
    with register.db.reading() as session:
        tables = set(sa.inspect(session.connection()).get_table_names())
        if "notes" not in tables:
            return "empty"
        notes = session.scalar(sa.text("SELECT count(*) FROM notes")) or 0
        users = session.scalar(sa.text("SELECT count(*) FROM users")) if "users" in tables else 0
        if not notes and not users:
            return "empty"
        if "audit_log" in tables and session.scalar(
            sa.text("SELECT 1 FROM audit_log WHERE action = :demo LIMIT 1"),
            {"demo": audit.DEMO_FILLED},
        ):
            return "demo"
        return "real"


def _log_in(register: Register, login: str) -> UserInfo:
    """A demo user logged in with the demo password, as anyone else logs in."""
    password = next(word for name, word, *_rest in DEMO_USERS if name == login)
    try:
        return authenticate(register, login, password)
    except LoginRefused:
        raise DemoRefused(
            _(
                "The demo user {login} no longer has the demo's password (or is locked out); "
                "fill a new demo register instead."
            ).format(login=login)
        ) from None


def fill_demo(
    register: Register, synthetic: int = 300, seed: int = 1453, *, by: UserInfo | None = None
) -> DemoResult:
    """The demo on an empty register (its users made with the demo's passwords) or on a demo
    register this made before: each demo user logs in with their password, then the reference
    note goes through the workflow to №PAR/1453 dispatched, then `synthetic` drafts in the PAR
    and DIR series. Every audit entry carries the real time (the notes their own dates).
    Refused (`DemoRefused`) on any other register. `by`: who runs the demo (logged in), named
    in its audit entry."""
    kind = register_kind(register)
    if kind == "real":
        raise DemoRefused(
            _(
                "This register has notes or users and is no demo register: the demo never "
                "touches it. Fill a register of its own (verbale --db sqlite:///demo.sqlite3 "
                "demo)."
            )
        )
    register.upgrade()
    added = kind == "empty" and not has_users(register)
    if added:
        demo_users(register)
    people = {login: _log_in(register, login) for login in ("drafter", "approver", "registrar")}
    series = {info.prefix for info in register.list_series()}
    if "PAR" not in series:
        set_up_series(
            register,
            people["registrar"],
            "PAR",
            title="Notes verbales",
            next_running=REFERENCE_NUMBER,
        )
    if "DIR" not in series:
        set_up_series(register, people["registrar"], "DIR", title="Directives", yearly_reset=True)
    # The reference note goes the real way: drafted, submitted, approved, issued, dispatched.
    # Its deadline (29 December 2023) is reckoned from its own day; the clock stays the real one.
    workflow = WorkflowService(register, today=REFERENCE_DAY.date())
    reference_id = workflow.save_draft(people["drafter"], reference_note())
    workflow.submit(people["drafter"], reference_id)
    workflow.approve(people["approver"], reference_id)
    workflow.issue(people["registrar"], reference_id)
    workflow.dispatch(people["registrar"], reference_id)
    # A note received, so the register window's search and Correspondence › Notes received
    # have one to find (type 12-345).
    IncomingRegister(workflow).add(
        people["registrar"],
        number="No. 12-345/2023",
        date=dt.date(2023, 12, 5),
        sender_key="mfa-india",
        received_on=dt.date(2023, 12, 7),
        subject="Proposals for the agenda of the meeting of the CICA Senior Officials Committee",
        languages=("en",),
        answer_by=dt.date(2023, 12, 21),
    )
    rng = random.Random(seed)
    start = dt.date(2023, 1, 9)
    for index in range(synthetic):
        parts = _synthetic_row(rng, index, start)
        addressee = _state_addressee(rng.choice(_STATES))
        day = start + dt.timedelta(days=index * 700 // max(synthetic, 1))
        note = Note(
            note_type="free_text",
            languages=("en", "ru", "kk"),
            sender=CICA,
            addressee=addressee,
            date=day,
            series=rng.choice(("PAR", "PAR", "PAR", "DIR")),
            subject=parts["subject"],
            body={"en": (parts["subject"] + ".",), "ru": (parts["ru"],), "kk": (parts["kk"],)},
            objection_deadline=day + dt.timedelta(days=30) if index % 7 == 0 else None,
        )
        workflow.save_draft(people["drafter"], note)
    audit.record(
        register,
        audit.DEMO_FILLED,
        user_login=by.login if by is not None else "",
        detail={"reference": reference_id, "drafts": synthetic},
    )
    passwords = tuple((login, password) for login, password, *_rest in DEMO_USERS) if added else ()
    return DemoResult(reference_id, synthetic + 1, passwords)


def _state_addressee(name: str) -> Addressee:
    key = "embassy-" + "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    forms = AddresseeForms(
        nominative=f"the Embassy of the {name}",
        dative=f"the Embassy of the {name}",
        genitive=f"the Embassy of the {name}",
    )
    return Addressee(key=key, kind="embassy", forms={"en": forms})


def _synthetic_row(rng: random.Random, index: int, start: dt.date) -> dict[str, str]:
    doc = rng.choice(_DOCS)
    topic = rng.choice(_TOPICS)
    subject = rng.choice(_SUBJECTS_EN).format(doc=doc, topic=topic) + f" ({index})"
    body_ru = " ".join(rng.choices(_RU_WORDS, k=8))
    body_kk = " ".join(rng.choices(_KK_WORDS, k=6))
    return {"subject": subject, "ru": body_ru, "kk": body_kk}


def synthetic_register(
    path: Path,
    count: int,
    *,
    seed: int = 1453,
    batch: int = 20_000,
    progress: Callable[[int, int], None] | None = None,
) -> Register:
    """A register file with `count` issued synthetic notes in series PAR, written with raw
    executemany in large transactions (no PDFs). The reference note's number PAR/1453 is one of
    them, with the reference note's subject."""
    register = Register.open(f"sqlite:///{path}")
    register.ensure_series("PAR", title="Notes verbales")
    register.save_addressee(MEMBER_STATES)
    states = [_state_addressee(name) for name in _STATES]
    for addressee in states:
        register.save_addressee(addressee)
    register.close()
    rng = random.Random(seed)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -200000")
        connection.execute(
            "INSERT INTO sender_profiles(key, data) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            ("cica", json.dumps(sender_to_dict(CICA), ensure_ascii=False)),
        )
        (series_id,) = connection.execute("SELECT id FROM series WHERE prefix = 'PAR'").fetchone()
        (first_id,) = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM notes").fetchone()
        (first_revision,) = connection.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM note_revisions"
        ).fetchone()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        start = dt.date(2005, 1, 10)
        span_days = (dt.date(2025, 12, 20) - start).days
        reference = note_to_dict(reference_note())
        done = 0
        while done < count:
            size = min(batch, count - done)
            notes, revisions, texts, fts, numbers, history = [], [], [], [], [], []
            for offset in range(size):
                index = done + offset
                note_id = first_id + index
                revision_id = first_revision + index
                running = index + 1
                day = start + dt.timedelta(days=index * span_days // max(count, 1))
                if running == REFERENCE_NUMBER:
                    subject = str(reference["subject"])
                    addressee = MEMBER_STATES
                    day = dt.date(2023, 11, 29)
                    ru, kk = "секретариат совещания план мероприятий", "Азия Кеңесінің Хатшылығы"
                else:
                    parts = _synthetic_row(rng, index, start)
                    subject, ru, kk = parts["subject"], parts["ru"], parts["kk"]
                    addressee = states[index % len(states)]
                deadline = (day + dt.timedelta(days=30)).isoformat() if index % 9 == 0 else None
                listed = addressee.forms["en"].nominative
                number_text = f"PAR/{running}"
                notes.append(
                    (
                        note_id, series_id, "PAR", running, 0, number_text,
                        "free_text", "en ru kk", day.isoformat(), subject, addressee.key,
                        listed, "cica", deadline, "issued", 1, now, now, now,
                    )
                )  # fmt: skip
                data = {
                    "format": 1,
                    "note_type": "free_text",
                    "languages": ["en", "ru", "kk"],
                    "sender": {"ref": "cica"},
                    "addressee": {"ref": addressee.key},
                    "date": day.isoformat(),
                    "series": "PAR",
                    "number": number_text,
                    "subject": subject,
                    "body": {"en": [subject + "."], "ru": [ru], "kk": [kk]},
                    "objection_deadline": deadline,
                }
                revisions.append(
                    (revision_id, note_id, 1, json.dumps(data, ensure_ascii=False), now)
                )
                texts.extend(
                    [(revision_id, "en", subject), (revision_id, "ru", ru), (revision_id, "kk", kk)]
                )
                fts.append(
                    (note_id, index_text(f"{number_text} PAR-{running}", subject, listed, ru, kk))
                )
                numbers.append((series_id, 0, running, "used", note_id, now, ""))
                history.append((note_id, None, "issued", now, ""))
            connection.execute("BEGIN")
            connection.executemany(
                "INSERT INTO notes(id, series_id, prefix, running, number_year, number_text, "
                "note_type, languages, date, subject, addressee_key, addressee_name, sender_key, "
                "objection_deadline, status, revision_no, created_at, updated_at, issued_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                notes,
            )
            connection.executemany(
                "INSERT INTO note_revisions(id, note_id, revision_no, data, saved_at) "
                "VALUES (?,?,?,?,?)",
                revisions,
            )
            connection.executemany(
                "INSERT INTO note_texts(revision_id, language, text) VALUES (?,?,?)", texts
            )
            connection.executemany("INSERT INTO note_fts(rowid, body) VALUES (?,?)", fts)
            connection.executemany(
                "INSERT INTO numbers(series_id, year, running, state, note_id, allocated_at, "
                "reason) VALUES (?,?,?,?,?,?,?)",
                numbers,
            )
            connection.executemany(
                "INSERT INTO status_history(note_id, from_status, to_status, at, comment) "
                "VALUES (?,?,?,?,?)",
                history,
            )
            connection.execute("COMMIT")
            done += size
            if progress:
                progress(done, count)
        connection.execute(
            "INSERT INTO series_counters(series_id, year, last_running) VALUES (?, 0, ?) "
            "ON CONFLICT(series_id, year) DO UPDATE SET last_running = "
            "max(last_running, excluded.last_running)",
            (series_id, count),
        )
        connection.execute("INSERT INTO note_fts(note_fts) VALUES ('optimize')")
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    _ = addressee_to_dict  # the directory's serialised form, kept in step with the codec
    return Register.open(f"sqlite:///{path}")
