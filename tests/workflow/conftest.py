"""Registers in real SQLite files with one user per role, a fixed clock, and notes brought
into any workflow state through the service itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.note import Note
from app.domain.workflow import NoteStatus, Role
from app.services.demo import reference_note
from app.services.register import Register
from app.services.users import UserInfo, add_user
from app.services.workflow import WorkflowService
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


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated register with the users added once (Argon2id hashing takes a while)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "register.sqlite3"
    register = Register.open(f"sqlite:///{path}")
    admin: UserInfo | None = None
    for login, roles in USERS.items():
        added = add_user(register, login, PASSWORD, roles, login.title(), by=admin)
        admin = admin or added
    register.ensure_series("PAR", title="Notes verbales", next_running=1453)
    register.close()
    return path


@pytest.fixture
def db_path(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "register.sqlite3"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def register(db_path: Path) -> Iterator[Register]:
    opened = Register.open(f"sqlite:///{db_path}")
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


def stored_status(path: Path, note_id: int) -> str:
    """The status as the SQLite file holds it, read with plain sqlite3."""
    with sqlite3.connect(path) as connection:
        (status,) = connection.execute(
            "SELECT status FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
    return str(status)


def audit_rows(path: Path, note_id: int | None = None) -> list[tuple[str, str, str]]:
    """(user, action, detail) of the audit log as stored, oldest first."""
    with sqlite3.connect(path) as connection:
        if note_id is None:
            rows = connection.execute(
                "SELECT user_login, action, detail FROM audit_log ORDER BY id"
            )
        else:
            rows = connection.execute(
                "SELECT user_login, action, detail FROM audit_log WHERE note_id = ? ORDER BY id",
                (note_id,),
            )
        return [(str(a), str(b), str(c)) for a, b, c in rows]
