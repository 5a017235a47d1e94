"""A plan table sent as an enclosure: approval block, title, preamble and a table of events.

Every text is held per language (`{"en": ..., "ru": ...}`); a plan exists in `languages`, which
may be a subset of the note's languages. Rows are parallel across languages: row 7 is the same
event in English and in Russian.

The table has a number column (its header and width in `number_column`) followed by the
plan's own `columns`. A row is either an `Item` (a number and one `Cell` per column) or a
`Section` heading that spans the whole table. A cell may span several rows downward
(`Cell.rowspan`); the rows it covers have no cell of their own in that column.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from app.domain.languages import LANGUAGE_ORDER, in_binding_order
from app.domain.problems import Problem, ValidationError

NumberingMode = Literal["flat", "hierarchical", "typed"]
Orientation = Literal["portrait", "landscape"]
BlockKind = Literal["paragraph", "bullet"]

NUMBERING_MODES: Final[tuple[str, ...]] = ("flat", "hierarchical", "typed")
ORIENTATIONS: Final[tuple[str, ...]] = ("portrait", "landscape")
BLOCK_KINDS: Final[tuple[str, ...]] = ("paragraph", "bullet")

#: The heading above each signatory when none is given.
APPROVAL_HEADINGS: Final[dict[str, str]] = {
    "en": "APPROVED",
    "ru": "УТВЕРЖДАЮ",
    "kk": "БЕКІТЕМІН",
}
#: The number column's header when none is given.
NUMBER_HEADERS: Final[dict[str, str]] = {"en": "No.", "ru": "№ п/п", "kk": "Р/с №"}

#: Key of the number column; no plan column may use it.
NUMBER_KEY: Final = "number"
MAX_CELL_LENGTH: Final = 20_000
MAX_ROWS: Final = 20_000
MAX_COLUMNS: Final = 12
MAX_SECTION_LEVEL: Final = 3

Texts = Mapping[str, str]


@dataclass(frozen=True)
class Column:
    """A column of the table: a key (letters, digits, `_`), its header per language, and its
    width relative to the other columns."""

    key: str
    headers: Texts
    width: float = 1.0


@dataclass(frozen=True)
class NumberColumn:
    """The first column, holding each item's number."""

    #: Only the languages whose header differs from NUMBER_HEADERS need an entry.
    headers: Texts = field(default_factory=dict)
    width: float = 0.6

    def header(self, language: str) -> str:
        return self.headers.get(language) or NUMBER_HEADERS.get(language, "No.")


@dataclass(frozen=True)
class Cell:
    """One cell's text per language; `rowspan` > 1 merges it with the cells below."""

    texts: Texts
    rowspan: int = 1

    def text(self, language: str) -> str:
        return self.texts.get(language, "")


@dataclass(frozen=True)
class Item:
    """A row of the table. `number` is the typed number (used when numbering is "typed").

    `cells` maps column keys to cells; a column absent from it is empty, or covered by a
    cell above that spans down over this row.
    """

    cells: Mapping[str, Cell]
    number: str = ""


@dataclass(frozen=True)
class Section:
    """A heading row spanning the table (`I. COOPERATION IN POLITICAL FIELD`); level 1..3."""

    titles: Texts
    level: int = 1
    number: str = ""

    def title(self, language: str) -> str:
        return self.titles.get(language, "")


Row = Item | Section


@dataclass(frozen=True)
class Block:
    """A preamble paragraph, or one bullet of a list (consecutive bullets form one list)."""

    texts: Texts
    kind: BlockKind = "paragraph"

    def text(self, language: str) -> str:
        return self.texts.get(language, "")


@dataclass(frozen=True)
class Signatory:
    """One signature of the approval block: heading (APPROVED), name, title, optional date."""

    names: Texts
    titles: Texts = field(default_factory=dict)
    headings: Texts = field(default_factory=dict)
    date: dt.date | None = None

    def heading(self, language: str) -> str:
        return self.headings.get(language) or APPROVAL_HEADINGS.get(language, "APPROVED")


