"""Plans to and from CSV and XLSX files, in the layout documented in docs/plan-format.md.

One sheet, one header row. Five fixed columns (`kind`, `level`, `number`, `key`, `value`),
then `text.<lang>` for each language of the plan, then `<column>.<lang>` for each table
column and language. Every following row has a kind: `setting`, `column`, `approval`,
`title`, `paragraph`, `bullet`, `section` or `item`.

A cell whose whole text is `^` continues the cell above it (a row span). In XLSX, a vertically
merged range does the same. A text that really is `^` is written `\\^` (one more backslash for
each backslash before the caret).

Reading either format checks everything first and raises PlanFileError listing every problem,
each naming its row and column; nothing is imported on error. Writing CSV gives the canonical
form: a CSV the writer produced reads back and writes out byte for byte the same, directly or
through XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

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

if TYPE_CHECKING:
    from app.render.verification_mark import PageMark

#: Files larger than this are refused before they are read.
MAX_FILE_BYTES: Final = 10 * 1024 * 1024
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
_CSV_SUFFIXES = (".csv", ".txt")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


class PlanFileError(ValueError):
    """A plan file that cannot be imported; `problems` lists every one found."""

    def __init__(self, path: str, problems: Iterable[str]) -> None:
        self.path = path
        self.problems: tuple[str, ...] = tuple(problems)
        lines = [f"{path}: cannot import the plan ({len(self.problems)} problem(s)):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Reading


def read_plan(path: Path | str) -> Plan:
    """Read a plan from a .csv or .xlsx file; raise PlanFileError naming every problem."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PlanFileError(name, [f"cannot read the file: {error.strerror or error}"]) from None
    if size > MAX_FILE_BYTES:
        raise PlanFileError(
            name,
            [
                f"the file is {size / 1024 / 1024:.1f} MB; plan files are limited to "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB"
            ],
        )
    data = path.read_bytes()
    return read_plan_bytes(data, name)


def read_plan_bytes(data: bytes, name: str = "plan.csv") -> Plan:
    """Read a plan from the bytes of a CSV or XLSX file; the name's suffix picks the format,
    unless the bytes are plainly an XLSX (zip) archive."""
    if len(data) > MAX_FILE_BYTES:
        raise PlanFileError(
            name,
            [
                f"the file is {len(data) / 1024 / 1024:.1f} MB; plan files are limited to "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB"
            ],
        )
    if not data:
        raise PlanFileError(name, ["the file is empty (0 bytes)"])
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise PlanFileError(name, ["the file is empty: it has only blank lines"])
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix in _XLSX_SUFFIXES:
        grid = _xlsx_grid(data, name)
    elif suffix in _CSV_SUFFIXES or not suffix:
        grid = _csv_grid(data, name)
    else:
        raise PlanFileError(
            name, [f"{suffix!r} files are not plan spreadsheets; use .csv or .xlsx"]
        )
    return grid_to_plan(grid, name)


