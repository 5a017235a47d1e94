"""Plain SQL on a register's database, behind the application's back: sqlite3 on a SQLite file,
psycopg on PostgreSQL. Statements are written with `?` placeholders on both."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from app.register.guards import all_guards

DROP_TRIGGER = re.compile(r"DROP TRIGGER (?:IF EXISTS )?(\w+)")
#: The table of each of the register's guards, by trigger name.
TRIGGER_TABLES = {guard.name: guard.table for guard in all_guards()}

#: What a guard's refusal raises, on either engine (DB-API's IntegrityError).
REFUSED = (sqlite3.IntegrityError, psycopg.IntegrityError)


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq (psql, psycopg) reads it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class RawDatabase:
    """Plain SQL on the database at `where` (a SQLAlchemy URL, or a SQLite file's path)."""

    def __init__(self, where: str | Path) -> None:
        self.url = where if isinstance(where, str) else f"sqlite:///{where}"
        self.postgresql = is_postgresql(self.url)

    def _connect(self) -> Any:
        if self.postgresql:
            return psycopg.connect(libpq_url(self.url))
        path = make_url(self.url).database
        assert path
        return sqlite3.connect(path)

    def _sql(self, statement: str) -> str:
        """`statement` in the engine's own words: `?` placeholders, and on PostgreSQL a DROP
        TRIGGER names the trigger's table (found in the guards' list)."""
        if not self.postgresql:
            return statement
        dropped = DROP_TRIGGER.fullmatch(statement.strip())
        if dropped:  # (SQLite's INSERT OR REPLACE guards are not on PostgreSQL)
            name = dropped.group(1)
            return f"DROP TRIGGER IF EXISTS {name} ON {TRIGGER_TABLES[name]}"
        return statement.replace("%", "%%").replace("?", "%s")

    def execute(self, statement: str, *params: object) -> None:
        """Run one statement and commit it."""
        connection = self._connect()
        try:
            connection.execute(self._sql(statement), params)
            connection.commit()
        finally:
            connection.close()

    def rows(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        connection = self._connect()
        try:
            return [tuple(row) for row in connection.execute(self._sql(query), params).fetchall()]
        finally:
            connection.close()

    def one(self, query: str, *params: object) -> tuple[Any, ...]:
        found = self.rows(query, *params)
        assert found, query
        return found[0]

    @contextlib.contextmanager
    def connected(self) -> Iterator[_Translating]:
        connection = self._connect()
        try:
            yield _Translating(connection, self)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()

    def dump(self) -> str:
        """Every row of every table, as text (what a copy of the database would show)."""
        if not self.postgresql:
            connection = self._connect()
            try:
                return "\n".join(connection.iterdump())
            finally:
                connection.close()
        tables = self.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return "\n".join(
            repr(row) for (table,) in tables for row in self.rows(f'SELECT * FROM "{table}"')
        )

    def drop_trigger(self, name: str, table: str) -> None:
        """Drop a guard (as someone who owns the database could)."""
        on = f" ON {table}" if self.postgresql else ""
        self.execute(f"DROP TRIGGER {name}{on}")


class _Translating:
    """A connection whose execute() takes `?` placeholders on both engines."""

    def __init__(self, connection: Any, database: RawDatabase) -> None:
        self._connection = connection
        self._database = database

    def execute(self, statement: str, params: tuple[object, ...] | list[object] = ()) -> Any:
        return self._connection.execute(self._database._sql(statement), tuple(params))


def connected(where: str | Path) -> contextlib.AbstractContextManager[_Translating]:
    """`with connected(url) as connection:` as `with sqlite3.connect(path) as connection:`
    (committed at the end of the block), on either engine."""
    return RawDatabase(where).connected()
