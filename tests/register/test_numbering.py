"""Numbers are given out atomically, never lost, never reused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing

import pytest

from app.domain.number import NoteNumber
from app.services.demo import reference_note
from app.services.register import Register, RegisterError
from tests.register.conftest import approved, plain_renderer


def _allocate_many(url: str, count: int, queue: multiprocessing.Queue[list[int]]) -> None:
    register = Register(url)
    numbers = [register.allocate_number("PAR").running for _ in range(count)]
    register.close()
    queue.put(numbers)


def test_processes_get_distinct_consecutive_numbers(
    register_url: str, register_engine: str
) -> None:
    """4 processes x 500 numbers from a SQLite file; 8 x 1,000 from the PostgreSQL server, each
    allocation its own transaction, the series' first number among them."""
    processes, each = (4, 500) if register_engine == "sqlite" else (8, 1000)
    register = Register.open(register_url)
    register.ensure_series("PAR")
    register.close()
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[int]] = context.Queue()
    workers = [
        context.Process(target=_allocate_many, args=(register_url, each, queue))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=400) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    total = processes * each
    every = sorted(number for numbers in results for number in numbers)
    assert every == list(range(1, total + 1))
    assert all(numbers == sorted(numbers) for numbers in results)
    register = Register(register_url)
    assert sorted(register.number_states("PAR")) == list(range(1, total + 1))
    register.close()


def test_a_cancelled_number_stays_and_is_never_reused(register: Register) -> None:
    register.ensure_series("PAR", next_running=1453)
    reserved = register.allocate_number("PAR")
    register.cancel_number(reserved, "typed in error")
    issued = register.issue(
        approved(register, register.save_draft(reference_note())), plain_renderer
    )
    assert reserved == NoteNumber("PAR", 1453)
    assert issued.number == NoteNumber("PAR", 1454)
    assert register.number_states("PAR") == {1453: "cancelled", 1454: "used"}
    with pytest.raises(RegisterError):
        register.cancel_number(issued.number, "too late")
    with pytest.raises(RegisterError, match="reuse"):
        register.ensure_series("PAR", next_running=1454)


def test_a_yearly_series_starts_again_each_year(register: Register) -> None:
    register.ensure_series("DIR", yearly_reset=True)
    assert register.allocate_number("DIR", dt.date(2023, 5, 1)).running == 1
    assert register.allocate_number("DIR", dt.date(2023, 6, 1)).running == 2
    assert register.allocate_number("DIR", dt.date(2024, 1, 9)).running == 1


def test_an_issued_note_no_longer_changes(register: Register) -> None:
    register.ensure_series("PAR", next_running=1453)
    note_id = approved(register, register.save_draft(reference_note()))
    register.issue(note_id, plain_renderer)
    with pytest.raises(RegisterError, match="issued"):
        register.save_draft(dataclasses.replace(reference_note(), subject="Changed"), note_id)
    with pytest.raises(RegisterError, match="cannot be issued"):
        register.issue(note_id, plain_renderer)
    record = register.load(note_id)
    assert record.note.subject == reference_note().subject
    assert str(record.note.number) == "№PAR/1453"
    assert [entry.to_status for entry in record.history] == [
        "draft",
        "submitted",
        "approved",
        "issued",
    ]
    assert {doc.file_name for doc in record.documents} == {
        "PAR-1453_en.pdf",
        "PAR-1453_ru.pdf",
        "PAR-1453_kk.pdf",
        "PAR-1453_all.pdf",
    }


def test_a_draft_is_saved_and_loaded_unchanged(register: Register) -> None:
    note = reference_note()
    note_id = register.save_draft(note)
    assert register.load(note_id).note == note
    changed = dataclasses.replace(note, subject="Revised subject")
    assert register.save_draft(changed, note_id) == note_id
    record = register.load(note_id)
    assert record.note == changed
    assert record.status == "draft"
    assert register.search("revised")[0].id == note_id
