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
from typing import Any, Final, cast

from app.domain.languages import LANGUAGE_ORDER
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
from app.i18n.messages import _
from app.i18n.problems import column_names, problem_text
from app.services.plan_io.errors import PlanFileError
from app.services.plan_io.errors import column_letter as _letter
from app.services.plan_io.layout_header import (
    FIXED_HEADERS,
    SPAN_MARK,
    Header,
    parse_header,
)

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


def grid_to_plan(grid: Sequence[Sequence[str]], name: str = "plan") -> Plan:
    """A plan from rows of strings in the documented layout; PlanFileError lists problems."""
    rows = [list(row) for row in grid]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise PlanFileError(name, [_("the file is empty: it has no rows")])
    problems: list[str] = []
    header = parse_header(rows[0], problems)
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

    def __init__(self, header: Header, problems: list[str]) -> None:
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
        return _("row {row}, column {letter} ({name})").format(
            row=line, letter=_letter(index), name=self.header.names[index]
        )

    def fixed(self, values: list[str], name: str) -> str:
        return values[self.header.fixed[name]].strip()

    def texts(self, values: list[str]) -> dict[str, str]:
        return {language: values[index] for language, index in self.header.texts.items()}

    def expect_empty(self, line: int, values: list[str], indexes: Iterable[int], kind: str) -> None:
        for index in indexes:
            if values[index].strip():
                self.problems.append(
                    _("{where}: a {kind} row has nothing in this column").format(
                        where=self.where(line, index), kind=kind
                    )
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
                    _("row {row}, column {letter}: text outside the columns of the header").format(
                        row=line, letter=_letter(index)
                    )
                )
        values = (values + [""] * width)[:width]
        if not any(value.strip() for value in values):
            return  # blank rows are allowed anywhere
        kind = self.fixed(values, "kind")
        fixed = self.header.fixed
        if kind not in KINDS:
            self.problems.append(
                _("{where}: unknown row kind {kind}; use {kinds}").format(
                    where=self.where(line, fixed["kind"]), kind=repr(kind), kinds=", ".join(KINDS)
                )
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
                _("{where}: unknown setting {key}; use {settings}").format(
                    where=self.where(line, fixed["key"]),
                    key=repr(key),
                    settings=", ".join(SETTINGS),
                )
            )
        elif value not in SETTINGS[key]:
            self.problems.append(
                _("{where}: {key} is {value}; use {values}").format(
                    where=self.where(line, fixed["value"]),
                    key=key,
                    value=repr(value),
                    values=", ".join(SETTINGS[key]),
                )
            )
        elif key in self.settings:
            self.problems.append(
                _("{where}: {key} is set twice").format(
                    where=self.where(line, fixed["key"]), key=key
                )
            )
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
                _("{where}: the width {width} is not a number").format(
                    where=self.where(line, fixed["value"]), width=repr(raw_width)
                )
            )
            width = 1.0
        headers = self.texts(values)
        if key in self.column_rows:
            self.problems.append(
                _("{where}: column {key} is described twice (first in row {row})").format(
                    where=self.where(line, fixed["key"]), key=repr(key), row=self.column_rows[key]
                )
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
                _("{where}: column {key} has no {headers} header columns").format(
                    where=self.where(line, fixed["key"]),
                    key=repr(key),
                    headers=", ".join(f"{key}.{language}" for language in self.languages),
                )
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
                _("{where}: unknown approval part {part}; use {parts}").format(
                    where=self.where(line, fixed["key"]),
                    part=repr(part),
                    parts=", ".join(APPROVAL_PARTS),
                )
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
                    _("{where}: {text} is not a date like 2023-11-29").format(
                        where=self.where(line, fixed["value"]), text=repr(raw)
                    )
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
            self.problems.append(
                _("{where}: the plan has a title already").format(
                    where=self.where(line, fixed["kind"])
                )
            )
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
                _("{where}: section level {level}; use 1, 2 or 3").format(
                    where=self.where(line, fixed["level"]), level=repr(raw_level)
                )
            )
        for key, by_language in self.header.cells.items():
            for index in by_language.values():
                if values[index] == SPAN_MARK:
                    self.problems.append(
                        _(
                            "{where}: the cell of {key} above cannot span into a section heading"
                        ).format(where=self.where(line, index), key=repr(key))
                    )
                elif values[index].strip():
                    self.problems.append(
                        _(
                            "{where}: a section row has its title in the text.<language> "
                            "columns, not in table cells"
                        ).format(where=self.where(line, index))
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
                                _(
                                    "{where}: the other languages of {key} continue the cell "
                                    "above (^), this one has text"
                                ).format(where=self.where(line, index), key=repr(key))
                            )
                if key not in self.span_open:
                    index = next(iter(by_language.values()))
                    self.problems.append(
                        _(
                            "{where}: ^ continues the cell above, but there is no table cell "
                            "above in this column"
                        ).format(where=self.where(line, index))
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
                    _(
                        "row 1, column {letter} ({name}): no 'column' row describes {key} "
                        "(its headers and width)"
                    ).format(letter=_letter(index), name=self.header.names[index], key=repr(key))
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
            places.append(_("row {row}").format(row=self.table_lines[row - 1]))
        elif column is not None and column in self.column_rows:
            places.append(_("row {row}").format(row=self.column_rows[column]))
        index: int | None = None
        if problem.field.startswith("columns.") and language in self.header.texts:
            index = self.header.texts[language]  # a column's header is typed in text.<lang>
        elif column is not None and column in self.header.cells:
            by_language = self.header.cells[column]
            index = by_language.get(language or "", next(iter(by_language.values())))
        elif language is not None and language in self.header.texts:
            index = self.header.texts[language]
        if index is not None:
            places.append(
                _("column {letter} ({name})").format(
                    letter=_letter(index), name=self.header.names[index]
                )
            )
        where = ", ".join(places)
        text = problem_text(problem, None, column_names(self.columns, language))
        return _("{place}: {problem}").format(place=where, problem=text) if where else text


def unescape_mark(text: str) -> str:
    if _ESCAPED_MARK.fullmatch(text) and text != SPAN_MARK:
        return text[1:]
    return text


def escape_mark(text: str) -> str:
    return "\\" + text if _ESCAPED_MARK.fullmatch(text) else text
