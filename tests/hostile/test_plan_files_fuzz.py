"""Hypothesis over plan files (issue 12's hostile suite): whatever a CSV or XLSX holds, the
import gives a plan or a PlanFileError naming problems — never another exception."""

from __future__ import annotations

import contextlib
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from app.services.plan_io import PlanFileError, plan_to_xlsx, read_plan_bytes
from tests.plan.conftest import REFERENCE_CSV

_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["kind", "text.en", "events.en", "item", "section", "^", "=1+1", "1.1", "I."]),
)
grids = st.lists(st.lists(_cell, max_size=6), max_size=8)
_FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _imports_or_says_why(data: bytes, name: str) -> None:
    try:
        read_plan_bytes(data, name)
    except PlanFileError as error:
        assert error.problems and all(problem.strip() for problem in error.problems)


@_FAST
@given(grids)
def test_any_csv_imports_or_says_why(grid: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(grid)
    _imports_or_says_why(buffer.getvalue().encode("utf-8", "surrogatepass"), "plan.csv")


@_FAST
@given(grids)
def test_any_xlsx_imports_or_says_why(grid: list[list[str]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, row in enumerate(grid, start=1):
        for column, text in enumerate(row, start=1):
            # openpyxl itself refuses control characters in a cell
            with contextlib.suppress(IllegalCharacterError):
                sheet.cell(row=number, column=column, value=text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _imports_or_says_why(buffer.getvalue(), "plan.xlsx")


_REFERENCE_XLSX = plan_to_xlsx(read_plan_bytes(REFERENCE_CSV.read_bytes(), "plan.csv"))


@_FAST
@given(
    st.lists(st.tuples(st.integers(0, len(_REFERENCE_XLSX) - 1), st.integers(0, 255)), max_size=8)
)
def test_a_damaged_workbook_imports_or_says_why(changes: list[tuple[int, int]]) -> None:
    data = bytearray(_REFERENCE_XLSX)
    for position, value in changes:
        data[position] = value
    _imports_or_says_why(bytes(data), "plan.xlsx")


@_FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_import_or_say_why(data: bytes) -> None:
    _imports_or_says_why(data, "plan.xlsx")
    _imports_or_says_why(data, "plan.csv")


_REFERENCE_LINES = REFERENCE_CSV.read_text(encoding="utf-8-sig").splitlines(keepends=True)
_HEADER_ROWS = list(csv.reader(io.StringIO("".join(_REFERENCE_LINES))))
#: The reference plan's rows before its items: settings, columns, approval, title, preamble.
_BEFORE_ITEMS = [row for row in _HEADER_ROWS if row and row[0] != "item"]
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    max_size=40,
)
_items = st.lists(st.tuples(_texts, _texts, _texts, _texts), min_size=1, max_size=6)


def _typed_texts(items: list[tuple[str, str, str, str]]) -> list[str]:
    return [text for item in items for text in item if text.strip()]


def _plan_texts(data: bytes, name: str) -> list[str] | None:
    """Every cell text of the imported plan's items, or None if the import said why not."""
    try:
        plan = read_plan_bytes(data, name)
    except PlanFileError as error:
        assert error.problems and all(problem.strip() for problem in error.problems)
        return None
    return [
        text for item in plan.items for cell in item.cells.values() for text in cell.texts.values()
    ]


def _as_rows(items: list[tuple[str, str, str, str]]) -> list[list[str]]:
    return [*_BEFORE_ITEMS, *(["item", "", "", "", "", "", "", *item] for item in items)]


@_FAST
@given(_items)
def test_every_cell_text_of_a_csv_is_kept_or_refused(
    items: list[tuple[str, str, str, str]],
) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(_as_rows(items))
    found = _plan_texts(buffer.getvalue().encode("utf-8"), "plan.csv")
    if found is not None:
        kept = [" ".join(text.split()) for text in found]
        for text in _typed_texts(items):
            assert " ".join(text.split()) in kept, text  # no text silently dropped


@_FAST
@given(_items)
def test_every_cell_text_of_an_xlsx_is_kept_or_refused(
    items: list[tuple[str, str, str, str]],
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in _as_rows(items):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    found = _plan_texts(buffer.getvalue(), "plan.xlsx")
    if found is not None:
        kept = [" ".join(text.split()) for text in found]
        for text in _typed_texts(items):
            assert " ".join(text.split()) in kept, text  # no text silently dropped
