"""Tables pasted from Excel, Word or LibreOffice, turned into plan rows.

Two clipboard forms are read: tab-separated text as Excel puts it on the clipboard (a cell with
a tab, a line break or a quote inside is written in double quotes, quotes doubled), and HTML
tables (`text/html`) with `rowspan` / `colspan`, where `<br>` and `<p>` inside a cell are line
breaks. Both give a `PastedTable`: rows of `PastedCell`s, a cell spanning several rows or
columns being written once at its top left and the places it covers marked `covered`.

`to_plan_rows` then reads such a table against a plan's columns in one language: it skips a
header row naming the plan's columns (and uses it to match columns), recognises section rows
(a single non-empty cell, or a first cell like `I.` followed by a single title) and a first
column holding numbers. A header row may also name columns the plan lacks (a new plan has only
"Events"; the table pasted has "Events" and "Participants"): a pasted header goes to a plan
column without a header in this language first, then the plan gains a column for each left.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Final

from app.domain.plan import MAX_COLUMNS, MAX_SECTION_LEVEL, NUMBER_HEADERS, Column
from app.i18n.messages import _, ngettext

#: Pasting more rows than this is refused rather than freezing the window.
MAX_PASTED_ROWS: Final = 20_000

_NUMBER = re.compile(r"(?:\d+(?:\.\d+)*[.)]?|[IVXLCDM]+[.)]?)")
_HEADING = re.compile(r"((?:\d+(?:\.\d+)*|[IVXLCDM]+)\.?)\s+(\S.*)", re.DOTALL)
_ROMAN = re.compile(r"[IVXLCDM]+\.?")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
#: Elements that end a paragraph of text outside the table.
_BLOCKS: Final = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "li", "body"})


@dataclass(frozen=True)
class PastedCell:
    """One cell as pasted: its text, how far it spans, or `covered` by a span from elsewhere."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    #: "above" when a cell spanning rows covers this place, "left" for one spanning columns.
    covered: str = ""


PastedTable = list[list[PastedCell]]


@dataclass(frozen=True)
class PastedRow:
    """A pasted row read as a plan row in one language.

    An item has `cells` (column key -> text) and `rowspans` (column key -> rows spanned, only
    where more than one); a section has a `title` and a `level`. `number` is the number the
    row carried, if any.
    """

    kind: str  # "item" or "section"
    number: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    rowspans: dict[str, int] = field(default_factory=dict)
    title: str = ""
    level: int = 1


@dataclass(frozen=True)
class PasteResult:
    """The rows read from a paste, and what the reader noticed (for the status line)."""

    rows: list[PastedRow]
    header_skipped: bool = False
    numbers_found: bool = False
    notes: list[str] = field(default_factory=list)
    #: Columns the plan gains, in order: (key, header in the language pasted into).
    new_columns: list[tuple[str, str]] = field(default_factory=list)
    #: Plan columns that had no header in this language, named by the pasted header row.
    named: dict[str, str] = field(default_factory=dict)


class PasteError(ValueError):
    """Clipboard content that holds no table to paste."""


# ---------------------------------------------------------------------------------------------
# Clipboard text -> table