def _csv_grid(data: bytes, name: str) -> list[list[str]]:
    if b"\x00" in data:
        raise PlanFileError(name, ["this is not a spreadsheet: a CSV file is text, this is binary"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError(
            name,
            [
                f"this is not a UTF-8 CSV file (byte {error.start}: {error.reason}); "
                "save it as 'CSV UTF-8'"
            ],
        ) from None
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as error:
        raise PlanFileError(name, [f"this is not a well-formed CSV file: {error}"]) from None


def _xlsx_grid(data: bytes, name: str) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise PlanFileError(
            name, [f"this is not a spreadsheet: not a readable XLSX workbook ({error})"]
        ) from None
    sheet = workbook.worksheets[0]
    grid = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    problems: list[str] = []
    header = grid[0] if grid else []
    for merged in sheet.merged_cells.ranges:
        where = f"cells {merged.coord}"
        if merged.min_col != merged.max_col:
            problems.append(
                f"row {merged.min_row}, {where}: cells merged across columns; only cells merged "
                "down one column (a row span) have a meaning"
            )
            continue
        column = merged.min_col - 1
        heading = header[column] if column < len(header) else ""
        if merged.min_row == 1 or "." not in heading or heading.startswith("text."):
            problems.append(
                f"row {merged.min_row}, column {_letter(column)} ({heading or 'no header'}): "
                f"{where} are merged; only table cells (<column>.<language>) may span rows"
            )
            continue
        for row in range(merged.min_row, merged.max_row):
            while len(grid) <= row:
                grid.append([])
            while len(grid[row]) <= column:
                grid[row].append("")
            if grid[row][column]:
                problems.append(
                    f"row {row + 1}, column {_letter(column)} ({heading}): merged cell "
                    "has text of its own"
                )
            grid[row][column] = SPAN_MARK
    if problems:
        raise PlanFileError(name, problems)
    # openpyxl pads every row to the sheet's width; trailing empty rows mean nothing.
    while grid and not any(grid[-1]):
        grid.pop()
    return grid


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _letter(index: int) -> str:
    """0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
            texts = {language: _unescape(values[index]) for language, index in by_language.items()}
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


def _unescape(text: str) -> str:
    if _ESCAPED_MARK.fullmatch(text) and text != SPAN_MARK:
        return text[1:]
    return text


def _escape(text: str) -> str:
    return "\\" + text if _ESCAPED_MARK.fullmatch(text) else text


# ---------------------------------------------------------------------------------------------
# Writing


def plan_to_grid(plan: Plan) -> list[list[str]]:
    """The plan as rows of strings in the documented layout (the canonical order)."""
    languages = in_binding_order(plan.languages)
    keys = plan.column_keys()
    header = [*FIXED_HEADERS, *(f"text.{language}" for language in languages)]
    header += [f"{key}.{language}" for key in keys for language in languages]
    width = len(header)
    text_at = {language: len(FIXED_HEADERS) + i for i, language in enumerate(languages)}
    cell_at = {
        (key, language): len(FIXED_HEADERS) + len(languages) * (1 + k) + i
        for k, key in enumerate(keys)
        for i, language in enumerate(languages)
    }

    def row(
        kind: str,
        level: str = "",
        number: str = "",
        key: str = "",
        value: str = "",
        texts: Mapping[str, str] | None = None,
    ) -> list[str]:
        line = [kind, level, number, key, value] + [""] * (width - len(FIXED_HEADERS))
        for language, text in (texts or {}).items():
            if language in text_at:
                line[text_at[language]] = text
        return line

    grid = [header]
    grid.append(row("setting", key="numbering", value=plan.numbering))
    grid.append(row("setting", key="orientation", value=plan.orientation))
    grid.append(
        row(
            "column",
            key=NUMBER_KEY,
            value=_width(plan.number_column.width),
            texts={language: plan.number_column.header(language) for language in languages},
        )
    )
    for column in plan.columns:
        grid.append(row("column", key=column.key, value=_width(column.width), texts=column.headers))
    for signatory in plan.signatories:
        grid.append(row("approval", key="heading", texts=signatory.headings))
        grid.append(row("approval", key="name", texts=signatory.names))
        grid.append(row("approval", key="title", texts=signatory.titles))
        if signatory.date is not None:
            grid.append(row("approval", key="date", value=signatory.date.isoformat()))
    grid.append(row("title", texts=plan.title))
    for block in plan.preamble:
        grid.append(row(block.kind, texts=block.texts))
    covered = plan.covered()
    for index, table_row in enumerate(plan.rows):
        if isinstance(table_row, Section):
            grid.append(
                row(
                    "section",
                    level=str(table_row.level),
                    number=table_row.number,
                    texts=table_row.titles,
                )
            )
            continue
        line = row("item", number=table_row.number)
        for key in keys:
            for language in languages:
                if key in covered[index]:
                    line[cell_at[key, language]] = SPAN_MARK
                elif key in table_row.cells:
                    line[cell_at[key, language]] = _escape(table_row.cells[key].text(language))
        grid.append(line)
    return grid


def _width(width: float) -> str:
    return str(int(width)) if float(width).is_integer() else repr(float(width))


def plan_to_csv(plan: Plan) -> bytes:
    """The plan as a CSV file: UTF-8 with a byte-order mark (Excel opens it right), CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(plan_to_grid(plan))
    return buffer.getvalue().encode("utf-8-sig")


def plan_to_xlsx(plan: Plan) -> bytes:
    """The plan as an XLSX workbook: one sheet `plan`, row spans as vertically merged cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    grid = plan_to_grid(plan)
    first_cell_column = len(FIXED_HEADERS) + len(plan.languages)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "plan"
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_index, values in enumerate(grid, start=1):
        for column_index, value in enumerate(values, start=1):
            if value == SPAN_MARK and column_index > first_cell_column:
                continue
            if not value:
                continue
            cell = sheet.cell(row=row_index, column=column_index)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Row spans: merge each run of ^ with the cell above it.
    for column_index in range(first_cell_column, len(grid[0])):
        row_index = 1
        while row_index < len(grid):
            if grid[row_index][column_index] == SPAN_MARK:
                end = row_index
                while end + 1 < len(grid) and grid[end + 1][column_index] == SPAN_MARK:
                    end += 1
                sheet.merge_cells(
                    start_row=row_index,
                    start_column=column_index + 1,
                    end_row=end + 1,
                    end_column=column_index + 1,
                )
                row_index = end + 1
            else:
                row_index += 1
    for column_index, name in enumerate(grid[0], start=1):
        wide = name.startswith("text.") or name.split(".")[0] not in FIXED_HEADERS
        sheet.column_dimensions[get_column_letter(column_index)].width = 40 if wide else 10
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_plan(plan: Plan, path: Path | str) -> None:
    """Write the plan as .csv or .xlsx, by the path's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _XLSX_SUFFIXES:
        path.write_bytes(plan_to_xlsx(plan))
    elif suffix in _CSV_SUFFIXES:
        path.write_bytes(plan_to_csv(plan))
    else:
        raise ValueError(
            f"cannot write a plan as {suffix or 'a file without suffix'}; use .csv or .xlsx"
        )


def plan_pdfs(
    plan: Plan,
    stem: str,
    languages: Sequence[str] | None = None,
    *,
    archival: bool = True,
    marks: Mapping[str, PageMark] | None = None,
) -> tuple[dict[str, bytes], dict[str, int]]:
    """The plan rendered in each of `languages` (default: all of its own) as
    ({"<stem>_<lang>.pdf": bytes}, {"<lang>": pages}), PDF/A-2b unless `archival` is False.
    Each page carries `marks[language]` (an issued note's verification mark), by default the
    draft mark. Raises ValueError for a language the plan is not written in."""
    from app.render.pdfa import DocumentMetadata, archival_pdf
    from app.render.plan_pdf import render_plan
    from app.render.verification_mark import draft_mark

    wanted = in_binding_order(tuple(languages)) if languages else plan.languages
    missing = [language for language in languages or () if language not in plan.languages]
    if missing:
        raise ValueError(
            f"the plan is written in {', '.join(plan.languages)}, not in {', '.join(missing)}"
        )
    files: dict[str, bytes] = {}
    pages: dict[str, int] = {}
    for language in wanted:
        mark = marks[language] if marks and language in marks else draft_mark(language)
        rendered = render_plan(plan, language, mark)
        title = " ".join(plan.title.get(language, "").split()) or stem
        files[f"{stem}_{language}.pdf"] = (
            archival_pdf(rendered.pdf, DocumentMetadata(title=title, languages=(language,)))
            if archival
            else rendered.pdf
        )
        pages[language] = rendered.pages
    return files, pages
