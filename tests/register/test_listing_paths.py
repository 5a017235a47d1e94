"""The fast read path on SQLite and the portable one other databases take list the same notes,
and a cached count follows every change to the register."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.register.core_listing import CoreListing
from app.register.engine import Database
from app.register.sqlite_listing import SqliteListing
from app.services.demo import reference_note, synthetic_register
from app.services.register import Register, RegisterError, SearchFilters
from app.services.register_reading import RegisterReading

NOTES = 1600


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, Register]]:
    """The same register file opened twice: fast path, and the portable path forced."""
    path: Path = tmp_path_factory.mktemp("listing") / "register.sqlite3"
    synthetic_register(path, NOTES).close()
    fast = Register.open(f"sqlite:///{path}")
    database = Database.from_url(f"sqlite:///{path}")
    portable = Register(database, reading=RegisterReading(CoreListing(database.engine)))
    assert isinstance(fast.reading.listing, SqliteListing)
    yield fast, portable
    fast.close()
    portable.close()


QUERIES = ["", "1453", "PAR/1453", "№ РАR/14", "par 7", "0", "DIR/1", "кеңес", "energy 12", '"(*']
FILTERS = [
    SearchFilters(),
    SearchFilters(date_from=dt.date(2010, 1, 1), date_to=dt.date(2015, 12, 31)),
    SearchFilters(statuses=("issued", "draft")),
    SearchFilters(statuses=("draft",)),
    SearchFilters(series="par"),
    SearchFilters(addressee="republic"),
    SearchFilters(addressee="member-states"),
    SearchFilters(open_deadlines=True, today=dt.date(2020, 1, 1)),
    SearchFilters(deadline_before=dt.date(2008, 1, 1)),
    SearchFilters(exclude_created_by=1, date_from=dt.date(2020, 1, 1)),
    SearchFilters(created_by=1),
]
SORTS = [None, "-date", "number", "-number", "subject", "-addressee", "status", "deadline"]


@pytest.mark.parametrize("query", QUERIES)
def test_both_paths_list_the_same_notes(registers: tuple[Register, Register], query: str) -> None:
    fast, portable = registers
    for filters in FILTERS:
        assert fast.count(query, filters) == portable.count(query, filters)
        for sort in SORTS:
            for offset, limit in ((0, 20), (15, 10)):
                assert fast.search(query, filters, sort, offset, limit) == portable.search(
                    query, filters, sort, offset, limit
                ), (query, filters, sort, offset)
    assert fast.find_by_number(query) == portable.find_by_number(query)


def test_the_fast_path_reads_what_a_person_expects(registers: tuple[Register, Register]) -> None:
    fast, _portable = registers
    found = fast.search("РАR/1453")  # Cyrillic Р and А
    assert found[0].number == "PAR/1453"
    assert found[0].date == dt.date(2023, 11, 29)
    assert [s.number for s in fast.search("16")[:3]] == ["PAR/16", "PAR/160", "PAR/161"]
    assert fast.count() == NOTES
    first_page = fast.search("", sort="-date", limit=30)
    assert first_page[0].number == f"PAR/{NOTES}"
    assert [s.date for s in first_page] == sorted((s.date for s in first_page), reverse=True)
    # A page past the last number match stays a number search (empty), not a word search.
    assert fast.search("1453", offset=5) == []
    with pytest.raises(RegisterError):
        fast.search("", sort="colour")


def test_cached_count_follows_new_notes(tmp_path: Path) -> None:
    register = Register.open(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    try:
        assert register.count() == 0
        assert register.count("energy") == 0
        note = dataclasses.replace(reference_note(), subject="Energy forum")
        register.save_draft(note)
        assert register.count() == 1
        assert register.count("energy") == 1
        # Another program writing to the same file is seen too.
        other = Register(register.url)
        other.save_draft(note)
        other.close()
        assert register.count() == 2
        assert [s.subject for s in register.search("energy")] == ["Energy forum"] * 2
    finally:
        register.close()


def test_searches_from_worker_threads_and_after_close(registers: tuple[Register, Register]) -> None:
    fast, _portable = registers
    results: list[str | None] = []

    def look_up() -> None:
        results.append(fast.search("PAR/1453")[0].number)

    workers = [threading.Thread(target=look_up) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results == ["PAR/1453"] * 4
    fast.close()  # closes the threads' connections; the next search opens one again
    assert fast.search("PAR/1453")[0].number == "PAR/1453"


@pytest.mark.parametrize("query", ["", "14", "PAR/1453", "energy", "nothing-like-this"])
def test_exports_list_every_note_in_the_order_searches_page_them(
    registers: tuple[Register, Register], query: str
) -> None:
    fast, portable = registers
    for filters in (FILTERS[0], FILTERS[2], FILTERS[9]):
        for sort in (None, "-date", "number", "subject"):
            paged: list[object] = []
            offset = 0
            while page := fast.search(query, filters, sort, offset, 97):
                paged += page
                offset += 97
            assert len(paged) == fast.count(query, filters)
            # Odd batch sizes, so batches end mid-page.
            assert list(fast.iter_summaries(query, filters, sort, page=41)) == paged
            assert list(portable.iter_summaries(query, filters, sort, page=41)) == paged


def test_an_export_stopped_early_leaves_nothing_open(registers: tuple[Register, Register]) -> None:
    fast, _portable = registers
    rows = fast.iter_summaries(page=10)
    first = [next(rows) for _ in range(15)]
    assert [s.number for s in first] == [s.number for s in fast.search("", limit=15)]
    listing = fast.reading.listing
    assert isinstance(listing, SqliteListing)
    assert len(listing._streaming) == 1  # the export's own connection, while it reads
    rows.close()  # the officer cancelled the export
    assert not listing._streaming


def test_a_threads_connection_closes_when_the_thread_ends(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    synthetic_register(path, 30).close()
    register = Register.open(f"sqlite:///{path}")
    listing = register.reading.listing
    assert isinstance(listing, SqliteListing)
    for _ in range(5):  # five short-lived workers, as a thread pool's expire
        worker = threading.Thread(target=lambda: register.search("PAR/1"))
        worker.start()
        worker.join()
    gc.collect()
    assert len(listing._opened) == 0
    register.search("PAR/1")
    assert len(listing._opened) == 1  # this thread's, until the register closes
    register.close()
    assert len(listing._opened) == 0
    # The last connection to close checkpointed the write-ahead log away.
    assert not (tmp_path / "register.sqlite3-wal").exists()
