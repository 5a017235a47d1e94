"""The register on PostgreSQL lists what the same register on SQLite lists.

The PostgreSQL register is a database of the run's server (tests/postgresql_server.py: a
throw-away cluster, or the server VERBALE_TEST_POSTGRESQL_URL names).
Text sorts are left out: each database orders text by its own collation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.register.core_listing import CoreListing
from app.services.demo import fill_demo, reference_note
from app.services.register import Register, SearchFilters
from app.services.register_reading import RegisterReading
from tests.postgresql_server import PostgreSQLServer


@pytest.fixture(scope="module")
def registers(
    tmp_path_factory: pytest.TempPathFactory, postgresql_server: PostgreSQLServer
) -> Iterator[tuple[Register, Register]]:
    url = postgresql_server.new_database()  # an empty database: Register.open migrates it
    postgresql = Register.open(url)
    sqlite_path: Path = tmp_path_factory.mktemp("pg") / "register.sqlite3"
    sqlite = Register.open(f"sqlite:///{sqlite_path}")
    for register in (postgresql, sqlite):
        fill_demo(register, synthetic=120)
        _issue_some(register, 24)
    yield postgresql, sqlite
    postgresql.close()
    sqlite.close()
    postgresql_server.drop(url)


def _issue_some(register: Register, count: int) -> None:
    """Issue `count` copies of the reference note (rendered for real): PAR/1454 on."""
    for index in range(count):
        note = dataclasses.replace(
            reference_note(), number=None, subject=f"Copy {index} of the draft Action Plan"
        )
        note_id = register.save_draft(note)
        for status in ("submitted", "approved"):
            register.set_status(note_id, status)
        register.issue(note_id)


#: Numbers as officers type them. (A number search that finds nothing under the filters falls
#: back to words: SQLite's FTS5 index, PostgreSQL's tsvector index, the same words.)
NUMBERS = ["1453", "PAR/1453", "№ РАR/14", "14", "PAR/146", "1", "1477", "PAR/1477", "DIR/1"]
FILTERS = [
    SearchFilters(),
    SearchFilters(statuses=("issued", "draft")),
    SearchFilters(series="par"),
    SearchFilters(addressee="member"),
    SearchFilters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31)),
    SearchFilters(open_deadlines=True, today=dt.date(2023, 6, 1)),
    SearchFilters(deadline_before=dt.date(2023, 12, 31)),
]
SORTS = [None, "number", "-number", "date", "-date", "deadline", "-deadline", "status", "-id"]


def _listed(register: Register, query: str, filters: SearchFilters, sort: str | None) -> list:
    return [
        (s.number, s.date, s.status, s.deadline, s.subject)
        for s in register.search(query, filters, sort, 0, 500)
    ]


@pytest.mark.parametrize("filters", FILTERS)
def test_postgresql_lists_what_sqlite_lists(
    registers: tuple[Register, Register], filters: SearchFilters
) -> None:
    postgresql, sqlite = registers
    assert postgresql.count("", filters) == sqlite.count("", filters)
    for sort in SORTS:
        assert _listed(postgresql, "", filters, sort) == _listed(sqlite, "", filters, sort), sort


def test_postgresql_finds_numbers_as_sqlite_does(registers: tuple[Register, Register]) -> None:
    postgresql, sqlite = registers
    for typed in NUMBERS:
        found = [s.number for s in postgresql.find_by_number(typed)]
        assert found == [s.number for s in sqlite.find_by_number(typed)], typed
    assert postgresql.search("№ РАR/1453")[0].number == "PAR/1453"  # Cyrillic Р and А
    assert [s.number for s in postgresql.find_by_number("146")][:3] == [
        "PAR/1460",
        "PAR/1461",
        "PAR/1462",
    ]


#: Words as officers type them: the reference note's own (the issue's examples that LIKE
#: missed), prefixes, Kazakh and Russian in any case, ё for е, several words, and noise.
WORDS = [
    "Senior Officials",
    "Плана",
    "жоспар",
    "кеңес",
    "КЕҢЕС",
    "energy",
    "Action Plan",
    "ШОС",
    "секретариат",
    "всё",
    "SCO Secretariat 2023",
    "appr",
    '"Plan" AND (SCO) OR NOT *',
    "no-such-word-anywhere",
]


@pytest.mark.parametrize("typed", WORDS)
def test_postgresql_finds_the_words_sqlite_finds(
    registers: tuple[Register, Register], typed: str
) -> None:
    postgresql, sqlite = registers
    found = {(s.number, s.subject) for s in postgresql.search(typed, limit=1000)}
    assert found == {(s.number, s.subject) for s in sqlite.search(typed, limit=1000)}, typed
    assert postgresql.count(typed) == sqlite.count(typed)


def test_the_driver_s_answers_are_the_engine_s(registers: tuple[Register, Register]) -> None:
    """The list's statements sent straight to the driver (app.register.server_reads) find
    what SQLAlchemy's execution of the same statements finds, line for line."""
    postgresql, _sqlite = registers
    assert isinstance(postgresql.reading.listing, CoreListing)
    assert postgresql.reading.listing.server_reads is not None
    through_engine = RegisterReading(CoreListing(postgresql.db.engine, driver_reads=False))
    filters_tried = [*FILTERS, SearchFilters(created_by=1), SearchFilters(exclude_created_by=1)]
    for typed in ["", *NUMBERS, *WORDS]:
        for filters in filters_tried:
            assert postgresql.count(typed, filters) == through_engine.count(typed, filters)
            for sort in [*SORTS, "subject", "-addressee"]:
                for offset, limit in ((0, 500), (7, 5)):
                    assert postgresql.search(
                        typed, filters, sort, offset, limit
                    ) == through_engine.search(typed, filters, sort, offset, limit), (
                        typed,
                        filters,
                        sort,
                        offset,
                    )
        assert postgresql.find_by_number(typed) == through_engine.find_by_number(typed)
        assert list(postgresql.iter_summaries(typed, page=13)) == list(
            through_engine.iter_summaries(typed, page=13)
        )


