"""Officers find №PAR/1453 however they type its number."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.demo import reference_note
from app.services.register import Register
from tests.register.conftest import approved, issue_reference, plain_renderer


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    folder: Path = tmp_path_factory.mktemp("numbers")
    register = Register.open(f"sqlite:///{folder / 'register.sqlite3'}")
    register.ensure_series("PAR", next_running=145)
    base = reference_note()
    for running in (145, 146):
        draft = dataclasses.replace(base, subject=f"Other note {running}")
        register.issue(approved(register, register.save_draft(draft)), plain_renderer)
    register.ensure_series("PAR", next_running=1452)
    before = register.save_draft(dataclasses.replace(base, subject="Before"))
    register.issue(approved(register, before), plain_renderer)
    issue_reference(register)
    register.ensure_series("DIR")
    other_series = dataclasses.replace(base, series="DIR", subject="Directive")
    register.issue(approved(register, register.save_draft(other_series)), plain_renderer)
    yield register
    register.close()


@pytest.mark.parametrize(
    "typed",
    ["1453", "PAR/1453", "par 1453", "№ PAR/1453", "№PAR/1453", "РАR/1453", "рar-1453", " 1453 "],
)
def test_every_typed_form_finds_the_reference_first(filled: Register, typed: str) -> None:
    found = filled.search(typed)
    assert found[0].number == "PAR/1453"
    assert found[0].number_display == "№PAR/1453"
    assert found[0].date == dt.date(2023, 11, 29)
    assert filled.find_by_number(typed)[0].number == "PAR/1453"


def test_exact_match_comes_before_partial_matches(filled: Register) -> None:
    numbers = [summary.number for summary in filled.search("145")]
    assert numbers[0] == "PAR/145"
    assert set(numbers) == {"PAR/145", "PAR/1452", "PAR/1453"}


def test_a_number_of_another_series_is_not_found_under_par(filled: Register) -> None:
    assert [s.number for s in filled.search("DIR/1")] == ["DIR/1"]
    assert filled.find_by_number("XYZ/1453") == []


def test_count_agrees_with_search(filled: Register) -> None:
    assert filled.count("145") == 3
    assert filled.count("") == 5
