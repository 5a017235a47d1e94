"""Issue 12, point 13: hostile XLSX plan files are refused quickly, in little memory, with a
sentence saying why; formula cells give their saved value, and one without is a problem naming
its cell. (The time each refusal takes is printed by bench/hostile_plans.py, not asserted.)
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services.plan_io import PlanFileError, read_plan_bytes
from app.services.plan_io.sheet import SheetTable
from app.services.plan_io.xlsx import read_xlsx
from tests.hostile.measured_import import import_measured
from tests.hostile.spreadsheet_bombs import (
    SHEET,
    entity_bomb,
    gigabyte_cell,
    parts_of,
    rezip,
    small_workbook,
    zip_bomb,
)

PEAK_MB = 300


def _texts(table: SheetTable) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


@pytest.mark.parametrize(
    ("make", "unpacked"),
    [(zip_bomb, "2,399.9 MB"), (gigabyte_cell, "1,024.0 MB")],
    ids=["zip bomb 7 MB -> 2.4 GB", "1 GB cell"],
)
def test_bombs_are_refused_from_the_zip_directory_in_little_memory(
    make: object, unpacked: str, tmp_path: Path
) -> None:
    path = make(tmp_path / "bomb.xlsx")  # type: ignore[operator]
    measured = import_measured(path)
    assert measured.error is None, measured.error
    assert len(measured.problems) == 1, measured.problems
    problem = measured.problems[0]
    assert "the file would unpack to" in problem and unpacked in problem, problem
    assert "so it was not opened" in problem
    assert measured.peak_mb < PEAK_MB, f"peak {measured.peak_mb:.0f} MB"


def test_an_entity_bomb_is_refused_before_any_parser_expands_it() -> None:
    with pytest.raises(PlanFileError) as caught:
        read_plan_bytes(entity_bomb(), "laughs.xlsx")
    assert caught.value.problems == (
        "the part xl/worksheets/sheet1.xml declares a document type (entities): spreadsheets and "
        "documents never need one, and it can make a small file enormous",
    )


def test_malformed_xml_names_the_part_line_and_column() -> None:
    parts = parts_of(small_workbook())
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b"</sheetDta>")
    with pytest.raises(PlanFileError) as caught:
        read_plan_bytes(rezip(parts), "broken.xlsx")
    (problem,) = caught.value.problems
    assert problem.startswith(f"the part {SHEET} is not well-formed XML (line 1, column ")
    assert "mismatched tag" in problem


def test_a_directory_that_understates_a_part_cannot_smuggle_more_bytes() -> None:
    data = bytearray(small_workbook())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SHEET)
    # Shrink the declared size in the central directory: zipfile then stops at that size and
    # the CRC no longer matches, so the part is "damaged", never read past its declaration.
    offset = bytes(data).find(SHEET.encode(), archive.start_dir) - 46
    size_at = offset + 24
    data[size_at : size_at + 4] = (info.file_size // 2).to_bytes(4, "little")
    with pytest.raises(PlanFileError) as caught:
        read_plan_bytes(bytes(data), "short.xlsx")
    assert any("cannot be unpacked" in problem for problem in caught.value.problems)


def _formula_workbook(cached: str | None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(["No.", "Events", "Days"])
    sheet.append([1, "Meeting", 2])
    sheet.append([2, "Conference", "=C2*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if cached is None:
        return buffer.getvalue()
    parts = parts_of(buffer.getvalue())
    parts[SHEET] = parts[SHEET].replace(
        b"<f>C2*2</f><v></v>", b"<f>C2*2</f><v>" + cached.encode() + b"</v>"
    )
    assert cached.encode() in parts[SHEET]
    return rezip(parts)


def test_a_formula_cell_is_read_as_the_value_the_spreadsheet_saved() -> None:
    table = read_xlsx(_formula_workbook("4"), "plan.xlsx")
    assert _texts(table)[2] == ["2", "Conference", "4"]


def test_a_formula_without_a_saved_value_is_a_problem_naming_its_cell() -> None:
    with pytest.raises(PlanFileError) as caught:
        read_xlsx(_formula_workbook(None), "plan.xlsx")
    assert caught.value.problems == (
        "cell C3 of sheet 'Plan' holds the formula =C2*2 but no value computed by the "
        "spreadsheet; open the file in Excel or LibreOffice and save it again, or type the value",
    )


def test_a_value_hidden_under_merged_cells_is_not_lost_silently() -> None:
    parts = parts_of(small_workbook([["No.", "Events"], [1, "Meeting"], [2, "Hidden"]]))
    parts[SHEET] = parts[SHEET].replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>'
    )
    with pytest.raises(PlanFileError) as caught:
        read_xlsx(rezip(parts), "plan.xlsx")
    assert caught.value.problems == (
        "cell B3 of sheet 'Sheet' holds a value hidden under the merged cells B2:B3; only the "
        "first cell of a merge is shown, so unmerge them or delete the hidden value",
    )


def test_a_stray_value_far_away_is_refused_without_walking_the_empty_cells() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "No."
    sheet["XFD1048576"] = "stray"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(PlanFileError) as caught:
        read_xlsx(buffer.getvalue(), "plan.xlsx")
    assert caught.value.problems == (
        "sheet 'Sheet' has values down to row 1048576 and across to column 16384; a plan table "
        "fits in 20100 rows and 64 columns (delete what lies beyond the table)",
    )


def test_a_legacy_or_encrypted_office_file_is_told_apart() -> None:
    with pytest.raises(PlanFileError) as caught:
        read_plan_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.xlsx")
    assert "old-style Excel or Word file (.xls, .doc) or one protected by a password" in str(
        caught.value
    )
