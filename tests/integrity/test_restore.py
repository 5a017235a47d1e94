"""Issue 12, points 5 and 6: a restore never undoes or reuses what was issued. Refused onto a
register another process has open; numbers given out after the backup stay used; the restore
is an audit entry naming who; a fake, damaged or tampered file is refused before anything
changes; the safety copy lies beside the register."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from app.domain.workflow import NoteStatus
from app.register.models import Base
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.integrity.conftest import Cli
from tests.integrity.test_who_acts import snapshot
from tests.register.conftest import approved, plain_renderer
from tests.workflow.conftest import NOW, note_in, the_note


def numbers(path: Path) -> dict[int, str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT running, state FROM numbers ORDER BY running")
        return {int(running): str(state) for running, state in rows}


def audit_rows(path: Path) -> list[tuple[str, str, str]]:
    """(user, action, detail) of the audit log, read on a connection closed at once: one left
    open would count as another program's, and the restore would rightly refuse."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT user_login, action, detail FROM audit_log ORDER BY id")
        return [(str(a), str(b), str(c)) for a, b, c in rows]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".restoring-" in p.name)


def test_an_older_backup_restored_keeps_every_number_given_out_since(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path, tmp_path: Path
) -> None:
    first = note_in(workflow, people, NoteStatus.ISSUED)
    backup = tmp_path / "backups" / "monday.sqlite3"
    assert cli("backup", str(backup))[0] == 0
    for _ in range(2):
        note_in(workflow, people, NoteStatus.ISSUED)
    assert numbers(db_path) == {1453: "used", 1454: "used", 1455: "used"}
    before = snapshot(db_path)

    # Who acts: nobody, or somebody who is no administrator, changes nothing.
    code, _out, err = cli("restore", str(backup))
    assert (code, err) == (2, "Say who acts: --user LOGIN or $VERBALE_USER.\n")
    code, _out, err = cli("restore", str(backup), user="greg")
    assert code == 2 and "Only an administrator restores a backup; greg is not one." in err
    after = snapshot(db_path)
    assert after[0] == before[0] and after[2:] == before[2:]
    assert [row[:2] for row in audit_rows(db_path)[-2:]] == [
        ("greg", "login"),
        ("greg", "failed attempt"),
    ]
    assert leftovers(db_path.parent) == []

    workflow.register.close()  # this process's own connections count as a program's too
    code, out, err = cli("restore", str(backup), user="admin")
    assert code == 0, err
    assert "numbers given out after the backup stay used: PAR/1454, PAR/1455" in out
    assert numbers(db_path) == {1453: "used", 1454: "lost", 1455: "lost"}
    register = Register.open(f"sqlite:///{db_path}")
    workflow = WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer, holidays=())
    assert [s.number for s in register.search("", limit=10) if s.number] == ["PAR/1453"]
    assert register.load(first).status == "issued"
    # The next note issued takes a new number, never 1454 again.
    again = note_in(workflow, people, NoteStatus.ISSUED)
    assert str(register.load(again).note.number) == "№PAR/1456"

    # The restore is in the restored log, naming who and what it replaced.
    restored = [row for row in audit_rows(db_path) if row[1] == "register restored"]
    assert len(restored) == 1 and restored[0][0] == "admin"
    detail = json.loads(restored[0][2])
    assert detail["numbers_kept"] == ["PAR/1454", "PAR/1455"]
    safety = Path(detail["safety_copy"])
    assert safety.parent == db_path.parent and safety.is_file()
    # The replaced log's head (admin's login to restore, its last entry) is named.
    with closing(sqlite3.connect(safety)) as connection:
        (head, head_hash, login) = connection.execute(
            "SELECT id, hash, user_login FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert detail["replaced"] == {"entry": head, "hash": head_hash} and login == "admin"
    assert numbers(safety) == {1453: "used", 1454: "used", 1455: "used"}
    assert leftovers(db_path.parent) == []
    code, out, _err = cli("verify")
    assert code == 0, out


def _issue_forever(url: str, ready: multiprocessing.synchronize.Event) -> None:
    register = Register(url)
    while True:
        note_id = approved(register, register.save_draft(the_note()))
        register.issue(note_id, plain_renderer)
        ready.set()


def test_a_register_in_use_is_not_restored(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path, tmp_path: Path
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    backup = tmp_path / "copy.sqlite3"
    assert cli("backup", str(backup))[0] == 0
    workflow.register.close()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    writer = context.Process(target=_issue_forever, args=(f"sqlite:///{db_path}", ready))
    writer.start()
    try:
        assert ready.wait(60)
        code, _out, err = cli("restore", str(backup), user="admin")
        assert code == 2
        assert "is open in another program (the application, or a command running now)" in err
        assert "nothing was changed" in err
    finally:
        writer.kill()
        writer.join()
    # Every issue the writer committed is still there, each with its own number.
    with closing(sqlite3.connect(db_path)) as connection:
        issued = connection.execute(
            "SELECT count(*), count(DISTINCT number_text) FROM notes WHERE status = 'issued'"
        ).fetchone()
        used = connection.execute("SELECT count(*) FROM numbers WHERE state = 'used'").fetchone()
    assert issued[0] == issued[1] == used[0] >= 2
    assert leftovers(db_path.parent) == []
    # Once nobody has it open, the restore goes ahead.
    time.sleep(0.1)
    code, _out, err = cli("restore", str(backup), user="admin")
    assert code == 0, err
    assert len(numbers(db_path)) == used[0]


def _fake_register(path: Path, revision: str) -> None:
    """Every table the register has, by name, with one column each."""
    with closing(sqlite3.connect(path)) as connection, connection:
        for table in Base.metadata.sorted_tables:
            connection.execute(f"CREATE TABLE {table.name} (x)")
        connection.execute("CREATE TABLE alembic_version (version_num)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))


def test_a_fake_damaged_newer_or_tampered_file_is_refused(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path, tmp_path: Path
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    workflow.register.close()
    fake = tmp_path / "fake.sqlite3"
    _fake_register(fake, "0005")
    newer = tmp_path / "newer.sqlite3"
    _fake_register(newer, "0999")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    tampered = tmp_path / "tampered.sqlite3"
    assert cli("backup", str(tampered))[0] == 0
    with closing(sqlite3.connect(tampered)) as connection, connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET user_login = 'ada' WHERE action = 'approve'")
    before = snapshot(db_path)
    for source, expected in (
        (fake, "not a Verbale register: its table users lacks"),
        (newer, "its schema revision 0999 is unknown to this version of Verbale"),
        (damaged, "cannot be restored"),
        (tampered, "altered: its contents no longer match its hash (approve by ada)"),
        (tmp_path / "nowhere.sqlite3", "does not exist"),
    ):
        code, _out, err = cli("restore", str(source), user="admin")
        assert code == 2 and expected in err, (source.name, err)
        assert "Traceback" not in err
    assert snapshot(db_path) == before
    assert leftovers(db_path.parent) == []
    # The register still works: every command reads it.
    assert cli("verify")[0] == 0


def test_a_lost_register_is_restored_from_its_backup(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path, tmp_path: Path
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    backup = tmp_path / "copy.sqlite3"
    assert cli("backup", str(backup))[0] == 0
    new = tmp_path / "new-office" / "register.sqlite3"
    # No register there yet: the administrator logs in to the backup's own users.
    code, out, err = cli.bare("--db", f"sqlite:///{new}", "restore", str(backup), user="admin")
    assert code == 0, err
    assert "restored 1 note(s)" in out and "kept in" not in out
    assert audit_rows(new)[-1][:2] == ("admin", "register restored")
    assert cli.bare("--db", f"sqlite:///{new}", "verify")[0] == 0
    assert leftovers(new.parent) == []