def parse_tsv(text: str) -> PastedTable:
    """Rows of cells from tab-separated text (Excel's clipboard form, quoted multi-line cells)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]  # Excel ends the last row with a line break too
    if not text.strip():
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')
    try:
        rows = [[PastedCell(cell) for cell in row] for row in reader]
    except csv.Error as error:
        raise PasteError(
            _("The pasted text is not a readable table: {error}").format(error=error)
        ) from None
    return _padded(rows)


def parse_html(markup: str) -> PastedTable:
    """Rows of cells of the first table in an HTML fragment (Word, Excel, LibreOffice)."""
    parser = _TableParser()
    parser.feed(markup)
    parser.close()
    if not parser.rows:
        raise PasteError(_("The pasted HTML holds no table."))
    return _layout(parser.rows)


def parse_html_document(markup: str) -> tuple[PastedTable, list[str]]:
    """The first table of an HTML document and the paragraphs of text above it."""
    parser = _TableParser()
    parser.feed(markup)
    parser.close()
    if not parser.rows:
        raise PasteError(_("The pasted HTML holds no table."))
    return _layout(parser.rows), parser.above


def parse_clipboard(html: str | None, text: str | None) -> PastedTable:
    """The table in clipboard content: the HTML table if there is one (it keeps merged cells),
    else the tab-separated text."""
    if html and "<table" in html.lower():
        try:
            table = parse_html(html)
        except PasteError:
            table = []
        if table:
            return table
    if text and text.strip():
        return parse_tsv(text)
    raise PasteError(_("The clipboard holds no table or text to paste."))


def _padded(rows: list[list[PastedCell]]) -> PastedTable:
    width = max((len(row) for row in rows), default=0)
    return [row + [PastedCell()] * (width - len(row)) for row in rows]


@dataclass
class _RawCell:
    parts: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1

    def text(self) -> str:
        lines = "".join(self.parts).split("\n")
        lines = [_SPACES.sub(" ", line).strip() for line in lines]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


class _TableParser(HTMLParser):
    """Collects the rows and cells of the first top-level table; nested tables become text."""

    _SKIPPED = frozenset({"style", "script", "head", "title", "xml"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[_RawCell]] = []
        self.depth = 0  # table nesting
        self.done = False
        self.skipping = 0
        self.cell: _RawCell | None = None
        self.paragraph_open = False
        #: Paragraphs of text before the table (a document's title and preamble).
        self.above: list[str] = []
        self._above: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self.skipping += 1
            return
        if self.done:
            return
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self._end_above()
            if self.depth > 1 and self.cell is not None:
                self._break()
            return
        if self.depth == 0:
            if tag in _BLOCKS:
                self._end_above()
            return
        if self.depth != 1:
            if self.cell is not None and tag in ("br", "p", "div", "tr", "li"):
                self._break()
            return
        if tag == "tr":
            self.rows.append([])
            self.cell = None
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            self.cell = _RawCell(
                rowspan=_span(values.get("rowspan")), colspan=_span(values.get("colspan"))
            )
            self.rows[-1].append(self.cell)
            self.paragraph_open = False
        elif self.cell is not None and tag == "br":
            self.cell.parts.append("\n")
        elif self.cell is not None and tag in ("p", "div", "li", "h1", "h2", "h3", "h4"):
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if self.cell is not None and not self.done and not self.skipping:
                self.cell.parts.append("\n")
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.done:
            return
        if self.depth == 0:
            if tag in _BLOCKS:
                self._end_above()
            return
        if tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self.done = bool(self.rows)
                self.cell = None
            return
        if self.depth == 1 and tag in ("td", "th"):
            self.cell = None
        elif self.cell is not None and tag in ("p", "div", "li", "h1", "h2", "h3", "h4"):
            self._break()

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skipping and not self.done:
            self.cell.parts.append(_SPACES.sub(" ", data))
        elif self.depth == 0 and not self.skipping and not self.done:
            self._above.append(data)

    def _end_above(self) -> None:
        text = _SPACES.sub(" ", "".join(self._above)).strip()
        if text:
            self.above.append(text)
        self._above.clear()

    def _break(self) -> None:
        # A paragraph ends a line unless one has just ended (white space between tags aside).
        assert self.cell is not None
        parts = self.cell.parts
        while parts and not parts[-1].strip(" ") and parts[-1] != "\n":
            parts.pop()
        if parts and parts[-1] != "\n":
            parts.append("\n")


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), MAX_PASTED_ROWS))
    except ValueError:
        return 1


def _layout(raw_rows: list[list[_RawCell]]) -> PastedTable:
    """Place cells on a grid, honouring rowspan and colspan (the HTML table algorithm)."""
    raw_rows = [row for row in raw_rows if row] or raw_rows
    grid: dict[tuple[int, int], PastedCell] = {}
    for r, raw_row in enumerate(raw_rows):
        c = 0
        for raw in raw_row:
            while (r, c) in grid:
                c += 1
            rowspan = min(raw.rowspan, len(raw_rows) - r)
            grid[(r, c)] = PastedCell(raw.text(), rowspan, raw.colspan)
            for dr in range(rowspan):
                for dc in range(raw.colspan):
                    if dr or dc:
                        grid[(r + dr, c + dc)] = PastedCell(covered="above" if dr else "left")
            c += raw.colspan
    if not grid:
        return []
    height = max(r for r, _c in grid) + 1
    width = max(c for _r, c in grid) + 1
    return [[grid.get((r, c), PastedCell()) for c in range(width)] for r in range(height)]


# ---------------------------------------------------------------------------------------------
# Table -> plan rows


def looks_like_number(text: str) -> bool:
    """`1`, `1.`, `2.1.`, `3)`, `IV.` — what a plan's number column holds."""
    return bool(_NUMBER.fullmatch(text.strip()))


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def to_plan_rows(table: PastedTable, columns: Sequence[Column], language: str) -> PasteResult:
    """Read pasted rows as plan rows of the given columns, in `language`."""
    rows = [
        row for row in table if any(cell.text.strip() or cell.covered == "above" for cell in row)
    ]
    if len(rows) > MAX_PASTED_ROWS:
        raise PasteError(
            ngettext(
                "{count} row pasted; a plan holds at most {limit}.",
                "{count} rows pasted; a plan holds at most {limit}.",
                len(rows),
            ).format(count=len(rows), limit=MAX_PASTED_ROWS)
        )
    if not rows:
        raise PasteError(_("The pasted table is empty."))
    keys = [column.key for column in columns]
    width = len(rows[0])
    notes: list[str] = []

    # A header row naming the plan's columns maps pasted columns to plan columns.
    mapping: dict[int, str] | None = None
    number_at: int | None = None
    header_skipped = False
    new_columns: list[tuple[str, str]] = []
    named: dict[str, str] = {}
    header_map = _header_mapping(rows[0], columns, language)
    if header_map is not None:
        mapping, number_at, unknown = header_map
        _place_unknown_headers(unknown, mapping, columns, language, new_columns, named, notes)
        rows = rows[1:]
        header_skipped = True
        if not rows:
            raise PasteError(_("Only a header row was pasted."))
    if mapping is None:
        number_at = 0 if _first_column_is_numbers(rows, width, len(keys)) else None
        first = 1 if number_at == 0 else 0
        mapping = {index: key for index, key in zip(range(first, width), keys, strict=False)}
        left_out = width - first - len(keys)
        if left_out > 0:
            notes.append(
                ngettext(
                    "{count} pasted column had no column in the plan and was left out.",
                    "{count} pasted columns had no column in the plan and were left out.",
                    left_out,
                ).format(count=left_out)
            )

    result = read_rows(rows, mapping, number_at)
    return PasteResult(result, header_skipped, number_at is not None, notes, new_columns, named)