@dataclass(frozen=True)
class PlanProblem(Problem):
    """A problem of a plan, naming the table row (1-based) and column key where it has one."""

    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Plan:
    """An action plan table in one or more languages."""

    languages: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()
    title: Texts = field(default_factory=dict)
    preamble: tuple[Block, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    number_column: NumberColumn = field(default_factory=NumberColumn)
    numbering: NumberingMode = "flat"
    orientation: Orientation = "portrait"

    @property
    def items(self) -> Iterator[Item]:
        return (row for row in self.rows if isinstance(row, Item))

    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def numbers(self) -> tuple[str, ...]:
        """The number printed for every row, by the plan's numbering mode.

        flat: items 1., 2., 3. ...; sections show their typed number (if any).
        hierarchical: level-1 sections I., II. ...; level-2 sections 2.1.; level-3 2.1.1.;
        items extend the path of the section they are in (2.1.7.), or count 1., 2. before any.
        Items and sub-sections of one section share its count (items 1.1., 1.2., then
        sub-section 1.3.), so no two rows ever show the same number.
        typed: every row shows the number typed in it.
        """
        shown: list[str] = []
        if self.numbering == "typed":
            return tuple(row.number for row in self.rows)
        if self.numbering == "flat":
            count = 0
            for row in self.rows:
                if isinstance(row, Section):
                    shown.append(row.number)
                else:
                    count += 1
                    shown.append(f"{count}.")
            return tuple(shown)
        path: list[int] = []
        sections = 0
        #: How many children (items and sub-sections) each section has numbered so far.
        children: dict[tuple[int, ...], int] = {}
        for row in self.rows:
            if isinstance(row, Section):
                level = max(1, min(row.level, MAX_SECTION_LEVEL))
                del path[level - 1 :]
                if level == 1:
                    sections += 1
                    path.append(sections)
                    shown.append(roman(sections) + ".")
                else:
                    while len(path) < level - 1:
                        path.append(children.get(tuple(path), 0) + 1)
                    parent = tuple(path)
                    children[parent] = children.get(parent, 0) + 1
                    path.append(children[parent])
                    shown.append(_dotted(path))
            else:
                parent = tuple(path)
                children[parent] = children.get(parent, 0) + 1
                shown.append(_dotted([*path, children[parent]]))
        return tuple(shown)

    def covered(self) -> list[set[str]]:
        """For every row, the column keys covered by a cell spanning down from above."""
        covered: list[set[str]] = [set() for _ in self.rows]
        for index, row in enumerate(self.rows):
            if not isinstance(row, Item):
                continue
            for key, cell in row.cells.items():
                for below in range(index + 1, min(index + cell.rowspan, len(self.rows))):
                    covered[below].add(key)
        return covered

    def problems(self) -> list[Problem]:
        """Everything wrong with the plan; table problems name their row and column."""
        found: list[Problem] = []
        add = found.append
        if not self.languages:
            add(PlanProblem("languages", "plan_no_language"))
        for code in self.languages:
            if code not in LANGUAGE_ORDER:
                add(PlanProblem("languages", "unknown_language", params={"code": code}))
        if len(set(self.languages)) != len(self.languages):
            add(PlanProblem("languages", "language_twice"))
        languages = in_binding_order(self.languages)
        if self.numbering not in NUMBERING_MODES:
            add(
                PlanProblem(
                    "numbering",
                    "numbering_invalid",
                    params={"value": self.numbering, "modes": ", ".join(NUMBERING_MODES)},
                )
            )
        if self.orientation not in ORIENTATIONS:
            add(
                PlanProblem(
                    "orientation", "orientation_invalid", params={"value": self.orientation}
                )
            )

        if not self.columns:
            add(PlanProblem("columns", "no_columns"))
        if len(self.columns) > MAX_COLUMNS:
            add(
                PlanProblem(
                    "columns",
                    "too_many_columns",
                    params={"count": len(self.columns), "limit": MAX_COLUMNS},
                )
            )
        keys = self.column_keys()
        for key in keys:
            if not _is_key(key):
                add(
                    PlanProblem(
                        "columns",
                        "column_key_invalid",
                        params={"key": key, "number_key": NUMBER_KEY},
                        column=key,
                    )
                )
        for key in sorted({key for key in keys if keys.count(key) > 1}):
            add(PlanProblem("columns", "column_twice", params={"key": key}, column=key))
        widths = [(NUMBER_KEY, self.number_column.width)]
        widths += [(column.key, column.width) for column in self.columns]
        for key, width in widths:
            if not 0.05 <= width <= 100:
                add(
                    PlanProblem(
                        f"columns.{key}.width",
                        "width_invalid",
                        params={"width": width},
                        column=key,
                    )
                )
        for column in self.columns:
            for language in languages:
                if not column.headers.get(language, "").strip():
                    add(
                        PlanProblem(
                            f"columns.{column.key}.header",
                            "missing",
                            language,
                            column=column.key,
                        )
                    )

        for language in languages:
            if not self.title.get(language, "").strip():
                add(PlanProblem("title", "missing", language))
        for index, signatory in enumerate(self.signatories, start=1):
            for language in languages:
                if not signatory.names.get(language, "").strip():
                    add(PlanProblem(f"signatories[{index}].name", "missing", language))
        for index, block in enumerate(self.preamble, start=1):
            if block.kind not in BLOCK_KINDS:
                add(
                    PlanProblem(
                        f"preamble[{index}]", "block_kind_invalid", params={"kind": block.kind}
                    )
                )

        if len(self.rows) > MAX_ROWS:
            add(
                PlanProblem(
                    "rows", "too_many_rows", params={"count": len(self.rows), "limit": MAX_ROWS}
                )
            )
        found.extend(self._row_problems(languages, set(keys)))
        for field_name, language, text, row, column_key in self._texts():
            problem = _text_problem(text)
            if problem:
                code, params = problem
                add(PlanProblem(field_name, code, language, params, row=row, column=column_key))
        return found

    def _row_problems(self, languages: tuple[str, ...], keys: set[str]) -> list[Problem]:
        found: list[Problem] = []
        covered = self.covered()
        previous_level = 0
        for index, row in enumerate(self.rows):
            number = index + 1
            if isinstance(row, Section):
                if not 1 <= row.level <= MAX_SECTION_LEVEL:
                    found.append(
                        PlanProblem(
                            f"rows[{number}].level",
                            "section_level_invalid",
                            params={"level": row.level, "limit": MAX_SECTION_LEVEL},
                            row=number,
                        )
                    )
                elif self.numbering == "hierarchical" and row.level > previous_level + 1:
                    found.append(
                        PlanProblem(
                            f"rows[{number}].level",
                            "section_after_level" if previous_level else "section_after_none",
                            params={"level": row.level, "previous": previous_level},
                            row=number,
                        )
                    )
                else:
                    previous_level = row.level
                for language in languages:
                    if not row.title(language).strip():
                        found.append(
                            PlanProblem(f"rows[{number}].title", "missing", language, row=number)
                        )
                for key in sorted(covered[index]):
                    found.append(
                        PlanProblem(
                            f"rows[{number}]",
                            "spans_into_section",
                            params={"key": key},
                            row=number,
                            column=key,
                        )
                    )
                continue
            for key, cell in row.cells.items():
                if key not in keys:
                    found.append(
                        PlanProblem(
                            f"rows[{number}].{key}",
                            "not_a_column",
                            row=number,
                            column=key,
                        )
                    )
                if key in covered[index]:
                    found.append(
                        PlanProblem(
                            f"rows[{number}].{key}",
                            "covered_has_text",
                            row=number,
                            column=key,
                        )
                    )
                if cell.rowspan < 1 or index + cell.rowspan > len(self.rows):
                    found.append(
                        PlanProblem(
                            f"rows[{number}].{key}.rowspan",
                            "rowspan_too_long",
                            params={"span": cell.rowspan, "row": number, "rows": len(self.rows)},
                            row=number,
                            column=key,
                        )
                    )
                for extra in sorted(set(cell.texts) - set(languages)):
                    found.append(
                        PlanProblem(
                            f"rows[{number}].{key}",
                            "text_in_other_language",
                            extra,
                            row=number,
                            column=key,
                        )
                    )
        return found

    def _texts(self) -> Iterator[tuple[str, str, str, int | None, str | None]]:
        """Every piece of user text as (field, language, text, row, column)."""
        for language in self.languages:
            yield "title", language, self.title.get(language, ""), None, None
            for index, block in enumerate(self.preamble, start=1):
                yield f"preamble[{index}]", language, block.text(language), None, None
            for index, signatory in enumerate(self.signatories, start=1):
                for part, texts in (
                    ("name", signatory.names),
                    ("title", signatory.titles),
                    ("heading", signatory.headings),
                ):
                    text = texts.get(language, "")
                    yield f"signatories[{index}].{part}", language, text, None, None
            number_header = self.number_column.header(language)
            yield "columns.number.header", language, number_header, None, NUMBER_KEY
            for column in self.columns:
                header = column.headers.get(language, "")
                yield f"columns.{column.key}.header", language, header, None, column.key
            for index, row in enumerate(self.rows, start=1):
                if isinstance(row, Section):
                    yield f"rows[{index}].title", language, row.title(language), index, None
                    continue
                for key, cell in row.cells.items():
                    yield f"rows[{index}].{key}", language, cell.text(language), index, key

    def validate(self) -> Plan:
        """Return the plan itself, or raise ValidationError listing every problem."""
        found = self.problems()
        if found:
            raise ValidationError(found)
        return self


def roman(number: int) -> str:
    """1 -> I, 14 -> XIV."""
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _dotted(path: list[int]) -> str:
    return "".join(f"{part}." for part in path)


def _is_key(key: str) -> bool:
    return (
        bool(key)
        and key != NUMBER_KEY
        and key.isascii()
        and all(char.isalnum() or char == "_" for char in key)
    )


def _text_problem(text: str) -> tuple[str, dict[str, object]] | None:
    if len(text) > MAX_CELL_LENGTH:
        return "cell_too_long", {"length": len(text), "limit": MAX_CELL_LENGTH}
    for char in text:
        if char in "\n\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            return "control_character", {"char": f"U+{ord(char):04X}"}
    return None
