"""Issue 12, point 3: `verbale demo` never touches a real register, never back-dates the audit
log, never acts as a user without their password; `make run` fills a register of its own."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.register.models import utcnow
from app.services.register import Register
from app.services.users import UserInfo, authenticate, set_password
from app.services.workflow import WorkflowService
from tests.integrity.conftest import Cli
from tests.integrity.test_who_acts import snapshot
from tests.workflow.conftest import note_in

ROOT = Path(__file__).resolve().parents[2]


def test_demo_refuses_a_real_register(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
) -> None:
    # Users but no notes yet: a register being set up is real too.
    before = snapshot(db_path)
    code, _out, err = cli("demo", "--notes", "3", user="admin")
    assert code == 2 and "no demo register: the demo never touches it" in err
    note_in(workflow, people, NoteStatus.ISSUED)
    before = snapshot(db_path)
    for argv in (("demo",), ("demo", "--if-empty"), ("demo", "--notes", "3")):
        code, _out, err = cli(*argv, user="admin")
        assert code == 2 and "no demo register" in err, argv
    assert snapshot(db_path) == before


def test_demo_logs_in_with_passwords_and_never_back_dates(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    started = utcnow() - dt.timedelta(seconds=1)
    code, out, err = cli.bare("--db", f"sqlite:///{path}", "demo", "--notes", "3")
    assert code == 0, err
    assert "the reference note is №PAR/1453" in out and "demo user drafter" in out
    with sqlite3.connect(path) as connection:
        moments = [
            dt.datetime.fromisoformat(at)
            for (at,) in connection.execute("SELECT at FROM audit_log")
        ]
        logins = [
            login
            for (login,) in connection.execute(
                "SELECT user_login FROM audit_log WHERE action = 'login' ORDER BY id"
            )
        ]
        (issued_on,) = connection.execute(
            "SELECT date FROM notes WHERE number_text = 'PAR/1453'"
        ).fetchone()
    assert min(moments) >= started and max(moments) <= utcnow()
    assert logins == ["drafter", "approver", "registrar"]
    assert issued_on == "2023-11-29"  # the note keeps its own date
    # Adding to its own demo register: a login, like any change.
    code, _out, err = cli.bare("--db", f"sqlite:///{path}", "demo", "--notes", "2")
    assert code == 2 and "Say who acts" in err
    code, out, err = cli.bare("--db", f"sqlite:///{path}", "demo", "--notes", "2", user="admin",
                         password="admin-demo")  # fmt: skip
    assert code == 0 and "№PAR/1454" in out, err
    code, out, _err = cli.bare("--db", f"sqlite:///{path}", "demo", "--if-empty")
    assert code == 0 and "nothing added" in out
    # A demo user whose password is no longer the demo's is not acted for.
    register = Register.open(f"sqlite:///{path}")
    admin = authenticate(register, "admin", "admin-demo")
    set_password(register, "drafter", "a password of her own", by=admin)
    register.close()
    code, _out, err = cli.bare(
        "--db", f"sqlite:///{path}", "demo", user="admin", password="admin-demo"
    )
    assert code == 2 and "drafter no longer has the demo's password" in err


def test_the_demo_has_a_file_of_its_own(
    cli: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verbale demo` without --db never fills $VERBALE_DB (the user's register), and
    `make run` fills and opens that file of its own."""
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VERBALE_DB", f"sqlite:///{db_path}")
    before = snapshot(db_path)
    code, out, _err = cli.bare("demo", "--where")
    demo_url = f"sqlite:///{tmp_path / 'data' / 'demo-register.sqlite3'}"
    assert (code, out) == (0, demo_url + "\n")
    code, out, err = cli.bare("demo", "--notes", "1")
    assert code == 0 and f"demo register: {demo_url}" in out, err
    assert snapshot(db_path) == before
    recipe = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    demo = [line for line in recipe if "verbale demo --if-empty" in line]
    gui = [line for line in recipe if line.endswith(" gui")]
    assert demo and "--db" not in demo[0]
    assert gui and '--db "$(.venv/bin/verbale demo --where)"' in gui[0]