def read_rows(
    rows: Sequence[Sequence[PastedCell]], mapping: dict[int, str], number_at: int | None
) -> list[PastedRow]:
    """The table's rows (no header) as plan rows: `mapping` gives the plan column of each
    table column read, `number_at` the number column (if any). One result per row given.

    A section is a row merged across, a row with only one cell filled, a row whose number is
    Roman (`IV.` and a title), or a row whose number the next items extend (`2` and a title,
    then `2.1`, `2.2`)."""
    width = max((len(row) for row in rows), default=0)
    result: list[PastedRow] = []
    for row in rows:
        section = _as_section(list(row), number_at) if width > 1 else None
        if section is not None:
            result.append(section)
            continue
        cells: dict[str, str] = {}
        rowspans: dict[str, int] = {}
        for index, key in mapping.items():
            cell = row[index] if index < len(row) else PastedCell()
            if cell.covered:
                continue
            cells[key] = cell.text
            if cell.rowspan > 1:
                rowspans[key] = cell.rowspan
        number = row[number_at].text.strip() if number_at is not None else ""
        result.append(PastedRow("item", number=number, cells=cells, rowspans=rowspans))
    _numbered_sections(result, len(mapping))
    _clip_spans(result)
    return result


def _numbered_sections(rows: list[PastedRow], columns: int) -> None:
    """An item numbered `2` with a single text, whose next row is numbered `2.1`, is the
    heading of section 2 (unless a cell merged down from above covers part of it)."""
    for index, row in enumerate(rows[:-1]):
        following = rows[index + 1]
        if row.kind != "item" or following.kind != "item" or row.rowspans:
            continue
        if len(row.cells) < columns:
            continue
        stem = row.number.rstrip(".)")
        filled = [text for text in row.cells.values() if text.strip()]
        if not stem or len(filled) != 1 or not _NUMBER.fullmatch(row.number):
            continue
        if following.number.startswith(stem + ".") and len(following.number) > len(stem) + 1:
            rows[index] = PastedRow(
                "section", number=row.number, title=filled[0].strip(), level=_level(row.number)
            )


