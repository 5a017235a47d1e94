"""The register on PostgreSQL lists what the same register on SQLite lists.

Runs only when VERBALE_TEST_POSTGRESQL_URL names an empty database the test may fill, e.g.
`postgresql+psycopg://verbale:verbale@localhost/verbale_test` (install the `postgres` extra).
Text sorts are left out: each database orders text by its own collation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.demo import fill_demo, reference_note
from app.services.register import Register, SearchFilters

URL = os.environ.get("VERBALE_TEST_POSTGRESQL_URL", "")

pytestmark = pytest.mark.skipif(not URL, reason="VERBALE_TEST_POSTGRESQL_URL is not set")


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, Register]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(URL)
    with engine.begin() as connection:  # an empty database each run
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    postgresql = Register.open(URL)
    sqlite_path: Path = tmp_path_factory.mktemp("pg") / "register.sqlite3"
    sqlite = Register.open(f"sqlite:///{sqlite_path}")
    for register in (postgresql, sqlite):
        fill_demo(register, synthetic=120)
        _issue_some(register, 24)
    yield postgresql, sqlite
    postgresql.close()
    sqlite.close()


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


#: Numbers as officers type them. (Words are matched by the FTS5 index on SQLite, word
#: prefixes, and by LIKE elsewhere, any part of the listed text, which can find more; a number
#: search that finds nothing under the filters falls back to words.)
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


def test_words_and_exports_on_postgresql(registers: tuple[Register, Register]) -> None:
    postgresql, sqlite = registers
    assert postgresql.search("PAR/1453")[0].number == "PAR/1453"
    # Words: LIKE on PostgreSQL finds every note the FTS5 index finds on SQLite.
    by_like = {s.subject for s in postgresql.search("energy", limit=500)}
    by_index = {s.subject for s in sqlite.search("energy", limit=500)}
    assert by_index and by_index <= by_like
    exported = list(postgresql.iter_summaries(sort="number", page=17))
    assert [s.number for s in exported] == [s.number for s in sqlite.iter_summaries(sort="number")]
