"""Where a register lives: the file behind a SQLite URL, read without SQLAlchemy (the
application opens a SQLite register's list before SQLAlchemy has loaded)."""

from __future__ import annotations

from pathlib import Path

#: The URL forms of a SQLite file (the pysqlite driver, named or not).
_SQLITE_SCHEMES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///…` URL; None for other databases and in-memory SQLite."""
    for scheme in _SQLITE_SCHEMES:
        if url.startswith(scheme):
            name = url[len(scheme) :].split("?", 1)[0]
            return Path(name) if name and name != ":memory:" else None
    return None
