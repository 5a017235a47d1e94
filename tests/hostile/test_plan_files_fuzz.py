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
