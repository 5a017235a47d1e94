"""The register's rules are one list (app.register.guards): the triggers each engine holds are
the ones the list makes, and a table added later gets its rules by one line."""

from __future__ import annotations

import sqlite3

import pytest

from app.register import guards
from app.register.revision import HEAD_REVISION
from app.services.register import Register
from tests.raw_sql import RawDatabase


def test_each_engine_holds_the_list_s_triggers(register: Register, register_url: str) -> None:
    database = RawDatabase(register_url)
    if database.postgresql:
        held = {
            name
            for (name,) in database.rows(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname NOT LIKE "
                "'%\\_no\\_truncate' AND tgname <> 'notes_changed_notify'"
            )
        }
        assert {guard.name for guard in guards.postgresql_guards(HEAD_REVISION)} <= held
        truncating = database.rows(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%\\_no\\_truncate'"
        )
        assert truncating[0][0] >= len({g.table for g in guards.postgresql_guards(HEAD_REVISION)})
    else:
        path = register.sqlite_file
        assert path is not None
        with sqlite3.connect(path) as connection:
            held = dict(
                connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            )
        for guard in guards.all_guards():
            assert held[guard.name] == guard.sqlite_statement()


def test_a_later_table_gets_its_rules_by_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        guards.APPEND_ONLY,
        "receipts",
        ("a receipt never changes", "EXISTS (SELECT 1 FROM receipts WHERE id = NEW.id)", "0099"),
    )
    added = guards.guards_since("0099")
    assert [(g.name, g.event) for g in added] == [
        ("receipts_no_update", "UPDATE"),
        ("receipts_no_delete", "DELETE"),
        ("receipts_no_replace", "INSERT"),
    ]
    made: list[str] = []
    guards.install_guards(made.append, "postgresql", "0099")
    assert any("CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts" in s for s in made)
    assert any("CREATE TRIGGER receipts_no_truncate" in s for s in made)
    assert not any("receipts_no_replace" in s for s in made)  # INSERT OR REPLACE: SQLite's
    made.clear()
    guards.install_guards(made.append, "sqlite", "0099")
    assert "CREATE TRIGGER receipts_no_replace BEFORE INSERT ON receipts WHEN" in made[-1]
