"""The first sheet of an ODS workbook (LibreOffice Calc's own format) as a SheetTable.

content.xml is read once, a chunk at a time, by the archive's checked expat scan (no DTD, no
entities, a bounded number of elements): no tree is built, so a sheet's "repeat this empty
row a million times" costs nothing. A cell's text is its paragraphs (`text:p`) as Calc wrote
them, which is the value as the sheet shows it (1.1 stored as a number shows "1.1"; a formula
shows its last computed value). Cells merged over rows or columns (`number-rows-spanned`,
`number-columns-spanned`) become spans; text hidden under a merge is refused as for XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from app.i18n.messages import _
from app.services.plan_io.archive import CheckedArchive, HandlerRefusal
from app.services.plan_io.errors import PlanFileError, column_letter
from app.services.plan_io.sheet import SheetTable
from app.services.plan_io.xlsx import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from app.services.plan_paste import PastedCell

_CONTENT: Final = "content.xml"
#: Elements inside a cell whose text is not the cell's (comments, change tracking).
_NOT_TEXT: Final = frozenset({"annotation", "tracked-changes", "note"})


def _attribute(attributes: dict[str, str], name: str, default: str = "") -> str:
    for key, value in attributes.items():
        if key.rpartition(":")[2] == name:
            return value
    return default


def _count(attributes: dict[str, str], name: str) -> int:
    value = _attribute(attributes, name, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


@dataclass
class _Cell:
    row: int
    column: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class _ContentScan:
    """Collects the filled cells of the first table and notes the others that hold text."""

    cells: list[_Cell] = field(default_factory=list)
    #: (row, column) of text in covered cells: hidden under a merge.
    hidden: list[tuple[int, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    others_filled: list[str] = field(default_factory=list)
    _table = -1
    _row = 0
    _row_repeat = 1
    _row_cells: list[_Cell] = field(default_factory=list)
    _row_hidden: list[int] = field(default_factory=list)
    _column = 0
    _cell: dict[str, int] | None = None
    _covered = False
    _parts: list[str] = field(default_factory=list)
    _paragraphs = 0
    _skip = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "table" and self._cell is None:
            self._table += 1
            self.names.append(_attribute(attributes, "name"))
            self._row = 0
        if self._table < 0:
            return
        if name in _NOT_TEXT:
            self._skip += 1
        elif name == "table-row" and self._cell is None:
            self._row_repeat = _count(attributes, "number-rows-repeated")
            self._row_cells, self._row_hidden, self._column = [], [], 0
        elif name in ("table-cell", "covered-table-cell") and self._cell is None:
            self._cell = {
                "repeat": _count(attributes, "number-columns-repeated"),
                "rows": _count(attributes, "number-rows-spanned"),
                "columns": _count(attributes, "number-columns-spanned"),
            }
            self._covered = name == "covered-table-cell"
            self._parts, self._paragraphs = [], 0
        elif self._cell is not None and not self._skip:
            if name == "p" or name == "h":
                if self._paragraphs:
                    self._parts.append("\n")
                self._paragraphs += 1
            elif name == "s":
                self._parts.append(" " * _count(attributes, "c"))
            elif name == "tab":
                self._parts.append("\t")
            elif name == "line-break":
                self._parts.append("\n")

    def text(self, data: str) -> None:
        if self._cell is not None and not self._skip and self._paragraphs:
            self._parts.append(data)

    def end(self, name: str) -> None:
        if self._table < 0:
            return
        if name in _NOT_TEXT:
            self._skip = max(0, self._skip - 1)
        elif name in ("table-cell", "covered-table-cell") and self._cell is not None:
            cell, self._cell = self._cell, None
            text = "".join(self._parts).strip("\n")
            if text.strip():
                if self._table > 0:
                    if self.names[self._table] not in self.others_filled:
                        self.others_filled.append(self.names[self._table])
                elif self._covered:
                    self._row_hidden.append(self._column)
                else:
                    for offset in range(min(cell["repeat"], MAX_SHEET_COLUMNS + 1)):
                        self._row_cells.append(
                            _Cell(0, self._column + offset, cell["rows"], cell["columns"], text)
                        )
                if self._column + cell["repeat"] > MAX_SHEET_COLUMNS and self._table == 0:
                    raise HandlerRefusal(self._too_large())
            elif not self._covered and (cell["rows"] > 1 or cell["columns"] > 1):
                self._row_cells.append(_Cell(0, self._column, cell["rows"], cell["columns"], ""))
            self._column += cell["repeat"]
        elif name == "table-row" and self._cell is None and self._table == 0:
            filled = bool(self._row_cells) or bool(self._row_hidden)
            if filled and self._row + self._row_repeat > MAX_SHEET_ROWS:
                raise HandlerRefusal(self._too_large())
            if filled:
                for offset in range(self._row_repeat):
                    for held in self._row_cells:
                        self.cells.append(
                            _Cell(
                                self._row + offset,
                                held.column,
                                held.rowspan,
                                held.colspan,
                                held.text,
                            )
                        )
                    self.hidden += [(self._row + offset, column) for column in self._row_hidden]
            self._row += self._row_repeat

    def _too_large(self) -> str:
        return _(
            "sheet '{sheet}' reaches beyond {max_rows} rows or {max_columns} columns; a plan "
            "table fits in far fewer (delete what lies beyond the table)"
        ).format(sheet=self.names[0], max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS)


def read_ods(data: bytes, name: str) -> SheetTable:
    """The first sheet of an ODS file; PlanFileError for a file not safe or not readable."""
    archive = CheckedArchive(
        data, name, "ODS", _("this is not a spreadsheet: not a readable ODS workbook")
    )
    if not archive.has(_CONTENT):
        raise PlanFileError(
            name, [_("this is not a spreadsheet: not a readable ODS workbook") + f" ({_CONTENT}?)"]
        )
    scan = _ContentScan()
    archive.check_all({_CONTENT: scan})
    if not scan.names:
        raise PlanFileError(name, [_("the workbook has no worksheet with a table")])
    sheet = scan.names[0]
    grid: dict[tuple[int, int], PastedCell] = {}
    for cell in scan.cells:
        grid[(cell.row, cell.column)] = PastedCell(cell.text, cell.rowspan, cell.colspan)
    problems = []
    for row, column in scan.hidden:
        anchor = next(
            (
                cell
                for cell in scan.cells
                if cell.row <= row < cell.row + cell.rowspan
                and cell.column <= column < cell.column + cell.colspan
            ),
            None,
        )
        merge = (
            f"{column_letter(anchor.column)}{anchor.row + 1}:"
            f"{column_letter(anchor.column + anchor.colspan - 1)}{anchor.row + anchor.rowspan}"
            if anchor
            else "?"
        )
        problems.append(
            _(
                "cell {cell} of sheet '{sheet}' holds a value hidden under the merged "
                "cells {merge}; only the first cell of a merge is shown, so unmerge "
                "them or delete the hidden value"
            ).format(cell=f"{column_letter(column)}{row + 1}", sheet=sheet, merge=merge)
        )
    if problems:
        raise PlanFileError(name, problems)
    table = SheetTable(_rows(grid), source=sheet)
    if scan.others_filled:
        table.warnings.append(
            _("only the first sheet '{sheet}' was read; {others} also hold cells").format(
                sheet=sheet, others=", ".join(f"'{other}'" for other in scan.others_filled)
            )
        )
    return table


def _rows(grid: dict[tuple[int, int], PastedCell]) -> list[list[PastedCell]]:
    """The grid with the places under each merge marked covered; empty rows at the end gone."""
    filled = [place for place, cell in grid.items() if cell.text.strip()]
    if not filled:
        return []
    height = max(row for row, _column in filled) + 1
    width = max(column for _row, column in filled) + 1
    rows = [[PastedCell() for _ in range(width)] for _ in range(height)]
    for (row, column), cell in sorted(grid.items()):
        if row >= height or column >= width:
            continue
        rowspan = min(cell.rowspan, height - row)
        colspan = min(cell.colspan, width - column)
        rows[row][column] = PastedCell(cell.text, rowspan, colspan)
        for below in range(row, row + rowspan):
            for right in range(column, column + colspan):
                if (below, right) != (row, column):
                    rows[below][right] = PastedCell(covered="above" if below > row else "left")
    return rows
