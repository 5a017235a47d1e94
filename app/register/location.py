"""Where a register lives: the file behind a SQLite URL, read without SQLAlchemy (the
application opens a SQLite register's list before SQLAlchemy has loaded)."""

from __future__ import annotations

import os
from pathlib import Path

#: How long a command waits for another program's write to end before it says the register is
#: busy, in seconds; $VERBALE_BUSY_TIMEOUT overrides it (a shared register on a slow disk).
DEFAULT_BUSY_TIMEOUT_S = 30.0

#: The URL forms of a SQLite file (the pysqlite driver, named or not).
_SQLITE_SCHEMES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///…` URL; None for other databases and in-memory SQLite."""
    for scheme in _SQLITE_SCHEMES:
        if url.startswith(scheme):
            name = url[len(scheme) :].split("?", 1)[0]
            return Path(name) if name and name != ":memory:" else None
    return None


def busy_timeout_seconds() -> float:
    """How long to wait for the register's write lock: $VERBALE_BUSY_TIMEOUT (seconds, 0 to
    3600) or 30 s. A value that is not such a number is ignored."""
    text = os.environ.get("VERBALE_BUSY_TIMEOUT", "").strip()
    try:
        seconds = float(text)
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_S
    return seconds if 0 <= seconds <= 3600 else DEFAULT_BUSY_TIMEOUT_S
