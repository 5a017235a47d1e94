"""The first sheet of an XLSX workbook (Excel, LibreOffice Calc) as a SheetTable.

The file is checked before openpyxl reads it (archive.py: sizes from the zip directory, every
XML part through expat without DTDs). The scan of each worksheet also counts its cells, finds
how far its values reach (openpyxl would walk every empty cell up to a stray value in XFD1048576)
and notes formula cells without a computed value: openpyxl gives those as empty cells, so the
import would silently lose them. A formula with a saved value is read as that value, as the
spreadsheet shows it.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Final

from app.i18n.messages import _
from app.services.plan_io.archive import CheckedArchive, HandlerRefusal
from app.services.plan_io.cell_text import cell_text
from app.services.plan_io.errors import PlanFileError, column_letter
from app.services.plan_io.sheet import SheetTable
from app.services.plan_paste import PastedCell

#: A sheet with more cells than this is refused before openpyxl builds them (~0.4 KB each).
MAX_SHEET_CELLS: Final = 250_000
#: How far a sheet's values may reach: more rows than a plan holds, more columns than fit.
MAX_SHEET_ROWS: Final = 20_100
MAX_SHEET_COLUMNS: Final = 64
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class _SheetScan:
    """Counts a worksheet's cells and finds the extent of its values and its formulas."""

    part: str
    cells: int = 0
    last_row: int = 0
    last_column: int = 0
    #: Extent of the cells that hold a value (1-based; 0 when none).
    max_row: int = 0
    max_column: int = 0
    #: (reference, formula text) of formula cells without a saved value.
    unvalued: list[tuple[str, str]] = field(default_factory=list)
    #: Every cell holding a value, (row, column) 1-based, and the merged ranges (`B4:B9`).
    valued: set[tuple[int, int]] = field(default_factory=set)
    merges: list[str] = field(default_factory=list)
    _cell: str = ""
    _formula: str | None = None
    _value: str | None = None
    _inline = False
    _inside = ""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "row":
            number = attributes.get("r", "")
            self.last_row = int(number) if number.isdigit() else self.last_row + 1
            self.last_column = 0
        elif name == "c":
            self.cells += 1
            if self.cells > MAX_SHEET_CELLS:
                raise HandlerRefusal(
                    _(
                        "the sheet has more than {count} cells; a plan table has far fewer "
                        "(delete the unused rows and columns, or copy the table to a new sheet)"
                    ).format(count=MAX_SHEET_CELLS)
                )
            reference = _REFERENCE.fullmatch(attributes.get("r", ""))
            if reference:
                self.last_column = _column_number(reference.group(1))
                self.last_row = int(reference.group(2))
            else:
                self.last_column += 1
            self._cell = reference.group(0) if reference else f"R{self.last_row}C{self.last_column}"
            self._formula = None
            self._value = None
            self._inline = attributes.get("t") == "inlineStr"
        elif name in ("f", "v") and self._cell:
            self._inside = name
            if name == "f":
                self._formula = ""
            elif self._value is None:
                self._value = ""
        elif name == "is":
            self._inline = True
        elif name == "mergeCell":
            self.merges.append(attributes.get("ref", ""))

    def text(self, data: str) -> None:
        if self._inside == "f" and self._formula is not None and len(self._formula) < 200:
            self._formula += data
        elif self._inside == "v" and self._value is not None:
            self._value += data

    def end(self, name: str) -> None:
        if name in ("f", "v"):
            self._inside = ""
        elif name == "c":
            has_value = self._inline or bool(self._value)
            if self._formula is not None and not has_value:
                self.unvalued.append((self._cell, self._formula))
            if has_value:
                self.valued.add((self.last_row, self.last_column))
                self.max_row = max(self.max_row, self.last_row)
                self.max_column = max(self.max_column, self.last_column)
            self._cell = ""


@dataclass
class _Workbook:
    """The sheets of xl/workbook.xml in order: (name, relationship id)."""

    sheets: list[tuple[str, str]] = field(default_factory=list)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "sheet":
            ident = next((v for k, v in attributes.items() if k.rpartition(":")[2] == "id"), "")
            self.sheets.append((attributes.get("name", ""), ident))

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


