"""The register's read path for lists and searches: SQL built once per query shape, run without
an ORM session.

Officers search the register by number many times a day. Through an ORM session each search
spent ~1.3 ms opening the session and compiling its statement, forty times the query itself. So
the caller names each statement by its *shape* (which filters, which sort: everything that
changes the SQL text, never a value) and passes the values separately:

- On SQLite the statement is compiled once per shape to its SQL text and then run with the
  DBAPI cursor of a connection kept open per thread (taken from the engine, so it has the
  register's pragmas, then detached from the pool). Rows come back as the driver gives them:
  dates are ISO text.
- Elsewhere (PostgreSQL) the same statement runs through SQLAlchemy Core on a pooled connection:
  portable, slower. Rows carry Python values (dates are `datetime.date`).

Counts on SQLite are cached per connection until the database changes (`PRAGMA data_version`
moves whenever another connection commits), so the "N notes" of a million-note register is
counted once, not on every page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Select, event

from app.register.engine import is_sqlite, sqlite_path

#: How many distinct counts each connection remembers.
MAX_CACHED_COUNTS = 256

#: Any select statement, whatever its columns.
AnySelect = Select[*tuple[Any, ...]]
Build = Callable[[], AnySelect]


@dataclass(frozen=True)
class _Compiled:
    """One statement shape as SQLite text, its parameter names in order, the values fixed in
    the statement itself (`LIMIT 1`, a literal), and how each value is stored (a date as ISO
    text)."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]
    processors: tuple[Callable[[Any], Any] | None, ...]
    #: Every value comes from the caller as it is stored (the common case).
    plain: bool

    def values(self, params: Mapping[str, Any]) -> list[Any]:
        if self.plain:
            return [params[name] for name in self.names]
        fixed = self.fixed
        values = [fixed[name] if name in fixed else params[name] for name in self.names]
        for index, processor in enumerate(self.processors):
            if processor is not None and values[index] is not None:
                values[index] = processor(values[index])
        return values


@dataclass
class _ThreadConnection:
    """A SQLite connection used by one thread, with the counts it has seen."""

    dbapi: Any
    counts: dict[Hashable, tuple[int, int]] = field(default_factory=dict)


class Listing:
    """Runs the register's read statements: fast on SQLite, portable elsewhere."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: True on a SQLite file (an in-memory database is one per connection, so it cannot
        #: have a connection of its own). Tests set it False to check that the portable path,
        #: the one other databases take, gives the same answers.
        self.fast = is_sqlite(engine) and sqlite_path(engine.url.render_as_string()) is not None
        self._statements: dict[Hashable, AnySelect] = {}
        self._compiled: dict[Hashable, _Compiled] = {}
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []  # every detached connection, closed with the engine
        event.listen(engine, "engine_disposed", self._on_dispose)

    # -- running statements ---------------------------------------------------------------------

    def rows(self, shape: Hashable, build: Build, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        """The rows of the statement of `shape` (built by `build` the first time) for `params`."""
        if not self.fast:
            with self.engine.connect() as connection:
                result = connection.execute(self._statement(shape, build), dict(params))
                return [tuple(row) for row in result]
        compiled = self._compiled.get(shape) or self._compile(shape, build)
        cursor = self._connection().dbapi.execute(compiled.sql, compiled.values(params))
        return cursor.fetchall()  # type: ignore[no-any-return]

    def scalar(self, shape: Hashable, build: Build, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None when there is no row."""
        rows = self.rows(shape, build, params)
        return rows[0][0] if rows else None

    def count(self, shape: Hashable, build: Build, params: Mapping[str, Any]) -> int:
        """A count statement's result; on SQLite remembered until the database changes."""
        if not self.fast:
            return int(self.scalar(shape, build, params) or 0)
        connection = self._connection()
        compiled = self._compiled.get(shape) or self._compile(shape, build)
        values = compiled.values(params)
        key = (shape, tuple(values))
        (version,) = connection.dbapi.execute("PRAGMA data_version").fetchone()
        cached = connection.counts.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        (counted,) = connection.dbapi.execute(compiled.sql, values).fetchone()
        if len(connection.counts) >= MAX_CACHED_COUNTS:
            connection.counts.clear()
        connection.counts[key] = (version, int(counted))
        return int(counted)

    # -- statements and connections -------------------------------------------------------------

    def _statement(self, shape: Hashable, build: Build) -> AnySelect:
        statement = self._statements.get(shape)
        if statement is None:
            statement = self._statements[shape] = build()
        return statement

    def _compile(self, shape: Hashable, build: Build) -> _Compiled:
        dialect = self.engine.dialect
        compiled = self._statement(shape, build).compile(dialect=dialect)
        if "POSTCOMPILE" in compiled.string:
            # An expanding IN (a list bound as one parameter) is rendered at execution.
            raise ValueError(f"statement {shape!r} needs one parameter per value")
        names = tuple(compiled.positiontup or ())
        binds = compiled.binds
        # Parameters created without a name (`LIMIT 1`, a literal) carry their value.
        fixed = {name: binds[name].effective_value for name in names if binds[name].unique}
        processors = tuple(binds[name].type.bind_processor(dialect) for name in names)
        plain = not fixed and not any(processors)
        entry = _Compiled(compiled.string, names, fixed, processors, plain)
        self._compiled[shape] = entry
        return entry

    def _connection(self) -> _ThreadConnection:
        connection: _ThreadConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            pooled = self.engine.raw_connection()
            dbapi = pooled.driver_connection
            assert dbapi is not None
            # Kept by this thread for good: out of the pool, so the pool's size still bounds
            # the sessions that write.
            pooled.detach()
            dbapi.execute("PRAGMA query_only = 1")
            with self._lock:
                self._opened.append(pooled)
            connection = self._local.connection = _ThreadConnection(dbapi)
        return connection

    def close(self) -> None:
        """Close every connection the threads hold; they open afresh when next needed."""
        with self._lock:
            opened, self._opened = self._opened, []
            self._local = threading.local()
        for pooled in opened:
            pooled.close()

    def _on_dispose(self, _engine: Engine) -> None:
        self.close()
