"""Backup and restore of a SQLite register with SQLite's online backup API.

A backup is safe while the application has the register open: the API copies a consistent
snapshot. A restore checks the copy's integrity and that it is a Verbale register before it
touches anything, then keeps a safety copy of the register it replaces.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.register.engine import BUSY_TIMEOUT_MS
from app.register.location import sqlite_path


class BackupError(RuntimeError):
    pass


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    notes: int


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
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_MS / 1000)
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


def restore_register(
    database_url: str, source: Path, safety_dir: Path | None = None
) -> RestoreResult:
    """Replace the register's content with the backup at `source`, after checking it.

    The register's current content is first saved to `safety_dir` (the user's backups folder
    by default). The copy goes through the backup API into the live file, so other
    connections see either the old register or the restored one.
    """
    target_path = _register_file(database_url)
    source = Path(source)
    problems = integrity_problems(source)
    if problems:
        raise BackupError(f"{source} cannot be restored: " + "; ".join(problems))
    safety: Path | None = None
    if target_path.is_file():
        if safety_dir is None:
            from app.paths import backups_dir

            safety_dir = backups_dir()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        safety = backup_register(
            database_url, safety_dir / f"register-before-restore-{stamp}.sqlite3"
        )
    target_path.parent.mkdir(parents=True, exist_ok=True)
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(target_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = WAL")
            (notes,) = writer.execute("SELECT count(*) FROM notes").fetchone()
            (check,) = writer.execute("PRAGMA quick_check").fetchone()
        finally:
            writer.close()
    finally:
        reader.close()
    if check != "ok":
        raise BackupError(f"the restored register failed its check: {check}")
    return RestoreResult(source, safety, int(notes))
