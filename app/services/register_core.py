"""The register's foundation: the database, its sessions, its schema and its list.

`Register` (app.services.register) is assembled from this core and one class per responsibility:
numbers (register_series), drafts and the directory (register_notes), status changes, issuing and
verification (register_issuing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from app.i18n.messages import _
from app.register import numbering, schema
from app.register.core_listing import CoreListing
from app.register.engine import Database, is_sqlite, make_engine
from app.register.location import sqlite_path
from app.register.sqlite_listing import SqliteListing
from app.services.register_reading import (
    NoteSummary,
    RegisterError,
    RegisterReading,
    SearchFilters,
)


class NoRegister(RegisterError):
    """A command that only reads was pointed at a place that holds no register."""


class SchemaMismatch(RegisterError):
    """The register's schema is newer than this version of Verbale knows, or older and the
    login may not upgrade it (an application role on PostgreSQL)."""


#: PostgreSQL's SQLSTATE for "permission denied".
INSUFFICIENT_PRIVILEGE = "42501"


class RegisterCore:
    """The register of notes at one database URL: sessions, schema and the list."""

    def __init__(
        self, database: Database | Engine | str, *, reading: RegisterReading | None = None
    ) -> None:
        """`reading`: the list of the same register already open (the window's, at start)."""
        if isinstance(database, str):
            database = Database(make_engine(database))
        elif isinstance(database, Engine):
            database = Database(database)
        self.db = database
        #: The word index (note_fts): SQLite's FTS5 table, PostgreSQL's tsvector (0010).
        self._fts_postgresql = database.engine.dialect.name == "postgresql"
        self._fts = is_sqlite(database.engine) or self._fts_postgresql
        if reading is None:
            path = sqlite_path(database.url)
            # A SQLite file is read with plain sqlite3; in-memory SQLite (one database per
            # connection) and other databases through SQLAlchemy Core.
            listing = SqliteListing(path) if path is not None else CoreListing(database.engine)
            reading = RegisterReading(listing, database.url)
        #: The register's list: searched, filtered, sorted, paged, counted.
        self.reading = reading

    @classmethod
    def open(
        cls,
        url: str,
        *,
        upgrade: bool = True,
        reading: RegisterReading | None = None,
        existing: bool = False,
    ) -> Self:
        """Open the register at `url`, creating or migrating its schema if asked.

        `existing` (for what only reads): a register must already be there; a missing SQLite
        file (or its folder) is never created, and an empty database raises NoRegister too.
        """
        path = sqlite_path(url)
        if existing and path is not None and not path.is_file():
            raise NoRegister(_("there is no register at {path}").format(path=path))
        register = cls(url, reading=reading)
        if existing and register.schema_revision() is None:
            register.close()
            raise NoRegister(_("{url} holds no register").format(url=register.display_url))
        if upgrade:
            register.upgrade()
        return register

    @property
    def display_url(self) -> str:
        """The register's address as shown to a person (any password hidden)."""
        return self.db.engine.url.render_as_string(hide_password=True)

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    def close(self) -> None:
        self.reading.close()
        self.db.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        try:
            with self.db.writing() as session:
                yield session
        except numbering.NumberingError as error:
            raise RegisterError(str(error)) from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction for a service that does several things at once (the workflow:
        a transition, its history and its audit entry); numbering errors become RegisterError."""
        with self._writing() as session:
            yield session

    # -- schema ---------------------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        return schema.current_revision(self.db.engine)

    def needs_upgrade(self) -> bool:
        return schema.needs_upgrade(self.db.engine)

    def upgrade(self, backup_dir: Path | None = None) -> Path | None:
        """Bring the schema up to date. An existing SQLite register that needs migrating is
        first copied to `backup_dir` (the user's backups folder by default); returns that copy."""
        if not self.needs_upgrade():
            return None
        found = self.schema_revision()
        if found is not None and not schema.known_revision(self.db.engine, found):
            raise SchemaMismatch(
                _(
                    "the register's schema is revision {found}, newer than this version of "
                    "Verbale knows (up to {head}): install the version of Verbale the register "
                    "was upgraded with"
                ).format(found=found, head=schema.HEAD_REVISION)
            )
        copy: Path | None = None
        if self.schema_revision() is not None and self.sqlite_file is not None:
            from app.paths import backups_dir
            from app.services.backup import backup_register

            folder = backup_dir or backups_dir()
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            copy = folder / f"register-before-upgrade-{stamp}.sqlite3"
            backup_register(self.url, copy)
        try:
            schema.upgrade(self.db.engine)
        except ProgrammingError as error:
            if found is None or getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
            raise SchemaMismatch(
                _(
                    "the register's schema is revision {found}, older than this version of "
                    "Verbale ({head}), and {user} may not upgrade it: ask the administrator to "
                    "run `verbale db upgrade` as the register's owner"
                ).format(found=found, head=schema.HEAD_REVISION, user=self.db.engine.url.username)
            ) from None
        return copy

    # -- search ---------------------------------------------------------------------------------

    def search(
        self,
        query_text: str = "",
        filters: SearchFilters | None = None,
        sort: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[NoteSummary]:
        """See RegisterReading.search."""
        return self.reading.search(query_text, filters, sort, offset, limit)

    def count(self, query_text: str = "", filters: SearchFilters | None = None) -> int:
        """See RegisterReading.count."""
        return self.reading.count(query_text, filters)

    def find_by_number(self, typed_text: str, limit: int = 50) -> list[NoteSummary]:
        """See RegisterReading.find_by_number."""
        return self.reading.find_by_number(typed_text, limit)

    def iter_summaries(
        self,
        query_text: str = "",
        filters: SearchFilters | None = None,
        sort: str | None = None,
        page: int = 1000,
    ) -> Iterator[NoteSummary]:
        """Every matching note, fetched page by page (for exports)."""
        return self.reading.iter_summaries(query_text, filters, sort, page)
