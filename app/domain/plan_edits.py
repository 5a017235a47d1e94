"""Plan editing as pure functions: each takes a `Plan` and returns a new one, or a `Refusal`
saying (by its code) why the edit cannot be made. Nothing here knows of Qt or of widgets; the
plan editor calls one function per action and records the result on its undo stack.

Places are (row, key): a 0-based row index and a column key (`NUMBER_KEY` for the number; a
section heading's title under any other). Inside, rows are *expanded*: a place covered by a
cell spanning down holds `CONTINUED`, so rows move freely; `rebuilt` collapses them again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol

from app.domain.languages import in_binding_order
from app.domain.plan import (
    MAX_SECTION_LEVEL,
    NUMBER_HEADERS,
    NUMBER_KEY,
    Block,
    BlockKind,
    Cell,
    Column,
    Item,
    NumberColumn,
    Plan,
    Row,
    Section,
    Signatory,
)
from app.domain.problems import Refusal

#: Marks, inside the editing functions only, a place covered by the cell above that spans down.
CONTINUED: Final = Cell({}, rowspan=0)
#: Headers of a new plan's first column.
DEFAULT_COLUMN_HEADERS: Final[dict[str, str]] = {
    "en": "Events",
    "ru": "Мероприятия",
    "kk": "Іс-шаралар",
}
#: The relative width a column added in the editor (or by a pasted header) starts with.
NEW_COLUMN_WIDTH: Final = 2.0
#: How a bullet of the preamble is typed (and shown) in the editor's one-line-per-paragraph text.
BULLET: Final = "• "

#: Refusal codes (app/i18n/problems.py tells each as a sentence).
NO_ROW_BELOW: Final = "plan.no_row_below"
CELL_BELOW_HAS_TEXT: Final = "plan.cell_below_has_text"
NOT_A_SECTION: Final = "plan.not_a_section"
NO_LANGUAGE: Final = "plan.no_language"
PREAMBLE_COUNTS_DIFFER: Final = "plan.preamble_counts_differ"
PREAMBLE_BULLET_ONE_LANGUAGE: Final = "plan.preamble_bullet_one_language"
SIGNATORY_DATE: Final = "plan.signatory_date"
COLUMN_KEY_INVALID: Final = "plan.column_key_invalid"
COLUMN_KEY_TWICE: Final = "plan.column_key_twice"
COLUMN_WIDTH_INVALID: Final = "plan.column_width_invalid"
NO_COLUMNS: Final = "plan.no_columns"


class PastedRow(Protocol):
    """A pasted row read as a plan row in one language (services.plan_paste.PastedRow):
    an item's `cells` and `rowspans` by column key, or a section's `title` and `level`."""

    @property
    def kind(self) -> str: ...  # "item" or "section"
    @property
    def number(self) -> str: ...
    @property
    def cells(self) -> Mapping[str, str]: ...
    @property
    def rowspans(self) -> Mapping[str, int]: ...
    @property
    def title(self) -> str: ...
    @property
    def level(self) -> int: ...


# ---------------------------------------------------------------------------------------------
# New plans and languages


def empty_plan(languages: Sequence[str]) -> Plan:
    """A new plan: one column, no rows."""
    codes = in_binding_order(tuple(languages))
    headers = {language: DEFAULT_COLUMN_HEADERS.get(language, "") for language in codes}
    return Plan(
        languages=codes,
        columns=(Column("events", headers, 5.0),),
        title={language: "" for language in codes},
    )


def with_languages(plan: Plan, languages: Sequence[str]) -> Plan | Refusal:
    """The plan in other languages: texts of the languages dropped go, new ones start empty
    (a column's header starts from the usual one when there is one)."""
    codes = in_binding_order(tuple(languages))
    if not codes:
        return Refusal(NO_LANGUAGE)

    def texts(
        source: Mapping[str, str], defaults: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        return {code: source.get(code, "") or (defaults or {}).get(code, "") for code in codes}

    def keep(source: Mapping[str, str]) -> dict[str, str]:
        return {code: text for code, text in source.items() if code in codes}

    rows: list[Row] = []
    for row in plan.rows:
        if isinstance(row, Section):
            rows.append(Section(texts(row.titles), row.level, row.number))
        else:
            cells = {key: Cell(texts(cell.texts), cell.rowspan) for key, cell in row.cells.items()}
            rows.append(Item(cells, row.number))
    return dataclasses.replace(
        plan,
        languages=codes,
        columns=tuple(
            Column(
                column.key,
                texts(column.headers, DEFAULT_COLUMN_HEADERS if column.key == "events" else {}),
                column.width,
            )
            for column in plan.columns
        ),
        number_column=NumberColumn(keep(plan.number_column.headers), plan.number_column.width),
        rows=tuple(rows),
        title=texts(plan.title),
        preamble=tuple(Block(texts(block.texts), block.kind) for block in plan.preamble),
        signatories=tuple(
            Signatory(texts(s.names), texts(s.titles), keep(s.headings), s.date)
            for s in plan.signatories
        ),
    )


# ---------------------------------------------------------------------------------------------
# Expanded rows


def expand(plan: Plan) -> list[Row]:
    """The plan's rows, each place covered by a spanning cell holding CONTINUED."""
    covered = plan.covered()
    rows: list[Row] = []
    for index, row in enumerate(plan.rows):
        if isinstance(row, Item) and covered[index]:
            cells = dict(row.cells)
            for key in covered[index]:
                cells[key] = CONTINUED
            row = Item(cells, row.number)
        elif isinstance(row, Item):
            row = Item({key: Cell(cell.texts) for key, cell in row.cells.items()}, row.number)
        rows.append(row)
    return rows


def collapse(rows: Sequence[Row], languages: Sequence[str], keys: Sequence[str]) -> tuple[Row, ...]:
    """Rows as a plan keeps them: a CONTINUED place lengthens the cell above it (a section or
    an empty place ends a span); every text has every language; empty cells are dropped."""
    result: list[Row] = []
    open_at: dict[str, int] = {}  # column key -> index in `result` of the cell spanning down
    spans: dict[tuple[int, str], int] = {}
    for row in rows:
        if isinstance(row, Section):
            open_at.clear()
            titles = {language: row.titles.get(language, "") for language in languages}
            result.append(Section(titles, row.level, row.number))
            continue
        cells: dict[str, Cell] = {}
        position = len(result)
        for key in keys:
            cell = row.cells.get(key)
            if cell is CONTINUED:
                if key in open_at:
                    spans[(open_at[key], key)] += 1
                continue
            if cell is None:
                open_at.pop(key, None)
                continue
            cells[key] = Cell({language: cell.texts.get(language, "") for language in languages})
            open_at[key] = position
            spans[(position, key)] = 1
        result.append(Item(cells, row.number))
    final: list[Row] = []
    for position, row in enumerate(result):
        if isinstance(row, Item):
            kept = {}
            for key, cell in row.cells.items():
                span = spans[(position, key)]
                if span > 1 or any(cell.texts.values()):
                    kept[key] = Cell(cell.texts, span)
            row = Item(kept, row.number)
        final.append(row)
    return tuple(final)


def rebuilt(plan: Plan, rows: Sequence[Row]) -> Plan:
    """The plan with expanded `rows` collapsed back into it."""
    return dataclasses.replace(plan, rows=collapse(rows, plan.languages, plan.column_keys()))


def is_covered(plan: Plan, row: int, key: str) -> bool:
    """Whether the place is covered by a cell spanning down from above (so not editable)."""
    return key in plan.covered()[row]


# ---------------------------------------------------------------------------------------------
# Cells


def edit_cell(plan: Plan, row: int, key: str, language: str, text: str) -> Plan:
    """The plan with `text` typed at (row, key) in `language`: the number (stripped) under
    NUMBER_KEY, a section heading's title under any other key, else the cell's text."""
    rows = expand(plan)
    target = rows[row]
    if key == NUMBER_KEY:
        rows[row] = dataclasses.replace(target, number=text.strip())
    elif isinstance(target, Section):
        rows[row] = dataclasses.replace(target, titles={**target.titles, language: text})
    else:
        cell = target.cells.get(key)
        texts = dict(cell.texts) if cell is not None and cell is not CONTINUED else {}
        texts[language] = text
        rows[row] = Item({**target.cells, key: Cell(texts)}, target.number)
    return rebuilt(plan, rows)


def clear_cells(plan: Plan, places: Iterable[tuple[int, str]], language: str) -> Plan:
    """The plan with the places emptied in `language` (a covered place stays as it is)."""
    rows = expand(plan)
    for row, key in places:
        target = rows[row]
        if key == NUMBER_KEY:
            rows[row] = dataclasses.replace(target, number="")
        elif isinstance(target, Section):
            rows[row] = dataclasses.replace(target, titles={**target.titles, language: ""})
        else:
            cell = target.cells.get(key)
            if cell is not None and cell is not CONTINUED:
                cells = {**target.cells, key: Cell({**cell.texts, language: ""})}
                rows[row] = Item(cells, target.number)
    return rebuilt(plan, rows)


# ---------------------------------------------------------------------------------------------
# Rows


def insertion_point(plan: Plan, current: int | None) -> int:
    """Where a row added with `current` row chosen goes: below it, or at the end."""
    return len(plan.rows) if current is None else current + 1


def section_level_at(plan: Plan, current: int | None) -> int:
    """The level of the section the current row is in (1 before any section)."""
    if current is not None:
        for row in reversed(plan.rows[: current + 1]):
            if isinstance(row, Section):
                return row.level
    return 1


def new_section(plan: Plan, level: int) -> Section:
    """An empty section heading in every language of the plan."""
    return Section({language: "" for language in plan.languages}, level)


def insert_row(plan: Plan, at: int, new: Row) -> Plan:
    """The plan with `new` inserted at index `at`. An empty item inserted inside a block of
    rows sharing a spanning cell joins the block (the cell spans over it too)."""
    rows = expand(plan)
    if isinstance(new, Item) and 0 < at < len(rows):
        below = rows[at]
        if isinstance(below, Item):
            new = Item({key: CONTINUED for key, cell in below.cells.items() if cell is CONTINUED})
    rows.insert(at, new)
    return rebuilt(plan, rows)


def delete_rows(plan: Plan, chosen: Iterable[int]) -> Plan:
    """The plan without the chosen rows; a spanning cell whose first row goes keeps its text
    (it moves down to the row below)."""
    rows = expand(plan)
    for index in sorted(set(chosen), reverse=True):
        gone = rows.pop(index)
        if isinstance(gone, Item) and index < len(rows):
            below = rows[index]
            if isinstance(below, Item):
                cells = dict(below.cells)
                for key, cell in gone.cells.items():
                    if cell is not CONTINUED and cells.get(key) is CONTINUED:
                        cells[key] = cell
                rows[index] = Item(cells, below.number)
    return rebuilt(plan, rows)


def move_row(plan: Plan, row: int, step: int) -> Plan:
    """The plan with the row swapped with the one `step` rows away (unchanged at an edge)."""
    other = row + step
    rows = expand(plan)
    if not 0 <= row < len(rows) or not 0 <= other < len(rows):
        return plan
    rows[row], rows[other] = rows[other], rows[row]
    return rebuilt(plan, rows)


def can_shift_level(plan: Plan, row: int, step: int) -> bool:
    """Whether the row is a section heading whose level can go `step` (within 1..3)."""
    target = plan.rows[row]
    return isinstance(target, Section) and 1 <= target.level + step <= MAX_SECTION_LEVEL


def shift_levels(plan: Plan, chosen: Iterable[int], step: int) -> Plan | Refusal:
    """Section headings among the chosen rows one level down (step 1: I. -> 1.1.) or up
    (step -1), within levels 1 to 3; refused when no heading among them can move."""
    rows = expand(plan)
    changed = False
    for index in chosen:
        row = rows[index]
        if isinstance(row, Section):
            level = max(1, min(row.level + step, MAX_SECTION_LEVEL))
            if level != row.level:
                rows[index] = dataclasses.replace(row, level=level)
                changed = True
    if not changed:
        return Refusal(NOT_A_SECTION, {"levels": MAX_SECTION_LEVEL})
    return rebuilt(plan, rows)


# ---------------------------------------------------------------------------------------------
# Cells spanning rows


def merge_down(plan: Plan, row: int, key: str) -> Plan | Refusal:
    """The cell at (row, key) covering the row below its last one too; refused when there is
    no table row below or the cell below has text (nothing is ever lost)."""
    origin = plan.rows[row]
    if not isinstance(origin, Item):
        return Refusal(NO_ROW_BELOW)
    cell = origin.cells.get(key)
    below = row + (cell.rowspan if cell is not None else 1)
    rows = expand(plan)
    target = rows[below] if below < len(rows) else None
    if not isinstance(target, Item):
        return Refusal(NO_ROW_BELOW)
    below_cell = target.cells.get(key)
    if below_cell is not None and any(below_cell.texts.values()):
        return Refusal(CELL_BELOW_HAS_TEXT)
    if cell is None:
        # An empty cell spanning down needs to exist as a cell.
        expanded = rows[row]
        assert isinstance(expanded, Item)
        rows[row] = Item({**expanded.cells, key: Cell({})}, expanded.number)
    rows[below] = Item({**target.cells, key: CONTINUED}, target.number)
    return rebuilt(plan, rows)


def split_cell(plan: Plan, row: int, key: str) -> Plan:
    """Undo a merge: the rows the cell at (row, key) covers get empty cells of their own."""
    origin = plan.rows[row]
    cell = origin.cells.get(key) if isinstance(origin, Item) else None
    if cell is None or cell.rowspan < 2:
        return plan
    rows = expand(plan)
    for below in range(row + 1, row + cell.rowspan):
        target = rows[below]
        assert isinstance(target, Item)
        rows[below] = Item({k: c for k, c in target.cells.items() if k != key}, target.number)
    return rebuilt(plan, rows)


# ---------------------------------------------------------------------------------------------
# Paste


def with_pasted_columns(
    plan: Plan, new_columns: Sequence[tuple[str, str]], named: Mapping[str, str], language: str
) -> Plan:
    """The plan with the columns a pasted header row named: headers for columns that had
    none in `language`, and new columns after the others."""
    if not new_columns and not named:
        return plan
    columns = [
        dataclasses.replace(column, headers={**column.headers, language: named[column.key]})
        if column.key in named
        else column
        for column in plan.columns
    ]
    columns += [Column(key, {language: header}, NEW_COLUMN_WIDTH) for key, header in new_columns]
    return dataclasses.replace(plan, columns=tuple(columns))


def apply_paste(
    plan: Plan,
    start: int | None,
    language: str,
    pasted: Sequence[PastedRow],
    new_columns: Sequence[tuple[str, str]] = (),
    named: Mapping[str, str] | None = None,
) -> Plan:
    """The plan with pasted rows written into `language` from row `start` down (from the end
    when None), filling that language's cells and adding rows past the end; the columns the
    pasted header named are added first."""
    widened = with_pasted_columns(plan, new_columns, named or {}, language)
    first = len(plan.rows) if start is None else start
    rows = expand(plan)
    typed = plan.numbering == "typed"
    for offset, line in enumerate(pasted):
        at = first + offset
        existing = rows[at] if at < len(rows) else None
        new_row = _pasted_row(line, existing, language, typed)
        if existing is None:
            rows.append(new_row)
        else:
            rows[at] = new_row
    for offset, line in enumerate(pasted):
        for key, span in line.rowspans.items():
            for below in range(first + offset + 1, first + offset + span):
                row = rows[below]
                if isinstance(row, Item):
                    rows[below] = Item({**row.cells, key: CONTINUED}, row.number)
    return rebuilt(widened, rows)


def _pasted_row(pasted: PastedRow, existing: Row | None, language: str, typed: bool) -> Row:
    # The plan numbers its rows itself unless numbering is "as typed".
    if pasted.kind == "section":
        titles = dict(existing.titles) if isinstance(existing, Section) else {}
        titles[language] = pasted.title
        # Flat numbering shows a section's own number (I.), so it is kept as pasted.
        number = pasted.number or (existing.number if isinstance(existing, Section) else "")
        return Section(titles, pasted.level, number)
    cells = dict(existing.cells) if isinstance(existing, Item) else {}
    for key, text in pasted.cells.items():
        old = cells.get(key)
        texts = dict(old.texts) if old is not None and old is not CONTINUED else {}
        if old is CONTINUED and not text.strip():
            continue
        texts[language] = text
        cells[key] = Cell(texts)
    number = existing.number if isinstance(existing, Item) else ""
    if typed and pasted.number:
        number = pasted.number
    return Item(cells, number)


# ---------------------------------------------------------------------------------------------
# Columns


def is_column_key(key: str) -> bool:
    """Letters, digits and _ (ASCII), and not the number column's key."""
    return (
        bool(key)
        and key != NUMBER_KEY
        and key.isascii()
        and all(char.isalnum() or char == "_" for char in key)
    )


def parse_width(text: str) -> float | None:
    """A relative width typed as text (a decimal comma allowed), None when it is not one
    between 0.05 and 100."""
    try:
        width = float(text.replace(",", "."))
    except ValueError:
        return None
    return width if 0.05 <= width <= 100 else None


def check_columns(keys: Sequence[str], widths: Sequence[str]) -> list[Refusal]:
    """Everything wrong with the columns typed: the plan columns' `keys` and the `widths` of
    every column, the number column's first."""
    found: list[Refusal] = []
    seen: list[str] = []
    for key in keys:
        if not key or not key.isascii() or not all(c.isalnum() or c == "_" for c in key):
            found.append(Refusal(COLUMN_KEY_INVALID, {"key": key}))
        elif key == NUMBER_KEY or key in seen:
            found.append(Refusal(COLUMN_KEY_TWICE, {"key": key}))
        seen.append(key)
    for row, text in enumerate(widths, start=1):
        if parse_width(text) is None:
            found.append(
                Refusal(COLUMN_WIDTH_INVALID, {"row": row, "text": text.replace(",", ".")})
            )
    if not keys:
        found.append(Refusal(NO_COLUMNS))
    return found


def number_column_of(headers: Mapping[str, str], width: float) -> NumberColumn:
    """The number column with only the headers that differ from the usual ones (as the file
    reader keeps them)."""
    own = {
        code: text
        for code, text in headers.items()
        if text.strip() and text != NUMBER_HEADERS.get(code)
    }
    return NumberColumn(own, width)


def rename_columns(
    plan: Plan,
    number_column: NumberColumn,
    columns: Sequence[Column],
    renamed: Mapping[str, str],
) -> Plan:
    """The plan with new columns; `renamed` maps each kept column's old key to its new key
    (cells of columns not in it go)."""
    rows: list[Row] = []
    for row in expand(plan):
        if isinstance(row, Item):
            cells = {renamed[key]: cell for key, cell in row.cells.items() if key in renamed}
            row = Item(cells, row.number)
        rows.append(row)
    changed = dataclasses.replace(plan, columns=tuple(columns), number_column=number_column)
    return rebuilt(changed, rows)


# ---------------------------------------------------------------------------------------------
# Title, preamble, approval


def preamble_text(plan: Plan, language: str) -> str:
    """The preamble as the editor shows it: a paragraph a line, bullets starting with "• "."""
    return "\n".join(
        (BULLET if block.kind == "bullet" else "") + block.text(language).replace("\n", " ")
        for block in plan.preamble
    )


def parse_preamble(
    texts: Mapping[str, str], languages: Sequence[str]
) -> tuple[tuple[Block, ...], list[Refusal]]:
    """The preamble typed per language, a paragraph a line (a line starting with "•" or "- "
    is a bullet), as blocks parallel across languages, with what is wrong with it."""
    per_language: dict[str, list[tuple[BlockKind, str]]] = {}
    for code in languages:
        parsed: list[tuple[BlockKind, str]] = []
        for raw in texts.get(code, "").splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(("•", "- ")):
                parsed.append(("bullet", line.lstrip("•-").strip()))
            else:
                parsed.append(("paragraph", line))
        if parsed:
            per_language[code] = parsed
    counts = {code: len(parsed) for code, parsed in per_language.items()}
    if len(set(counts.values())) > 1:
        return (), [Refusal(PREAMBLE_COUNTS_DIFFER, {"counts": counts})]
    problems: list[Refusal] = []
    blocks: list[Block] = []
    for index in range(next(iter(counts.values()), 0)):
        kinds = {parsed[index][0] for parsed in per_language.values()}
        if len(kinds) > 1:
            problems.append(Refusal(PREAMBLE_BULLET_ONE_LANGUAGE, {"number": index + 1}))
        kind = per_language[next(iter(per_language))][index][0]
        line_texts = {
            code: per_language[code][index][1] if code in per_language else "" for code in languages
        }
        blocks.append(Block(line_texts, kind))
    return tuple(blocks), problems


def with_details(
    plan: Plan,
    title: Mapping[str, str],
    preamble: Sequence[Block],
    signatories: Sequence[Signatory],
) -> Plan:
    """The plan with another title, preamble and approval block."""
    return dataclasses.replace(
        plan, title=dict(title), preamble=tuple(preamble), signatories=tuple(signatories)
    )