def test_the_issue_s_words_are_found(registers: tuple[Register, Register]) -> None:
    postgresql, _sqlite = registers
    for typed in ("Senior Officials", "Плана", "жоспар", "кеңес"):
        assert "PAR/1453" in [s.number for s in postgresql.search(typed, limit=1000)], typed


def test_words_and_exports_on_postgresql(registers: tuple[Register, Register]) -> None:
    postgresql, sqlite = registers
    assert postgresql.search("PAR/1453")[0].number == "PAR/1453"
    exported = list(postgresql.iter_summaries(sort="number", page=17))
    assert [s.number for s in exported] == [s.number for s in sqlite.iter_summaries(sort="number")]


def test_a_register_indexed_before_the_word_list_gets_it(
    postgresql_server: PostgreSQLServer,
) -> None:
    """0014 lists the words of the notes indexed before it: they are found by any prefix."""
    from alembic import command

    from app.register import schema

    url = postgresql_server.new_database()
    register = Register.open(url)
    try:
        note = dataclasses.replace(reference_note(), number=None, subject="Ашхабадская встреча")
        saved = register.save_draft(note)
        config = schema.alembic_config(register.db.engine)
        with register.db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
        assert register.schema_revision() == "0013"
        schema.upgrade(register.db.engine)
        assert register.schema_revision() == schema.HEAD_REVISION
        # A later note's word of the same prefix is listed as it is saved: the earlier note is
        # found beside it only if its words were listed by the upgrade.
        later = register.save_draft(dataclasses.replace(note, subject="Ашхабадский план"))
        assert {s.id for s in register.search("ашхабад")} == {saved, later}
        assert [s.id for s in register.search("кеңес ашхабадская")] == [saved]
    finally:
        register.close()
        postgresql_server.drop(url)
