"""The register reads its schema revision without Alembic; the constant it compares with must be
Alembic's own head, and a fresh or migrated register must be at it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.register import schema
from app.services.register import Register


def test_head_revision_constant_is_alembics_head(tmp_path: Path) -> None:
    register = Register.open(f"sqlite:///{tmp_path / 'r.sqlite3'}", upgrade=True)
    try:
        assert schema.head_revision(register.db.engine) == schema.HEAD_REVISION
        assert register.schema_revision() == schema.HEAD_REVISION
        assert not register.needs_upgrade()
    finally:
        register.close()


def test_an_empty_file_and_an_older_register_need_upgrading(tmp_path: Path) -> None:
    empty = Register(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        assert empty.schema_revision() is None
        assert empty.needs_upgrade()
    finally:
        empty.close()
    path = tmp_path / "old.sqlite3"
    older = Register.open(f"sqlite:///{path}", upgrade=True)
    older.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    reopened = Register(f"sqlite:///{path}")
    try:
        assert reopened.schema_revision() == "0001"
        assert reopened.needs_upgrade()
    finally:
        reopened.close()
