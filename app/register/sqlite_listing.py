"""The register's list and search queries on a SQLite file, with nothing but `sqlite3`.

Officers search the register by number many times a day, and the register window's first rows
are the first thing they see: both go through here. The SQL of each query shape is written out
once (see app.register.listing), and runs on a connection each thread keeps open, in
`query_only` mode. No SQLAlchemy: an ORM session spent forty times the query itself on a number
search, and importing SQLAlchemy takes longer than opening the window.

Counts are cached per connection until the database changes (`PRAGMA data_version` moves
whenever another connection commits), so the "N notes" of a million-note register is counted
once, not on every page.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import weakref
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.register.listing import MAX_RANGES, SUMMARY_COLUMNS, Mode, sort_key
from app.register.location import busy_timeout_seconds

#: How many distinct counts each connection remembers.
MAX_CACHED_COUNTS = 256
#: The migration table Alembic keeps.
VERSION_TABLE = "alembic_version"

_SUMMARY = ", ".join(f"notes.{name}" for name in SUMMARY_COLUMNS)
_FTS_JOIN = (
    " JOIN (SELECT note_fts.rowid AS note_id, note_fts.rank AS fts_rank FROM note_fts"
    " WHERE note_fts MATCH :match) AS fts ON fts.note_id = notes.id"
)
_NEWEST_FIRST = ("notes.date DESC", "notes.id DESC")
_SORT_COLUMNS = {
    "number": ("notes.prefix", "notes.running"),
    "date": ("notes.date",),
    "addressee": ("notes.addressee_name",),
    "subject": ("notes.subject",),
    "status": ("notes.status", "notes.date"),
    "deadline": ("notes.objection_deadline",),
    "id": (),
}


@lru_cache(maxsize=1024)
def statement(kind: str, mode: Mode, names: tuple[str, ...], sort: str | None = None) -> str:
    """The SQL of one shape: a page of summaries ("page"), their number ("count") or the first
    match ("exists"), with `:name` parameters."""
    conditions = _filter_conditions(names)
    joins = ""
    best = list(_NEWEST_FIRST)
    if mode[0] == "number":
        condition, best = _number_condition(bool(mode[1]), int(mode[2]))
        conditions.append(condition)
    elif mode[0] == "fts":
        joins = _FTS_JOIN
        best = ["fts.fts_rank", *_NEWEST_FIRST]
    elif mode[0] == "nothing":
        conditions.append("0 = 1")
    elif mode[0] != "all":
        raise ValueError(f"SQLite lists notes by number, full text or all, not {mode[0]!r}")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    if kind == "count":
        return f"SELECT count(*) FROM notes{joins}{where}"
    if kind == "exists":
        return f"SELECT notes.id FROM notes{joins}{where} LIMIT 1"
    order = ", ".join(_order(sort, best))
    page = "LIMIT :limit OFFSET :offset"
    return f"SELECT {_SUMMARY} FROM notes{joins}{where} ORDER BY {order} {page}"


def _filter_conditions(names: Sequence[str]) -> list[str]:
    """The conditions of the filters named (the parameter names the register service sets)."""
    conditions: list[str] = []
    if "date_from" in names:
        conditions.append("notes.date >= :date_from")
    if "date_to" in names:
        conditions.append("notes.date <= :date_to")
    states = [f":{name}" for name in names if name.startswith("state_")]
    if states:
        conditions.append(f"notes.status IN ({', '.join(states)})")
    if "series" in names:
        conditions.append("notes.prefix = :series")
    if "addressee_key" in names:
        # SQLite's own lower() and LIKE fold only ASCII: "Посольство" must match "посольство".
        conditions.append(
            "(notes.addressee_key = :addressee_key"
            " OR unicode_lower(notes.addressee_name) LIKE '%' || :addressee_part || '%'"
            " ESCAPE '/')"
        )
    if "today" in names:
        conditions.append("notes.objection_deadline >= :today")
        conditions.append("notes.outcome IS NULL")
        conditions.append("notes.status != 'withdrawn'")
    if "deadline_before" in names:
        conditions.append("notes.objection_deadline <= :deadline_before")
    if "created_by" in names:
        conditions.append("notes.created_by = :created_by")
    if "exclude_created_by" in names:
        conditions.append("notes.created_by IS NOT :exclude_created_by")
    return conditions


def _number_condition(with_prefix: bool, range_count: int) -> tuple[str, list[str]]:
    """Exact running number or one starting with the typed digits; the exact one first."""
    if range_count > MAX_RANGES:
        raise ValueError(f"a number search has at most {MAX_RANGES} ranges")
    matches = ["notes.running = :running"]
    matches += [
        f"(notes.running >= :low_{index} AND notes.running < :high_{index})"
        for index in range(range_count)
    ]
    condition = f"({' OR '.join(matches)})"
    if with_prefix:
        condition = f"notes.prefix = :prefix AND {condition}"
    order = ["notes.running != :running ASC", "notes.running ASC", *_NEWEST_FIRST]
    return condition, order


def _order(sort: str | None, best: list[str]) -> list[str]:
    if not sort:
        return best
    key, descending = sort_key(sort)
    direction = "DESC" if descending else "ASC"
    ordered = [f"{column} {direction}" for column in (*_SORT_COLUMNS[key], "notes.id")]
    # Notes without a number (drafts), or without a deadline, last either way: every database
    # alike (SQLite puts NULL first going up, PostgreSQL last).
    if key == "number":
        return ["notes.running IS NULL ASC", *ordered]
    if key == "deadline":
        return ["notes.objection_deadline IS NULL ASC", *ordered]
    return ordered


#: The parameters that hold dates (see `_filter_conditions`).
_DATE_PARAMETERS = ("date_from", "date_to", "today", "deadline_before")


def _stored(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """Values as SQLite stores them: dates as ISO text."""
    dates = [name for name in _DATE_PARAMETERS if name in params]
    if not dates:
        return params  # the common case (a search without date filters): no copy
    stored = dict(params)
    for name in dates:
        value = stored[name]
        if isinstance(value, dt.date):
            stored[name] = value.isoformat()
    return stored


def _unicode_lower(text: str | None) -> str | None:
    """`lower()` for every script, as PostgreSQL's (SQLite's folds only A-Z)."""
    return None if text is None else text.lower()


@dataclass(eq=False)  # compared and hashed by identity: kept in a WeakSet
class _ThreadConnection:
    """A SQLite connection used by one thread, with the counts it has seen."""

    sqlite: sqlite3.Connection
    counts: dict[Hashable, tuple[int, int]] = field(default_factory=dict)
    #: Held while a statement runs: closing the connection waits for it (closing under a
    #: running statement crashes the interpreter).
    busy: threading.Lock = field(default_factory=threading.Lock)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        with self.busy:
            return self.sqlite.execute(sql, params or {}).fetchall()


class SqliteListing:
    """Lists and searches the notes of one SQLite register file."""

    dates_as_text = True
    full_text = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        # Every live thread's connection, for close(). Held weakly: when a thread ends (the
        # window's workers expire after 30 s idle) its connection goes, and closes, with it.
        self._opened: weakref.WeakSet[_ThreadConnection] = weakref.WeakSet()
        self._streaming: set[sqlite3.Connection] = set()  # interrupted by close()

    def page(
        self, mode: Mode, names: tuple[str, ...], sort: str | None, params: Mapping[str, Any]
    ) -> list[Sequence[Any]]:
        return self._connection().rows(statement("page", mode, names, sort), _stored(params))

    def stream(
        self,
        mode: Mode,
        names: tuple[str, ...],
        sort: str | None,
        params: Mapping[str, Any],
        batch: int,
    ) -> Iterator[list[Sequence[Any]]]:
        # One statement read to the end on a connection of its own: paging with OFFSET would
        # step over every earlier row again for each page (30 s for a million notes, not 3).
        # Its own connection, so the rows can be consumed at leisure while the thread's
        # connection goes on serving searches.
        sql = statement("page", mode, names, sort)
        values = {**_stored(params), "limit": -1, "offset": 0}  # SQLite: -1 is no limit
        sqlite = self._open()
        with self._lock:
            self._streaming.add(sqlite)
        try:
            cursor = sqlite.execute(sql, values)
            while rows := cursor.fetchmany(batch):
                yield rows
        finally:
            with self._lock:
                self._streaming.discard(sqlite)
            sqlite.close()

    def count(self, mode: Mode, names: tuple[str, ...], params: Mapping[str, Any]) -> int:
        connection = self._connection()
        values = _stored(params)
        key = (mode, names, tuple(sorted(values.items())))
        ((version,),) = connection.rows("PRAGMA data_version")
        cached = connection.counts.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        ((counted,),) = connection.rows(statement("count", mode, names), values)
        if len(connection.counts) >= MAX_CACHED_COUNTS:
            connection.counts.clear()
        connection.counts[key] = (version, int(counted))
        return int(counted)

    def exists(self, mode: Mode, names: tuple[str, ...], params: Mapping[str, Any]) -> bool:
        return bool(self._connection().rows(statement("exists", mode, names), _stored(params)))

    def has_users(self) -> bool:
        try:
            return bool(self._one("SELECT EXISTS (SELECT 1 FROM users)"))
        except sqlite3.OperationalError:  # a register from before users existed
            return False

    def schema_revision(self) -> str | None:
        """The migration the file's schema is at; None for a file without a schema yet (or
        not a database at all: the register service then says what is wrong with it)."""
        try:
            revisions = self._connection().rows(f"SELECT version_num FROM {VERSION_TABLE}")
        except sqlite3.DatabaseError:  # no such table, or not a database file
            return None
        return str(revisions[0][0]) if len(revisions) == 1 else None

    def _one(self, sql: str) -> Any:
        rows = self._connection().rows(sql)
        return rows[0][0] if rows else None

    def _connection(self) -> _ThreadConnection:
        connection: _ThreadConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = _ThreadConnection(self._open())
            with self._lock:
                self._opened.add(connection)
        return connection

    def _open(self) -> sqlite3.Connection:
        # Opened by one thread, closed by whichever thread closes the listing.
        sqlite = sqlite3.connect(
            self.path, timeout=busy_timeout_seconds(), isolation_level=None, check_same_thread=False
        )
        sqlite.execute("PRAGMA query_only = 1")
        sqlite.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)
        return sqlite

    def close(self) -> None:
        with self._lock:
            opened, self._opened = list(self._opened), weakref.WeakSet()
            self._local = threading.local()
            for streaming in self._streaming:
                streaming.interrupt()  # an export under way stops; its reader closes it
        for connection in opened:
            connection.sqlite.interrupt()  # a long count or search ends at once...
            with connection.busy:  # ...and the connection closes once it has
                # Writable again for its last moment, so that closing may checkpoint the
                # write-ahead log (and remove -wal and -shm) if it is the register's last.
                connection.sqlite.execute("PRAGMA query_only = 0")
                connection.sqlite.close()