def _header_mapping(
    row: list[PastedCell], columns: Sequence[Column], language: str
) -> tuple[dict[int, str], int | None, dict[int, str]] | None:
    """If `row` is a header row, the mapping of pasted column -> key, the number column's
    place, and the pasted headers naming no plan column (place -> text).

    A header row names at least one column of the plan (or the number column) in any of its
    languages, and holds no number; its other cells name columns the plan does not have."""
    known: dict[str, str] = {}
    for column in columns:
        for header in column.headers.values():
            known.setdefault(_normal(header), column.key)
    # The language pasted into wins when two languages' headers read alike.
    known.update({_normal(column.headers.get(language, "")): column.key for column in columns})
    known.pop("", None)
    number_headers = {_normal(header) for header in NUMBER_HEADERS.values()}
    number_headers |= {"no.", "no", "№", "#", "n", "n°", "№№"}
    mapping: dict[int, str] = {}
    unknown: dict[int, str] = {}
    number_at: int | None = None
    for index, cell in enumerate(row):
        if cell.covered:
            continue
        name = _normal(cell.text)
        if not name:
            continue
        if looks_like_number(name):
            return None  # a first row of data, not a header
        if name in known and known[name] not in mapping.values():
            mapping[index] = known[name]
        elif name in number_headers and number_at is None:
            number_at = index
        else:
            unknown[index] = _SPACES.sub(" ", cell.text).strip()
    if not mapping and number_at is None:
        return None
    if not mapping and not unknown:
        return None  # only a number header: nothing to paste into
    return mapping, number_at, unknown


def _place_unknown_headers(
    unknown: dict[int, str],
    mapping: dict[int, str],
    columns: Sequence[Column],
    language: str,
    new_columns: list[tuple[str, str]],
    named: dict[str, str],
    notes: list[str],
) -> None:
    """Give each pasted header the plan lacks a column: first a plan column with no header in
    `language` yet (in order), else a new column; what passes MAX_COLUMNS is left out."""
    unnamed = [
        column.key
        for column in columns
        if not column.headers.get(language, "").strip() and column.key not in mapping.values()
    ]
    taken = {column.key for column in columns}
    left_out = 0
    for index, header in unknown.items():
        if unnamed:
            key = unnamed.pop(0)
            named[key] = header
        elif len(columns) + len(new_columns) < MAX_COLUMNS:
            number = len(taken) + 1
            while f"column_{number}" in taken:
                number += 1
            key = f"column_{number}"
            taken.add(key)
            new_columns.append((key, header))
        else:
            left_out += 1
            continue
        mapping[index] = key
    if left_out:
        notes.append(
            ngettext(
                "{count} pasted column had no column in the plan and was left out.",
                "{count} pasted columns had no column in the plan and were left out.",
                left_out,
            ).format(count=left_out)
        )


def _first_column_is_numbers(rows: list[list[PastedCell]], width: int, columns: int) -> bool:
    if width < 2:
        return False
    firsts = [row[0].text.strip() for row in rows if sum(1 for c in row if c.text.strip()) > 1]
    numbered = [text for text in firsts if text]
    if not numbered or not all(looks_like_number(text) for text in numbered):
        return width == columns + 1 and not numbered
    return True


def _as_section(row: list[PastedCell], number_at: int | None) -> PastedRow | None:
    """A section heading row, or None for an item."""
    if any(cell.covered == "above" for cell in row):
        return None  # a row inside a cell spanning down belongs to that block of items
    filled = [(index, cell.text.strip()) for index, cell in enumerate(row) if cell.text.strip()]
    if len(filled) == 1:
        index, text = filled[0]
        heading = _HEADING.fullmatch(text)
        if heading:
            number, title = heading.group(1), heading.group(2).strip()
            return PastedRow("section", number=number, title=title, level=_level(number))
        if looks_like_number(text) and index == number_at:
            return None  # an item with only its number
        return PastedRow("section", title=text, level=1)
    if len(filled) == 2 and filled[0][0] == 0 and _ROMAN.fullmatch(filled[0][1]):
        number = filled[0][1]
        return PastedRow("section", number=number, title=filled[1][1], level=1)
    if len(filled) == 2 and filled[0][0] == number_at and looks_like_number(filled[0][1]):
        index, title = filled[1]
        if index + row[index].colspan >= len(row) and row[index].colspan > 1:
            # The number, then one cell merged across the rest of the row.
            number = filled[0][1]
            return PastedRow("section", number=number, title=title, level=_level(number))
    return None


def _level(number: str) -> int:
    if _ROMAN.fullmatch(number):
        return 1
    parts = [part for part in number.rstrip(".").split(".") if part]
    return max(1, min(len(parts), MAX_SECTION_LEVEL))


def _clip_spans(rows: list[PastedRow]) -> None:
    """A span ends at a section heading (as in the plan itself)."""
    for index, row in enumerate(rows):
        for key, span in list(row.rowspans.items()):
            end = index + 1
            while end < index + span and end < len(rows) and rows[end].kind == "item":
                end += 1
            if end - index != span:
                if end - index > 1:
                    row.rowspans[key] = end - index
                else:
                    del row.rowspans[key]
