"""Issue 13, point 6: `verbale db copy --from sqlite:///... --to postgresql://...` moves a whole
register (notes, revisions, issued PDFs, users, the audit chain); `verify` passes on the copy;
a target that holds anything is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.domain.workflow import NoteStatus
from app.services import audit
from app.services.register import Register
from app.services.users import authenticate, list_users
from app.services.workflow import WorkflowService
from tests.postgresql_server import PostgreSQLServer
from tests.register.conftest import plain_renderer
from tests.workflow.conftest import NOW, PASSWORD, fill_people, note_in


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A SQLite register in use: notes in every state, issued PDFs, an objection."""
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    fill_people(url)
    register = Register.open(url)
    people = {user.login: user for user in list_users(register)}
    workflow = WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer, holidays=())
    for status in ("draft", "submitted", "approved", "issued", "withdrawn"):
        note_in(workflow, people, NoteStatus(status))
    dispatched = note_in(workflow, people, NoteStatus.DISPATCHED)
    workflow.record_objection(
        people["greg"], dispatched, party="Mongolia", received_on=dt.date(2023, 12, 1),
        today=dt.date(2023, 12, 1),
    )  # fmt: skip
    register.close()
    yield url


def _contents(register: Register) -> tuple[object, ...]:
    notes = [register.load(summary.id) for summary in register.search("", sort="id", limit=100)]
    return (
        [(r.id, r.status, r.note.number, r.note.subject, r.version) for r in notes],
        [
            (r.id, d.file_name, register.document(r.id, d.file_name))
            for r in notes
            for d in r.documents
        ],
        [(u.login, u.roles, u.display_name) for u in list_users(register)],
        [(r.id, [(h.to_status, h.at) for h in r.history]) for r in notes],
        audit.count_entries(register),
    )


def test_a_sqlite_register_moves_to_the_server_whole(
    office: str, postgresql_server: PostgreSQLServer, capsys: pytest.CaptureFixture[str]
) -> None:
    target = postgresql_server.new_database()
    try:
        assert main(["db", "copy", "--from", office, "--to", target]) == 0
        out = capsys.readouterr().out
        assert "issued_documents" in out and "note(s) indexed for word search" in out
        source, copy = Register.open(office), Register.open(target)
        try:
            assert _contents(copy) == _contents(source)
            assert audit.verify_chain(copy) == []
            assert copy.verify().ok
            # The copy works on: words found, a login, a new note takes the next id.
            assert {s.id for s in copy.search("Senior Officials")} == {
                s.id for s in source.search("Senior Officials")
            }
            assert authenticate(copy, "dora", PASSWORD).login == "dora"
            people = {user.login: user for user in list_users(copy)}
            workflow = WorkflowService(copy, clock=lambda: NOW, renderer=plain_renderer)
            issued = note_in(workflow, people, NoteStatus.ISSUED)
            assert issued > max(s.id for s in source.search("", limit=100))
        finally:
            source.close()
            copy.close()
        assert main(["--db", target, "verify"]) == 0
        assert capsys.readouterr().out.strip().splitlines()[-1].endswith("entries: ok")
        # A second copy into the register now there is refused.
        assert main(["db", "copy", "--from", office, "--to", target]) == 2
        said = capsys.readouterr().err
        assert "is not empty" in said and "never over another" in said
        assert "verbale-tests" not in said  # the password is never shown
    finally:
        postgresql_server.drop(target)


def test_back_from_the_server_to_a_file(
    office: str, postgresql_server: PostgreSQLServer, tmp_path: Path
) -> None:
    server = postgresql_server.new_database()
    back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    try:
        assert main(["db", "copy", "--from", office, "--to", server]) == 0
        assert main(["db", "copy", "--from", server, "--to", back]) == 0
        original, returned = Register.open(office), Register.open(back)
        try:
            assert _contents(returned) == _contents(original)
            assert returned.verify().ok
        finally:
            original.close()
            returned.close()
    finally:
        postgresql_server.drop(server)
