"""The register's commands, as an officer runs them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.cli import register as register_commands
from app.cli import verify as verify_commands
from app.register.revision import HEAD_REVISION
from app.services.register import Register
from tests.register.conftest import issue_reference


def run(capsys: pytest.CaptureFixture[str], db_url: str, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="verbale")
    parser.add_argument("--db")
    commands = parser.add_subparsers(dest="command")
    register_commands.add_parser(commands)
    verify_commands.add_parser(commands)
    args = parser.parse_args(["--db", db_url, *argv])
    code = args.handler(args)
    return code, capsys.readouterr().out


def test_search_prints_the_number_first(
    register: Register, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    issue_reference(register)
    code, out = run(capsys, db_url, "register", "search", "РАR/1453")
    assert code == 0
    assert out.startswith("PAR/1453        2023-11-29  issued")
    code, out = run(capsys, db_url, "register", "search", "кеңес")
    assert out.startswith("PAR/1453")


def test_search_dates_typed_as_people_write_them(
    register: Register, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    issue_reference(register)
    code, out = run(capsys, db_url, "register", "search", "--from", "29.11.2023", "1453")
    assert code == 0 and out.startswith("PAR/1453")
    code, out = run(capsys, db_url, "register", "search", "--from", "30 ноября 2023", "1453")
    assert "PAR/1453" not in out  # dated before the 30th
    with pytest.raises(SystemExit):
        run(capsys, db_url, "register", "search", "--to", "31.11.2023", "1453")
    said = capsys.readouterr().err
    assert "“31.11.2023”: November 2023 has no day 31." in said


def test_show_list_verify(
    register: Register, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issue_reference(register)
    code, out = run(capsys, db_url, "register", "show", "par 1453", "--save-pdfs", str(tmp_path))
    assert code == 0
    assert "Number:     №PAR/1453" in out
    assert (tmp_path / "PAR-1453_kk.pdf").read_bytes().startswith(b"%PDF")
    code, out = run(capsys, db_url, "register", "list", "--status", "issued")
    assert out.splitlines()[0].startswith("PAR/1453")
    code, out = run(capsys, db_url, "verify")
    assert code == 0
    assert out.strip().splitlines() == [
        "4 document(s) of 1 note(s): ok",
        "audit log, 0 entries: ok",
    ]


def test_db_upgrade_and_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    code, out = run(capsys, url, "db", "upgrade")
    assert code == 0 and HEAD_REVISION in out
    code, out = run(capsys, url, "db", "current")
    assert out.strip() == HEAD_REVISION
    code, out = run(capsys, url, "demo", "--notes", "20")
    assert code == 0 and "21 note(s) added" in out
    code, out = run(capsys, url, "demo", "--if-empty")
    assert "nothing added" in out


def test_synthetic_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'big.sqlite3'}"
    code, _out = run(capsys, url, "demo", "--synthetic", "3000")
    assert code == 0
    register = Register(url)
    assert register.count() == 3000
    assert register.search("№ PAR/1453")[0].subject.startswith("Draft Action Plan")
    first = register.search("", sort="-number", limit=1)[0]
    assert first.number == "PAR/3000"
    assert register.load(first.id).note.addressee.forms["en"].nominative.startswith("the Embassy")
    assert register.allocate_number("PAR").running == 3001