@dataclass
class _Relationships:
    targets: dict[str, str] = field(default_factory=dict)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "Relationship":
            self.targets[attributes.get("Id", "")] = attributes.get("Target", "")

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _sheet_parts(workbook: _Workbook, relationships: _Relationships) -> list[tuple[str, str]]:
    """(sheet name, part) of every sheet, in the workbook's order."""
    parts = []
    for sheet_name, ident in workbook.sheets:
        target = relationships.targets.get(ident, "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join("xl", target))
        parts.append((sheet_name, part))
    return parts


def read_xlsx(data: bytes, name: str) -> SheetTable:
    """The first worksheet as a SheetTable; PlanFileError for a file that is not safe or not
    readable, or whose formulas have no saved value."""
    archive = CheckedArchive(
        data, name, "XLSX", _("this is not a spreadsheet: not a readable XLSX workbook")
    )
    workbook_scan = _Workbook()
    relationships = _Relationships()
    scans = {
        part: _SheetScan(part)
        for part in archive.xml_parts()
        if part.startswith("xl/worksheets/") and part.count("/") == 2
    }
    handlers: dict[str, Any] = dict(scans)
    handlers[_WORKBOOK] = workbook_scan
    handlers[_WORKBOOK_RELS] = relationships
    archive.check_all(handlers)
    sheets = [(n, part) for n, part in _sheet_parts(workbook_scan, relationships) if part in scans]
    if not sheets:
        raise PlanFileError(name, [_("the workbook has no worksheet with a table")])
    sheet_name, part = sheets[0]
    scan = scans[part]
    problems = [
        (
            _(
                "cell {cell} of sheet '{sheet}' holds the formula ={formula} but no value "
                "computed by the spreadsheet; open the file in Excel or LibreOffice and save it "
                "again, or type the value"
            )
            if formula
            else _(
                "cell {cell} of sheet '{sheet}' holds a formula but no value computed by the "
                "spreadsheet; open the file in Excel or LibreOffice and save it again, or type "
                "the value"
            )
        ).format(cell=cell, sheet=sheet_name, formula=formula)
        for cell, formula in scan.unvalued
    ]
    problems += _hidden_under_merges(scan, sheet_name)
    if scan.max_row > MAX_SHEET_ROWS or scan.max_column > MAX_SHEET_COLUMNS:
        problems.append(
            _(
                "sheet '{sheet}' has values down to row {rows} and across to column {columns}; "
                "a plan table fits in {max_rows} rows and {max_columns} columns (delete what "
                "lies beyond the table)"
            ).format(
                sheet=sheet_name,
                rows=scan.max_row,
                columns=scan.max_column,
                max_rows=MAX_SHEET_ROWS,
                max_columns=MAX_SHEET_COLUMNS,
            )
        )
    if problems:
        raise PlanFileError(name, problems)

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
        sheet = next(ws for ws in workbook.worksheets if ws.title == sheet_name)
    except Exception as error:  # a hostile or broken file may break openpyxl anywhere
        raise PlanFileError(
            name,
            [
                _("this is not a spreadsheet: not a readable XLSX workbook")
                + f" ({error.__class__.__name__}"
                + (f": {error})" if str(error) else ")")
            ],
        ) from None
    table = _table(sheet, scan.max_row, scan.max_column)
    table.source = sheet_name
    others = [
        other
        for other, other_part in sheets[1:]
        if scans[other_part].max_row  # holds values
    ]
    if others:
        table.warnings.append(
            _("only the first sheet '{sheet}' was read; {others} also hold cells").format(
                sheet=sheet_name, others=", ".join(f"'{other}'" for other in others)
            )
        )
    return table


def _hidden_under_merges(scan: _SheetScan, sheet_name: str) -> list[str]:
    """Values inside a merged range other than its first cell: openpyxl drops them (Calc
    keeps them when asked to), so they would be lost without a word."""
    problems = []
    for merge in scan.merges:
        first, _colon, last = merge.partition(":")
        top_left, bottom_right = _REFERENCE.fullmatch(first), _REFERENCE.fullmatch(last)
        if not top_left or not bottom_right:
            continue
        top, left = int(top_left.group(2)), _column_number(top_left.group(1))
        bottom, right = int(bottom_right.group(2)), _column_number(bottom_right.group(1))
        if (bottom - top + 1) * (right - left + 1) > len(scan.valued):
            hidden = [
                cell
                for cell in scan.valued
                if top <= cell[0] <= bottom and left <= cell[1] <= right
            ]
        else:
            hidden = [
                (row, column)
                for row in range(top, bottom + 1)
                for column in range(left, right + 1)
                if (row, column) in scan.valued
            ]
        for row, column in sorted(hidden):
            if (row, column) != (top, left):
                problems.append(
                    _(
                        "cell {cell} of sheet '{sheet}' holds a value hidden under the merged "
                        "cells {merge}; only the first cell of a merge is shown, so unmerge "
                        "them or delete the hidden value"
                    ).format(
                        cell=f"{column_letter(column - 1)}{row}", sheet=sheet_name, merge=merge
                    )
                )
    return problems


def _table(sheet: Any, max_row: int, max_column: int) -> SheetTable:
    rows: list[list[PastedCell]] = [
        [PastedCell(cell_text(cell.value, cell.number_format)) for cell in row]
        for row in sheet.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_column)
    ]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= max_row or left >= max_column:
            continue  # empty cells merged beyond the table
        bottom, right = min(merged.max_row, max_row), min(merged.max_col, max_column)
        anchor = rows[top][left]
        rows[top][left] = PastedCell(anchor.text, bottom - top, right - left)
        for row in range(top, bottom):
            for column in range(left, right):
                if (row, column) != (top, left):
                    rows[row][column] = PastedCell(covered="above" if row > top else "left")
    return SheetTable(rows)
