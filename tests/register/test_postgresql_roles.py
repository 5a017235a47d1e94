"""Issue 13, point 2: on PostgreSQL the server itself refuses, to any client, what the register
never does; `verbale db init-roles` makes an owner role for migrations and an application role
that can neither drop a trigger nor alter a table. Checked with plain `psql` and psycopg as the
application role, and as the superuser (whom only the triggers stop)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.cli import main
from app.domain.workflow import NoteStatus
from app.services.register import Register
from app.services.users import list_users
from app.services.workflow import WorkflowService
from tests.postgresql_server import PostgreSQLServer
from tests.raw_sql import REFUSED, RawDatabase, libpq_url
from tests.register.conftest import plain_renderer
from tests.workflow.conftest import NOW, fill_people, note_in

APP_PASSWORD = "app-role-secret"
OWNER_PASSWORD = "owner-role-secret"


@dataclass(frozen=True)
class Server:
    superuser_url: str
    app_url: str
    owner_url: str
    note_id: int
    revision_id: int


@pytest.fixture(scope="module")
def roles(postgresql_server: PostgreSQLServer) -> Iterator[Server]:
    """A register with an issued note, its roles set up by `verbale db init-roles`."""
    with (
        postgresql_server.database("people", fill_people) as url,
        pytest.MonkeyPatch.context() as env,
    ):
        register = Register.open(url)
        people = {user.login: user for user in list_users(register)}
        workflow = WorkflowService(
            register, clock=lambda: NOW, renderer=plain_renderer, holidays=()
        )
        note_id = note_in(workflow, people, NoteStatus.ISSUED)
        register.close()
        database = make_url(url).database
        env.setenv("VERBALE_OWNER_PASSWORD", OWNER_PASSWORD)
        env.setenv("VERBALE_APP_PASSWORD", APP_PASSWORD)
        owner, app = f"{database}_owner", f"{database}_app"
        assert main(["--db", url, "db", "init-roles", "--owner", owner, "--app", app]) == 0
        (revision_id,) = RawDatabase(url).one(
            "SELECT id FROM note_revisions WHERE note_id = ?", note_id
        )
        as_role = make_url(url)
        yield Server(
            url,
            as_role.set(username=app, password=APP_PASSWORD).render_as_string(False),
            as_role.set(username=owner, password=OWNER_PASSWORD).render_as_string(False),
            note_id,
            int(revision_id),
        )
        postgresql_server.execute(f'DROP OWNED BY "{app}"', f'DROP OWNED BY "{owner}"')
        postgresql_server.drop(url)
        postgresql_server.execute(f'DROP ROLE "{app}"', f'DROP ROLE "{owner}"')


def forbidden(server: Server) -> list[str]:
    """What the application role must be refused: the acceptance's three, and the rest."""
    return [
        f"UPDATE note_texts SET text = 'forged' WHERE revision_id = {server.revision_id}",
        "DELETE FROM audit_log WHERE id = 1",
        "DROP TRIGGER note_texts_frozen_no_update ON note_texts",
        "ALTER TABLE notes DISABLE TRIGGER ALL",
        "ALTER TABLE audit_log ADD COLUMN note text",
        "TRUNCATE audit_log",
        "CREATE TABLE scratch (id integer)",
        "UPDATE status_history SET comment = 'x'",
        "DELETE FROM issued_documents",
        f"DELETE FROM notes WHERE id = {server.note_id}",
    ]


def test_plain_psql_as_the_application_role_is_refused(roles: Server) -> None:
    psql = shutil.which("psql")
    assert psql, "psql comes with the postgresql package (packaging/system-deps.sh)"
    commands = [argument for statement in forbidden(roles) for argument in ("-c", statement)]
    done = subprocess.run(
        [psql, "-X", "-v", "ON_ERROR_STOP=0", libpq_url(roles.app_url), *commands],
        capture_output=True,
        text=True,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == len(forbidden(roles)), done.stderr
    said = "\n".join(errors)
    assert "the texts of an approved note never change" in said
    assert "permission denied for table audit_log" in said
    assert "must be owner of" in said  # DROP TRIGGER, ALTER TABLE
    assert "permission denied for schema public" in said


@pytest.mark.parametrize("who", ["app", "superuser"])
def test_every_guard_refuses_even_the_superuser(roles: Server, who: str) -> None:
    """The triggers stop whoever holds the rights (the superuser owns every table)."""
    url = roles.app_url if who == "app" else roles.superuser_url
    database = RawDatabase(url)
    for statement, said in (
        ("UPDATE note_texts SET text = 'forged' WHERE revision_id = ?", "approved note"),
        ("DELETE FROM note_texts WHERE revision_id = ?", "approved note"),
        ("UPDATE note_revisions SET revision_no = 9 WHERE id = ?", "approved note"),
        ("DELETE FROM note_revisions WHERE id = ?", "approved note"),
    ):
        with pytest.raises(REFUSED, match=said):
            database.execute(statement, roles.revision_id)
    with pytest.raises(REFUSED, match="never deleted"):
        database.execute("DELETE FROM notes WHERE id = ?", roles.note_id)
    with pytest.raises(REFUSED, match="approved note never changes"):
        database.execute("UPDATE notes SET subject = 'forged' WHERE id = ?", roles.note_id)
    if who == "superuser":  # the application role has no UPDATE or DELETE on these at all
        for table, said in (
            ("audit_log", "append-only"),
            ("status_history", "append-only"),
            ("issued_documents", "never changes"),
        ):
            with pytest.raises(REFUSED, match=said):
                database.execute(f"UPDATE {table} SET id = id")
            with pytest.raises(REFUSED, match=said):
                database.execute(f"DELETE FROM {table}")
            with pytest.raises(REFUSED, match="never emptied"):
                database.execute(f"TRUNCATE {table} CASCADE")


def test_the_application_role_works_the_register(roles: Server) -> None:
    """Least privilege is enough: the role drafts, issues and verifies."""
    register = Register.open(roles.app_url)
    try:
        people = {user.login: user for user in list_users(register)}
        workflow = WorkflowService(
            register, clock=lambda: NOW, renderer=plain_renderer, holidays=()
        )
        issued = note_in(workflow, people, NoteStatus.DISPATCHED)
        assert register.load(issued).note.number is not None
        assert register.verify().ok
    finally:
        register.close()
    with psycopg.connect(libpq_url(roles.owner_url)) as owner:  # migrations run as the owner
        owner.execute("ALTER TABLE notes ADD COLUMN scratch integer")
        owner.execute("ALTER TABLE notes DROP COLUMN scratch")
