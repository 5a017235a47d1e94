"""The register's list queries on a database server, sent straight to the driver.

A page of the register costs the server 0.2-0.6 ms; SQLAlchemy's execution of the same statement
(a pooled connection checked out and in, its isolation level switched to autocommit and back,
parameters processed, rows wrapped) cost as much again. The listing's statements are fixed per
shape, so each is compiled once (`Compiled`) and run here on connections of its own: taken from
the engine once (its connect hooks run, as for any connection of the register), set to
autocommit and read-only once, and kept.

A server that cut a connection (a restart) costs no error: every connection kept is dropped
and the read asked again, once, on a new one. Errors reach the caller as SQLAlchemy's, as
through the engine (app.services.register_failures says them in a sentence).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

#: Each session's settings on a kept connection (each statement its own read-only transaction).
READ_ONLY_SESSION = "SET default_transaction_read_only = on"
#: The most connections kept idle (more are made while reads run at once, then closed).
MOST_KEPT = 4


@dataclass(frozen=True)
class Compiled:
    """One statement as the driver takes it: its SQL text (the driver's named placeholders) and
    the values it carries itself (literals SQLAlchemy binds, as `status != 'withdrawn'`)."""

    sql: str
    fixed: Mapping[str, Any]
    #: The parameters SQLAlchemy converts before the driver takes them (an ARRAY's list).
    processors: tuple[tuple[str, Callable[[Any], Any]], ...] = ()

    @classmethod
    def of(cls, statement: ClauseElement, engine: Engine) -> Compiled:
        compiled = cast(SQLCompiler, statement.compile(dialect=engine.dialect))
        # The listing's statements are plain (no expanding IN, no literals rendered at
        # execution, no names to escape): their text and values are what the engine sends.
        if (
            compiled.literal_execute_params
            or compiled.post_compile_params
            or compiled.escaped_bind_names
        ):
            raise ValueError(f"a statement the driver cannot take as compiled: {compiled}")
        fixed = {
            name: bind.effective_value
            for bind, name in compiled.bind_names.items()
            if not bind.required
        }
        processors = []
        for name, process in compiled._bind_processors.items():
            if not callable(process):  # a tuple's, one per element: none in the listing
                raise ValueError(f"a statement the driver cannot take as compiled: {compiled}")
            processors.append((name, process))
        return cls(compiled.string, fixed, tuple(processors))

    def values(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        """What the driver is given for `params`."""
        if not self.fixed and not self.processors:
            return params
        values = {**self.fixed, **params}
        for name, process in self.processors:
            if name in values:
                values[name] = process(values[name])
        return values


class ServerReads:
    """Read-only, autocommit driver connections of `engine`'s register, for list queries.
    Safe to call from any thread: a connection serves one call at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._error_class: type[Any] = engine.dialect.loaded_dbapi.Error
        self._idle: list[Any] = []
        self._lock = threading.Lock()

    def rows(self, compiled: Compiled, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        """Every row `compiled` finds with `params` (and its own values)."""
        values = compiled.values(params)
        try:
            return self._rows(compiled.sql, values)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        # The server cut the connection (a restart): the others kept are as dead; asked again,
        # once, on a new one.
        self._drop_idle()
        return self._rows(compiled.sql, values)

    def close(self) -> None:
        self._drop_idle()

    def _rows(self, sql: str, values: Mapping[str, Any]) -> list[Sequence[Any]]:
        connection = self._take()
        try:
            rows: list[Sequence[Any]] = connection.execute(sql, values).fetchall()
        except self._error_class as error:
            lost = bool(
                connection.closed
                or connection.broken
                or self.engine.dialect.is_disconnect(error, connection, None)
            )
            if lost:
                _close_quietly(connection)
            else:
                self._give_back(connection)
            raise self._wrapped(error, sql, values, lost=lost) from error
        except BaseException:
            _close_quietly(connection)
            raise
        self._give_back(connection)
        return rows

    def _take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        # A new connection of the engine's (its connect hooks run: the register's session),
        # then kept by this object alone.
        try:
            pooled = self.engine.raw_connection()
            connection: Any = pooled.dbapi_connection
            pooled.detach()
        except self._error_class as error:
            raise self._wrapped(error, None, None) from error
        try:
            connection.autocommit = True
            connection.execute(READ_ONLY_SESSION)
        except self._error_class as error:
            _close_quietly(connection)
            raise self._wrapped(error, READ_ONLY_SESSION, None, lost=True) from error
        except BaseException:
            _close_quietly(connection)
            raise
        return connection

    def _wrapped(
        self, error: Exception, sql: str | None, values: Any, *, lost: bool = False
    ) -> StatementError:
        """The driver's `error` as SQLAlchemy raises it through the engine."""
        return DBAPIError.instance(
            sql,
            values,
            error,
            self._error_class,
            connection_invalidated=lost,
            dialect=self.engine.dialect,
        )

    def _give_back(self, connection: Any) -> None:
        with self._lock:
            if len(self._idle) < MOST_KEPT:
                self._idle.append(connection)
                return
        _close_quietly(connection)

    def _drop_idle(self) -> None:
        with self._lock:
            dropped, self._idle = self._idle, []
        for connection in dropped:
            _close_quietly(connection)


def _close_quietly(connection: Any) -> None:
    with contextlib.suppress(Exception):  # a connection the server already cut
        connection.close()
