"""Registers in real SQLite files with one user per role, a fixed clock, and notes brought
into any workflow state through the service itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.note import Note
from app.domain.workflow import NoteStatus, Role
from app.services.demo import reference_note
from app.services.register import Register
from app.services.users import UserInfo, add_user
from app.services.workflow import WorkflowService
from tests.postgresql_server import PostgreSQLServer
from tests.raw_sql import RawDatabase
from tests.register.conftest import plain_renderer

PASSWORD = "correct horse 1453"
#: The reference note's own day, 09:00 in Astana.
NOW = dt.datetime(2023, 11, 29, 4, 0)

#: login -> roles. One user per role, plus a drafter who also approves (four-eyes cases).
USERS: dict[str, tuple[Role, ...]] = {
    "admin": (Role.ADMINISTRATOR,),
    "dora": (Role.DRAFTER,),
    "anna": (Role.APPROVER,),
    "greg": (Role.REGISTRAR,),
    "ada": (Role.DRAFTER, Role.APPROVER),
}
#: The user who holds exactly one role, per role.
ROLE_USER = {
    Role.ADMINISTRATOR: "admin",
    Role.DRAFTER: "dora",
    Role.APPROVER: "anna",
    Role.REGISTRAR: "greg",
}


def fill_people(url: str) -> None:
    """A migrated register at `url` with the users added (Argon2id hashing takes a while) and
    the PAR series continuing at 1453."""
    register = Register.open(url)
    admin: UserInfo | None = None
    for login, roles in USERS.items():
        added = add_user(register, login, PASSWORD, roles, login.title(), by=admin)
        admin = admin or added
    register.ensure_series("PAR", title="Notes verbales", next_running=1453)
    register.close()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated register file with the users added once."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "register.sqlite3"
    fill_people(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_path(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "register.sqlite3"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def register_url(
    register_engine: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[str]:
    """A register with one user per role, on the test's engine (the SQLite one is `db_path`)."""
    if register_engine == "sqlite":
        yield f"sqlite:///{request.getfixturevalue('db_path')}"
        return
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    server: PostgreSQLServer = request.getfixturevalue("postgresql_server")
    with server.database("people", fill_people) as url:
        yield url


@pytest.fixture
def register(register_url: str) -> Iterator[Register]:
    opened = Register.open(register_url)
    yield opened
    opened.close()


@pytest.fixture
def people(register: Register) -> dict[str, UserInfo]:
    from app.services.users import list_users

    return {user.login: user for user in list_users(register)}


@pytest.fixture
def workflow(register: Register) -> WorkflowService:
    return WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer, holidays=())


def the_note(**changes: object) -> Note:
    return dataclasses.replace(reference_note(), **changes)  # type: ignore[arg-type]


def note_in(
    workflow: WorkflowService, people: dict[str, UserInfo], status: NoteStatus | str
) -> int:
    """A new note brought into `status` the way officers would: dora drafts, anna approves,
    greg issues and dispatches."""
    status = NoteStatus(status)
    dora, anna, greg = people["dora"], people["anna"], people["greg"]
    note_id = workflow.save_draft(dora, the_note())
    if status is NoteStatus.DRAFT:
        return note_id
    if status is NoteStatus.WITHDRAWN:
        workflow.withdraw(dora, note_id, "no longer needed")
        return note_id
    workflow.submit(dora, note_id)
    if status is NoteStatus.SUBMITTED:
        return note_id
    if status is NoteStatus.RETURNED:
        workflow.return_for_revision(anna, note_id, "shorten the second paragraph")
        return note_id
    workflow.approve(anna, note_id)
    if status is NoteStatus.APPROVED:
        return note_id
    workflow.issue(greg, note_id)
    if status is NoteStatus.ISSUED:
        return note_id
    workflow.dispatch(greg, note_id)
    return note_id


def stored_status(where: Path | str, note_id: int) -> str:
    """The status as the database holds it, read with plain SQL (a SQLite file or a URL)."""
    (status,) = RawDatabase(where).one("SELECT status FROM notes WHERE id = ?", note_id)
    return str(status)


def audit_rows(where: Path | str, note_id: int | None = None) -> list[tuple[str, str, str]]:
    """(user, action, detail) of the audit log as stored, oldest first."""
    database = RawDatabase(where)
    if note_id is None:
        rows = database.rows("SELECT user_login, action, detail FROM audit_log ORDER BY id")
    else:
        rows = database.rows(
            "SELECT user_login, action, detail FROM audit_log WHERE note_id = ? ORDER BY id",
            note_id,
        )
    return [(str(a), str(b), str(c)) for a, b, c in rows]
