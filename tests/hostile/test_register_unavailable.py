"""Issue 12, point 15: a register that is busy, misnamed or without its driver is said in a
sentence, never a traceback; a command that only reads never creates a register or a folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.integrity.conftest import Cli

#: About addresses and SQLite's lock, not about what a register holds: one engine is enough.
pytestmark = pytest.mark.sqlite_only

#: Commands that only read, each with the arguments it needs.
READING_COMMANDS = (
    ("register", "search", "1"),
    ("register", "list"),
    ("register", "show", "1"),
    ("register", "export", "out.csv"),
    ("verify",),
    ("deadlines",),
    ("objections", "list", "1"),
    ("note", "history", "1"),
    ("users", "list"),
    ("db", "current"),
    ("addressees", "list"),
    ("addressees", "show", "x"),
)


def test_a_register_busy_past_the_timeout_is_said_in_a_sentence(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_BUSY_TIMEOUT", "0.2")
    other_program = sqlite3.connect(db_path, isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")  # another program is writing and holds the lock
    try:
        code, out, err = cli("register", "series", "NEW", user="admin")
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
    assert code == 1
    assert err.strip() == "the register is busy: another program is writing; try again"
    assert "Traceback" not in err and "sqlite3" not in err
    code, out, _err = cli("register", "series", "NEW", user="admin")
    assert code == 0 and "NEW" in out  # once the other program is done, it works


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("nonsense://x", "the register's address names an unknown kind of database"),
        ("::::", "the register's address is not a database URL"),
        (
            "postgresql+pg8000://clerk:secret@localhost/register",
            "postgresql+pg8000://clerk:***@localhost/register: its database driver (pg8000) "
            "is not installed",
        ),
        ("mysql://clerk@localhost/register", "its database driver (MySQLdb) is not installed"),
    ],
)
@pytest.mark.parametrize("command", [("register", "search", "1"), ("users", "list")])
def test_a_bad_address_or_a_missing_driver_is_said_in_a_sentence(
    cli: Cli, url: str, said: str, command: tuple[str, ...]
) -> None:
    code, _out, err = cli.bare("--db", url, *command)
    assert code == 2
    assert said in err and "Traceback" not in err
    assert "secret" not in err  # a password in the address is never shown


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c))
def test_a_command_that_only_reads_creates_no_register_and_no_folder(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    typo = tmp_path / "typo" / "deeper" / "x.db"
    code, _out, err = cli.bare("--db", f"sqlite:///{typo}", *command)
    assert code == 1
    assert err.strip() == f"there is no register at {typo}"
    assert not (tmp_path / "typo").exists()


def test_the_default_register_is_not_created_by_reading_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "fresh-data"
    monkeypatch.setenv("VERBALE_DATA_DIR", str(data))
    monkeypatch.delenv("VERBALE_DB", raising=False)
    code, _out, err = cli.bare("register", "search", "1453")
    assert (code, err.strip()) == (1, f"there is no register at {data / 'register.sqlite3'}")
    assert not data.exists()


def test_a_file_that_is_no_register_is_said_so(cli: Cli, tmp_path: Path) -> None:
    stranger = tmp_path / "notes.txt"
    stranger.write_text("shopping list\n" * 200)
    code, _out, err = cli.bare("--db", f"sqlite:///{stranger}", "register", "search", "1")
    assert code == 1 and err.strip() == "the file named as the register is not a database"
    assert stranger.read_text() == "shopping list\n" * 200
