"""Engines and sessions for the register, SQLite done right.

Every SQLite connection gets WAL, foreign keys, a busy timeout and `synchronous=FULL`. Python's
sqlite3 module is told to keep out of transaction handling; we emit BEGIN ourselves, so that a
write session starts with `BEGIN IMMEDIATE` (it takes the write lock at once, so two workstations
never both read a counter and then fight to update it) while readers start a plain deferred BEGIN
and never block anyone under WAL.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from app.private_files import new_private_file
from app.register.location import busy_timeout_seconds, sqlite_path


class DriverMissing(RuntimeError):
    """The URL names a database whose Python driver is not installed (psycopg, MySQLdb...)."""

    def __init__(self, url: str, module: str) -> None:
        super().__init__(f"the driver {module!r} for {url} is not installed")
        self.url = url
        self.module = module


def busy_timeout_ms() -> int:
    """The busy timeout of every connection, in milliseconds (see busy_timeout_seconds)."""
    return int(busy_timeout_seconds() * 1000)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for the register at `url` (any SQLAlchemy URL; SQLite gets its pragmas).

    An address SQLAlchemy cannot read raises its ArgumentError, an unknown database its
    NoSuchModuleError, a database whose driver is not installed DriverMissing."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            # Made here, empty and 0600, so that SQLite (which gives its -wal and -shm files the
            # database's mode) never creates a register others can read.
            new_private_file(path)
        kwargs.setdefault("connect_args", {"timeout": busy_timeout_seconds()})
    try:
        engine = create_engine(url, **kwargs)
    except ImportError as error:
        raise DriverMissing(parsed.render_as_string(), error.name or parsed.drivername) from None
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine)
    else:
        _ping_when_idle(engine)
    if engine.dialect.name == "postgresql":
        _no_parallel_workers(engine)
    return engine


#: What every connection to a PostgreSQL register runs first (see _no_parallel_workers).
POSTGRESQL_SESSION = ("SET max_parallel_workers_per_gather = 0",)


def _no_parallel_workers(engine: Engine) -> None:
    """The register's queries are a workstation's: a page, a count, a note. A word search's
    estimate (a tsquery known only when it runs) made the server plan parallel workers, whose
    start cost 3-5 ms on a busy server, for a query of 0.2 ms: every connection runs its
    queries in its own process."""

    @event.listens_for(engine, "connect")
    def _serial(dbapi_connection: Any, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            for statement in POSTGRESQL_SESSION:
                cursor.execute(statement)
        dbapi_connection.commit()


#: A pooled server connection idle this long (seconds) is pinged before it is handed out.
PING_AFTER_IDLE = 1.0


def _ping_when_idle(engine: Engine) -> None:
    """pool_pre_ping for a desktop client: a server restarted (or a connection cut) while the
    window sat idle costs a ping, never an error; queries in a burst (typing in the search
    field, paging) pay no extra round trip. A failed ping makes the pool connect afresh."""

    @event.listens_for(engine, "checkin")
    def _stamp(_dbapi_connection: object, record: Any) -> None:
        record.info["verbale.idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        idle_since = record.info.get("verbale.idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the server went away: any error of the driver's
            raise DisconnectionError(str(error)) from error
        if not alive:
            raise DisconnectionError("the register's server did not answer")


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """The register's engine and its two kinds of session: reading and writing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if is_sqlite(engine) else engine
        self._write = sessionmaker(bind=writer, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed at the end of the block, rolled back on error."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
