"""Whether the register changed since the last look, for a window that shows it live.

Another workstation's change (a note saved, submitted, approved, issued) reaches every register
window within a poll: on SQLite, `PRAGMA data_version` of a connection of the watcher's own moves
whenever any other connection commits; on PostgreSQL, a statement trigger on `notes` (migration
0011) sends NOTIFY verbale_register at commit, and the watcher LISTENs on a connection of its
own. A poll never blocks: it reads what has already arrived.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from app.register.location import sqlite_path

#: The channel migration 0011's trigger notifies on PostgreSQL.
CHANNEL = "verbale_register"


class RegisterChanges:
    """Polls the register at `url` for changes committed since the previous poll."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._path = sqlite_path(url)
        self._postgresql = url.startswith("postgresql")
        self._connection: Any = None
        self._version: int | None = None

    def changed(self) -> bool:
        """True if a change was committed since the last call (the first call answers
        False, and starts watching). A lost connection is opened again, and said as a change
        (what happened meanwhile is unknown)."""
        try:
            if self._path is not None:
                return self._sqlite_changed()
            if self._postgresql:
                return self._postgresql_changed()
        except Exception:  # a server away, a file moved: look again at the next poll
            self.close()
            return self._version is not None
        return False

    def _sqlite_changed(self) -> bool:
        if self._connection is None:
            self._connection = sqlite3.connect(
                f"file:{self._path}?mode=ro", uri=True, check_same_thread=False
            )
        ((version,),) = self._connection.execute("PRAGMA data_version").fetchall()
        before, self._version = self._version, int(version)
        return before is not None and before != self._version

    def _postgresql_changed(self) -> bool:
        if self._connection is None:
            self._connection = _listening(self.url)
            first, self._version = self._version is None, 0
            return not first
        return any(True for _ in self._connection.notifies(timeout=0.0))

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


def _listening(url: str) -> Any:
    """A psycopg connection of the watcher's own, listening on CHANNEL."""
    import psycopg
    from sqlalchemy.engine import make_url

    from app.register.engine import make_engine

    engine = make_engine(url)
    try:
        arguments, keywords = engine.dialect.create_connect_args(make_url(url))
    finally:
        engine.dispose()
    connection = psycopg.connect(*arguments, **keywords, autocommit=True)
    connection.execute(f"LISTEN {CHANNEL}")
    return connection
