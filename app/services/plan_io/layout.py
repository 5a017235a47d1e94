"""Verbale's own plan layout (docs/plan-format.md): `kind | level | number | key | value |
text.<lang> | <column>.<lang>`, one row per piece of the plan.

A cell whose whole text is `^` continues the cell above it (a row span); in XLSX, a vertically
merged range does the same. A text that really is `^` is written `\\^` (one more backslash for
each backslash before the caret). `grid_to_plan` checks everything first and raises
PlanFileError listing every problem, each naming its row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from app.domain.languages import LANGUAGE_ORDER, in_binding_order
from app.domain.plan import (
    NUMBER_HEADERS,
    NUMBER_KEY,
    Block,
    BlockKind,
    Cell,
    Column,
    Item,
    NumberColumn,
    NumberingMode,
    Orientation,
    Plan,
    PlanProblem,
    Row,
    Section,
    Signatory,
)
from app.domain.problems import Problem
from app.services.plan_io.errors import PlanFileError
from app.services.plan_io.errors import column_letter as _letter
from app.services.plan_io.sheet import SheetTable

FIXED_HEADERS: Final[tuple[str, ...]] = ("kind", "level", "number", "key", "value")
KINDS: Final[tuple[str, ...]] = (
    "setting",
    "column",
    "approval",
    "title",
    "paragraph",
    "bullet",
    "section",
    "item",
)
SETTINGS: Final[dict[str, tuple[str, ...]]] = {
    "numbering": ("flat", "hierarchical", "typed"),
    "orientation": ("portrait", "landscape"),
}
APPROVAL_PARTS: Final[tuple[str, ...]] = ("heading", "name", "title", "date")
SPAN_MARK: Final = "^"
_ESCAPED_MARK = re.compile(r"\\*\^")


def is_layout_header(row: Sequence[str]) -> bool:
    """True when a first row is the header of Verbale's own layout (it names `kind` and a
    `text.<lang>` column), not the header of a plain table."""
    names = {cell.strip() for cell in row}
    return "kind" in names and any(f"text.{language}" in names for language in LANGUAGE_ORDER)


def looks_like_layout(row: Sequence[str]) -> bool:
    """True when a first row is meant as the layout's header, even a wrong one: it names
    `kind`, three of the fixed headers, or a `<column>.<lang>` column. Anything else is the
    header of a plain table."""
    names = {cell.strip() for cell in row}
    dotted = any(
        name.rpartition(".")[0] and name.rpartition(".")[2] in LANGUAGE_ORDER for name in names
    )
    return "kind" in names or len(names & set(FIXED_HEADERS)) >= 3 or dotted


def layout_grid(table: SheetTable, name: str) -> list[list[str]]:
    """A sheet in the layout as rows of strings: cells merged down a table column become `^`
    marks; any other merge is a problem."""
    grid = [[cell.text for cell in row] for row in table.padded()]
    header = [text.strip() for text in grid[0]] if grid else []
    problems: list[str] = []
    for row_index, row in enumerate(table.padded()):
        for column, cell in enumerate(row):
            if cell.covered or (cell.rowspan == 1 and cell.colspan == 1):
                continue
            where = f"{_letter(column)}{row_index + 1}:" + (
                f"{_letter(column + cell.colspan - 1)}{row_index + cell.rowspan}"
            )
            if cell.colspan > 1:
                problems.append(
                    f"row {row_index + 1}, cells {where}: cells merged across columns; in "
                    "Verbale's layout only cells merged down one column (a row span) have a "
                    "meaning"
                )
                continue
            heading = header[column] if column < len(header) else ""
            if row_index == 0 or "." not in heading or heading.startswith("text."):
                problems.append(
                    f"row {row_index + 1}, column {_letter(column)} ({heading or 'no header'}): "
                    f"cells {where} are merged; only table cells (<column>.<language>) may "
                    "span rows"
                )
                continue
            for below in range(row_index + 1, row_index + cell.rowspan):
                grid[below][column] = SPAN_MARK
    if problems:
        raise PlanFileError(name, problems)
    while grid and not any(grid[-1]):
        grid.pop()
    return grid


@dataclass
class _Header:
    fixed: dict[str, int]
    texts: dict[str, int]
    cells: dict[str, dict[str, int]]
    languages: tuple[str, ...]
    names: list[str]


def _parse_header(header: list[str], problems: list[str]) -> _Header:
    fixed: dict[str, int] = {}
    texts: dict[str, int] = {}
    cells: dict[str, dict[str, int]] = {}
    seen: dict[str, int] = {}
    names = [name.strip() for name in header]
    for index, name in enumerate(names):
        where = f"row 1, column {_letter(index)}"
        if not name:
            if index < len(names) - 1 or index < len(FIXED_HEADERS):
                problems.append(f"{where}: the header is empty")
            continue
        if name in seen:
            problems.append(f"{where} ({name}): the header repeats column {_letter(seen[name])}")
            continue
        seen[name] = index
        if name in FIXED_HEADERS:
            fixed[name] = index
            continue
        key, dot, language = name.rpartition(".")
        if not dot or not key:
            problems.append(
                f"{where} ({name}): unknown header; expected one of "
                f"{', '.join(FIXED_HEADERS)}, text.<language> or <column>.<language>"
            )
            continue
        if language not in LANGUAGE_ORDER:
            problems.append(f"{where} ({name}): {language!r} is not a language; use en, ru or kk")
            continue
        if key == "text":
            texts[language] = index
        else:
            cells.setdefault(key, {})[language] = index
    for expected in FIXED_HEADERS:
        if expected not in fixed:
            problems.append(f"row 1: the header {expected!r} is missing")
    languages = in_binding_order(
        set(texts) | {language for by_language in cells.values() for language in by_language}
    )
    if not languages and not problems:
        problems.append("row 1: no text.<language> columns; a plan needs at least one language")
    for language in languages:
        if language not in texts:
            problems.append(
                f"row 1: the header text.{language} is missing (the file has {language} "
                "table columns, so it needs the texts in that language too)"
            )
    for key, by_language in cells.items():
        for language in languages:
            if language not in by_language:
                problems.append(
                    f"row 1: the header {key}.{language} is missing: column {key!r} has no "
                    f"{language} text while the plan is in {', '.join(languages)}"
                )
    return _Header(fixed, texts, cells, languages, names)


def grid_to_plan(grid: Sequence[Sequence[str]], name: str = "plan") -> Plan:
    """A plan from rows of strings in the documented layout; PlanFileError lists problems."""
    rows = [list(row) for row in grid]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise PlanFileError(name, ["the file is empty: it has no rows"])
    problems: list[str] = []
    header = _parse_header(rows[0], problems)
    if problems:
        raise PlanFileError(name, problems)
    reader = _RowReader(header, problems)
    for number, values in enumerate(rows[1:], start=2):
        reader.read(number, values)
    plan = reader.plan()
    if problems:
        raise PlanFileError(name, problems)
    for problem in plan.problems():
        problems.append(reader.locate(problem))
    if problems:
        raise PlanFileError(name, problems)
    return plan


class _RowReader:
    """Reads the data rows one by one, collecting problems."""

    def __init__(self, header: _Header, problems: list[str]) -> None:
        self.header = header
        self.problems = problems
        self.languages = header.languages
        self.settings: dict[str, str] = {}
        self.number_column = NumberColumn(
            {language: "" for language in self.languages}
        )  # replaced by a `column number` row
        self.number_column_seen = False
        self.columns: list[Column] = []
        self.column_rows: dict[str, int] = {}
        self.signatories: list[dict[str, Any]] = []
        self.title: dict[str, str] | None = None
        self.preamble: list[Block] = []
        self.table: list[Row] = []
        self.table_lines: list[int] = []
        #: Column keys with a cell above that a ^ may continue (reset by a section).
        self.span_open: dict[str, int] = {}
        #: Per table row position: the column keys continued from above (^).
        self.covered: dict[int, set[str]] = {}

    # -- helpers

    def where(self, line: int, index: int) -> str:
        return f"row {line}, column {_letter(index)} ({self.header.names[index]})"

    def fixed(self, values: list[str], name: str) -> str:
        return values[self.header.fixed[name]].strip()

    def texts(self, values: list[str]) -> dict[str, str]:
        return {language: values[index] for language, index in self.header.texts.items()}

    def expect_empty(self, line: int, values: list[str], indexes: Iterable[int], kind: str) -> None:
        for index in indexes:
            if values[index].strip():
                self.problems.append(
                    f"{self.where(line, index)}: a {kind} row has nothing in this column"
                )

    def cell_indexes(self) -> list[int]:
        return [
            index for by_language in self.header.cells.values() for index in by_language.values()
        ]

    def text_indexes(self) -> list[int]:
        return list(self.header.texts.values())

    # -- rows

    def read(self, line: int, values: list[str]) -> None:
        width = len(self.header.names)
        if len(values) > width:
            extra = [i for i in range(width, len(values)) if values[i].strip()]
            for index in extra:
                self.problems.append(
                    f"row {line}, column {_letter(index)}: text outside the columns of the header"
                )
        values = (values + [""] * width)[:width]
        if not any(value.strip() for value in values):
            return  # blank rows are allowed anywhere
        kind = self.fixed(values, "kind")
        fixed = self.header.fixed
        if kind not in KINDS:
            self.problems.append(
                f"{self.where(line, fixed['kind'])}: unknown row kind {kind!r}; use "
                + ", ".join(KINDS)
            )
            return
        getattr(self, f"_read_{kind}")(line, values)

    def _read_setting(self, line: int, values: list[str]) -> None:
        fixed = self.header.fixed
        key, value = self.fixed(values, "key"), self.fixed(values, "value")
        self.expect_empty(
            line,
            values,
            [fixed["level"], fixed["number"], *self.text_indexes(), *self.cell_indexes()],
            "setting",
        )
        if key not in SETTINGS:
            self.problems.append(
                f"{self.where(line, fixed['key'])}: unknown setting {key!r}; use "
                + ", ".join(SETTINGS)
            )
        elif value not in SETTINGS[key]:
            self.problems.append(
                f"{self.where(line, fixed['value'])}: {key} is {value!r}; use "
                + ", ".join(SETTINGS[key])
            )
        elif key in self.settings:
            self.problems.append(f"{self.where(line, fixed['key'])}: {key} is set twice")
        else:
            self.settings[key] = value

    def _read_column(self, line: int, values: list[str]) -> None:
        fixed = self.header.fixed
        key = self.fixed(values, "key")
        self.expect_empty(
            line, values, [fixed["level"], fixed["number"], *self.cell_indexes()], "column"
        )
        raw_width = self.fixed(values, "value")
        try:
            width = float(raw_width) if raw_width else 1.0
        except ValueError:
            self.problems.append(
                f"{self.where(line, fixed['value'])}: the width {raw_width!r} is not a number"
            )
            width = 1.0
        headers = self.texts(values)
        if key in self.column_rows:
            self.problems.append(
                f"{self.where(line, fixed['key'])}: column {key!r} is described twice "
                f"(first in row {self.column_rows[key]})"
            )
            return
        self.column_rows[key] = line
        if key == NUMBER_KEY:
            overrides = {
                language: text
                for language, text in headers.items()
                if text.strip() and text != NUMBER_HEADERS.get(language)
            }
            self.number_column = NumberColumn(overrides, width)
            self.number_column_seen = True
            return
        if key not in self.header.cells:
            self.problems.append(
                f"{self.where(line, fixed['key'])}: column {key!r} has no "
                + ", ".join(f"{key}.{language}" for language in self.languages)
                + " header columns"
            )
            return
        self.columns.append(Column(key, headers, width))

    def _read_approval(self, line: int, values: list[str]) -> None:
        fixed = self.header.fixed
        part = self.fixed(values, "key")
        self.expect_empty(
            line, values, [fixed["level"], fixed["number"], *self.cell_indexes()], "approval"
        )
        if part not in APPROVAL_PARTS:
            self.problems.append(
                f"{self.where(line, fixed['key'])}: unknown approval part {part!r}; use "
                + ", ".join(APPROVAL_PARTS)
            )
            return
        current = self.signatories[-1] if self.signatories else None
        if part == "heading" or current is None or part in current:
            current = {}
            self.signatories.append(current)
        if part == "date":
            self.expect_empty(line, values, self.text_indexes(), "approval date")
            raw = self.fixed(values, "value")
            try:
                current["date"] = dt.date.fromisoformat(raw) if raw else None
            except ValueError:
                self.problems.append(
                    f"{self.where(line, fixed['value'])}: {raw!r} is not a date like 2023-11-29"
                )
        else:
            self.expect_empty(line, values, [fixed["value"]], f"approval {part}")
            current[part] = self.texts(values)

    def _read_title(self, line: int, values: list[str]) -> None:
        fixed = self.header.fixed
        self.expect_empty(
            line,
            values,
            [fixed[n] for n in ("level", "number", "key", "value")] + self.cell_indexes(),
            "title",
        )
        if self.title is not None:
            self.problems.append(f"{self.where(line, fixed['kind'])}: the plan has a title already")
        self.title = self.texts(values)

    def _read_block(self, line: int, values: list[str], kind: BlockKind) -> None:
        fixed = self.header.fixed
        self.expect_empty(
            line,
            values,
            [fixed[n] for n in ("level", "number", "key", "value")] + self.cell_indexes(),
            kind,
        )
        self.preamble.append(Block(self.texts(values), kind))

    def _read_paragraph(self, line: int, values: list[str]) -> None:
        self._read_block(line, values, "paragraph")

    def _read_bullet(self, line: int, values: list[str]) -> None:
        self._read_block(line, values, "bullet")

    def _read_section(self, line: int, values: list[str]) -> None:
        fixed = self.header.fixed
        self.expect_empty(line, values, [fixed["key"], fixed["value"]], "section")
        raw_level = self.fixed(values, "level") or "1"
        if raw_level not in ("1", "2", "3"):
            self.problems.append(
                f"{self.where(line, fixed['level'])}: section level {raw_level!r}; use 1, 2 or 3"
            )
        for key, by_language in self.header.cells.items():
            for index in by_language.values():
                if values[index] == SPAN_MARK:
                    self.problems.append(
                        f"{self.where(line, index)}: the cell of {key!r} above cannot span "
                        "into a section heading"
                    )
                elif values[index].strip():
                    self.problems.append(
                        f"{self.where(line, index)}: a section row has its title in the "
                        "text.<language> columns, not in table cells"
                    )
        self.span_open.clear()
        level = int(raw_level) if raw_level in ("1", "2", "3") else 1
        self.table.append(Section(self.texts(values), level, self.fixed(values, "number")))
        self.table_lines.append(line)

    def _read_item(self, line: int, values: list[str]) -> None:
        fixed = self.header.fixed
        self.expect_empty(
            line,
            values,
            [fixed["level"], fixed["key"], fixed["value"], *self.text_indexes()],
            "item",
        )
        position = len(self.table)
        cells: dict[str, Cell] = {}
        for key, by_language in self.header.cells.items():
            marks = {
                language: values[index] == SPAN_MARK for language, index in by_language.items()
            }
            if any(marks.values()):
                if not all(marks.values()):
                    for language, index in by_language.items():
                        if not marks[language] and values[index].strip():
                            self.problems.append(
                                f"{self.where(line, index)}: the other languages of {key!r} "
                                "continue the cell above (^), this one has text"
                            )
                if key not in self.span_open:
                    index = next(iter(by_language.values()))
                    self.problems.append(
                        f"{self.where(line, index)}: ^ continues the cell above, but there is "
                        "no table cell above in this column"
                    )
                    continue
                self.span_open[key] += 1
                self.covered.setdefault(position, set()).add(key)
                continue
            texts = {
                language: unescape_mark(values[index]) for language, index in by_language.items()
            }
            self.span_open[key] = 1
            cells[key] = Cell(texts)
        self.table.append(Item(cells, self.fixed(values, "number")))
        self.table_lines.append(line)

    def plan(self) -> Plan:
        table = self._with_spans()
        signatories = tuple(
            Signatory(
                names=part.get("name", self._empty()),
                titles=part.get("title", self._empty()),
                headings=part.get("heading", self._empty()),
                date=part.get("date"),
            )
            for part in self.signatories
        )
        numbering = cast(NumberingMode, self.settings.get("numbering", "flat"))
        orientation = cast(Orientation, self.settings.get("orientation", "portrait"))
        if not self.number_column_seen:
            self.number_column = NumberColumn()
        return Plan(
            languages=self.languages,
            columns=tuple(self._ordered_columns()),
            rows=table,
            title=self.title if self.title is not None else self._empty(),
            preamble=tuple(self.preamble),
            signatories=signatories,
            number_column=self.number_column,
            numbering=numbering,
            orientation=orientation,
        )

    def _ordered_columns(self) -> list[Column]:
        described = {column.key for column in self.columns}
        for key, by_language in self.header.cells.items():
            if key not in described:
                index = next(iter(by_language.values()))
                self.problems.append(
                    f"row 1, column {_letter(index)} ({self.header.names[index]}): no "
                    f"'column' row describes {key!r} (its headers and width)"
                )
        return self.columns

    def _empty(self) -> dict[str, str]:
        return {language: "" for language in self.languages}

    def _with_spans(self) -> tuple[Row, ...]:
        """Rows with each cell's rowspan counted from the ^ marks below it."""
        rows = list(self.table)
        for key in self.header.cells:
            anchor: int | None = None
            for position, row in enumerate(rows):
                if isinstance(row, Section):
                    anchor = None
                    continue
                if key in row.cells:
                    anchor = position
                    continue
                covered = self.covered.get(position, set())
                if key in covered and anchor is not None:
                    held = rows[anchor]
                    assert isinstance(held, Item)
                    cell = held.cells[key]
                    cells = dict(held.cells)
                    cells[key] = Cell(cell.texts, cell.rowspan + 1)
                    rows[anchor] = Item(cells, held.number)
                else:
                    anchor = None
        # An empty cell that spans nothing is no cell at all.
        for position, row in enumerate(rows):
            if isinstance(row, Item):
                kept = {
                    key: cell
                    for key, cell in row.cells.items()
                    if cell.rowspan > 1 or any(cell.texts.values())
                }
                if len(kept) != len(row.cells):
                    rows[position] = Item(kept, row.number)
        return tuple(rows)

    def locate(self, problem: Problem) -> str:
        """A domain problem, told with the file's row and column where it has them."""
        row = problem.row if isinstance(problem, PlanProblem) else None
        column = problem.column if isinstance(problem, PlanProblem) else None
        language = problem.language
        places: list[str] = []
        if row is not None and 0 < row <= len(self.table_lines):
            places.append(f"row {self.table_lines[row - 1]}")
        elif column is not None and column in self.column_rows:
            places.append(f"row {self.column_rows[column]}")
        index: int | None = None
        if problem.field.startswith("columns.") and language in self.header.texts:
            index = self.header.texts[language]  # a column's header is typed in text.<lang>
        elif column is not None and column in self.header.cells:
            by_language = self.header.cells[column]
            index = by_language.get(language or "", next(iter(by_language.values())))
        elif language is not None and language in self.header.texts:
            index = self.header.texts[language]
        if index is not None:
            places.append(f"column {_letter(index)} ({self.header.names[index]})")
        where = ", ".join(places)
        text = f"{problem.field}: {problem.message}"
        if language and index is None:
            text = f"{problem.field} [{language}]: {problem.message}"
        return f"{where}: {text}" if where else text


def unescape_mark(text: str) -> str:
    if _ESCAPED_MARK.fullmatch(text) and text != SPAN_MARK:
        return text[1:]
    return text


def escape_mark(text: str) -> str:
    return "\\" + text if _ESCAPED_MARK.fullmatch(text) else text
