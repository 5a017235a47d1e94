"""Backup of a SQLite register with SQLite's online backup API (restore: app.services.restore).

A backup is safe while the application has the register open: the API copies a consistent
snapshot. The copy is created readable by its owner only (0600, its new folders 0700).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.private_files import private_file
from app.register.location import busy_timeout_seconds, sqlite_path


class BackupError(RuntimeError):
    pass


def register_file(database_url: str) -> Path:
    """The SQLite file of the register at `database_url`; BackupError for a server."""
    return _register_file(database_url)


def _register_file(database_url: str) -> Path:
    path = sqlite_path(database_url)
    if path is None:
        raise BackupError(
            "backup and restore work on a SQLite register file; back a server database up "
            "with its own tools"
        )
    return path


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` reports, plus whether it is a Verbale register at all."""
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            for needed in ("alembic_version", "notes", "issued_documents"):
                if needed not in tables:
                    problems.append(f"not a Verbale register: it has no {needed} table")
            return problems
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [f"{path} is not a readable SQLite database: {error}"]


def backup_register(database_url: str, target: Path) -> Path:
    """Copy the register to `target` with the online backup API; returns the target."""
    source_path = _register_file(database_url)
    if not source_path.is_file():
        raise BackupError(f"there is no register at {source_path}")
    target = Path(target)
    partial = private_file(target.with_name(target.name + ".partial"))
    source = sqlite3.connect(source_path, timeout=busy_timeout_seconds())
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
    finally:
        source.close()
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError("the backup failed its integrity check: " + "; ".join(problems))
    os.replace(partial, target)
    return target
