"""Which column of a plain table is what: the number, a plan column, or skipped.

A plain table (an officer's Word table or spreadsheet, not Verbale's own layout) has a header
row (No. | Events | Scheduled time | ...) and maybe title rows above it. `guess_mapping` finds
the header row, the number column (by its header, or a first column holding only numbers),
a plan column for every other column with text (its key from the header), and the language the
texts are in, by their script. The guess is shown before the plan is used; `override` applies
what the person said instead (`--map "A=number,B=events,C=time:Scheduled time,D=skip"`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from app.domain.languages import LANGUAGE_ORDER
from app.domain.plan import MAX_COLUMNS, NUMBER_HEADERS, NUMBER_KEY
from app.i18n.messages import _
from app.services.plan_io.errors import column_letter
from app.services.plan_paste import PastedCell, looks_like_number

Role = Literal["number", "column", "skip"]

#: How a number column may be headed, besides NUMBER_HEADERS (compared case-folded).
_NUMBER_NAMES: Final = frozenset(
    {"no.", "no", "№", "#", "n", "n°", "№№", "nr", "nr.", "№ п/п", "п/п", "р/с", "р/с №", "№ р/с"}
)
#: Letters of Kazakh Cyrillic that Russian does not have.
_KAZAKH_LETTERS: Final = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KEY_PART = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_SECTION_LIKE = re.compile(r"\s*(?:\d+(?:\.\d+)*|[IVXLCDM]+)[.)]?\s")
#: How many rows above the header may be title rows.
_MAX_TITLE_ROWS: Final = 8


@dataclass(frozen=True)
class ColumnRole:
    """What one source column becomes."""

    index: int
    #: The column's header in the file ("" when it has none).
    source: str
    role: Role
    #: For a plan column: its key and its header in the plan.
    key: str = ""
    header: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class ColumnMapping:
    """Every source column's role, the language of the texts, where the header row is."""

    columns: tuple[ColumnRole, ...]
    language: str
    #: 0-based index of the header row in the table, None when the table has none.
    header_row: int | None
    #: 0-based indexes of the title rows above the header.
    title_rows: tuple[int, ...] = ()

    @property
    def number_at(self) -> int | None:
        return next((c.index for c in self.columns if c.role == "number"), None)

    def plan_columns(self) -> list[ColumnRole]:
        return [column for column in self.columns if column.role == "column"]

    def describe(self) -> list[str]:
        """The mapping as a person reads it, one line a column, in the interface language."""
        lines = [
            _("Column mapping (texts in {language}; header in row {row}):").format(
                language=self.language,
                row=self.header_row + 1 if self.header_row is not None else "-",
            )
        ]
        width = max((len(column.source) for column in self.columns), default=0)
        width = min(max(width, 8), 40)
        for column in self.columns:
            source = " ".join(column.source.split())
            source = (source[: width - 1] + "…") if len(source) > width else source
            if column.role == "number":
                what = _("number")
            elif column.role == "skip":
                what = _("skipped")
            else:
                what = _("column {key}, headed '{header}'").format(
                    key=column.key, header=" ".join(column.header.split())
                )
            shown = source or _("(no header)")
            lines.append(f"  {column.letter:<3}{shown:<{width + 2}}-> {what}")
        return lines

    def spec(self) -> str:
        """The mapping written as `--map` takes it."""
        parts = []
        for column in self.columns:
            if column.role == "column":
                parts.append(f"{column.letter}={column.key}:{column.header}")
            else:
                parts.append(f"{column.letter}={column.role}")
        return ",".join(parts)


def detect_language(texts: Iterable[str]) -> str:
    """en for Latin script, ru for Cyrillic, kk for Cyrillic with Kazakh letters."""
    latin = cyrillic = kazakh = 0
    for text in texts:
        for char in text:
            if char in _KAZAKH_LETTERS:
                kazakh += 1
                cyrillic += 1
            elif "\u0400" <= char <= "\u04ff":
                cyrillic += 1
            elif char.isascii() and char.isalpha():
                latin += 1
    if cyrillic > latin:
        return "kk" if kazakh >= max(2, cyrillic // 400) else "ru"
    return "en"


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def is_number_header(text: str) -> bool:
    name = _normal(text)
    return name in _NUMBER_NAMES or name in {_normal(h) for h in NUMBER_HEADERS.values()}


def _filled(row: Sequence[PastedCell]) -> list[int]:
    return [index for index, cell in enumerate(row) if not cell.covered and cell.text.strip()]


def find_header_row(rows: Sequence[Sequence[PastedCell]]) -> tuple[int | None, tuple[int, ...]]:
    """(the header row, the title rows above it): the first row with two or more cells filled
    and no number among them, after rows with at most one cell filled (titles)."""
    titles: list[int] = []
    for index, row in enumerate(rows):
        filled = _filled(row)
        if not filled:
            continue
        if len(filled) == 1:
            if len(titles) >= _MAX_TITLE_ROWS:
                break
            titles.append(index)
            continue
        if any(looks_like_number(row[i].text) for i in filled):
            break  # a first row of data: the table has no header
        return index, tuple(titles)
    # No header: rows above the data are titles unless they read as section headings.
    kept: list[int] = []
    for index in titles:
        if _SECTION_LIKE.match(rows[index][_filled(rows[index])[0]].text):
            break
        kept.append(index)
    return None, tuple(kept)


def data_start(header_row: int | None, titles: Sequence[int]) -> int:
    """The first row of data after the header (or the titles of a table without one)."""
    if header_row is not None:
        return header_row + 1
    return max(titles) + 1 if titles else 0


def _key(header: str, index: int, taken: set[str]) -> str:
    slug = _KEY_PART.sub("_", header.casefold()).strip("_") if header.isascii() else ""
    slug = "_".join(slug.split("_")[:3])
    if not slug or slug[0].isdigit() or slug == NUMBER_KEY:
        slug = f"column_{column_letter(index).lower()}"
    key, count = slug, 2
    while key in taken:
        key, count = f"{slug}_{count}", count + 1
    taken.add(key)
    return key


def guess_mapping(
    rows: Sequence[Sequence[PastedCell]], language: str | None = None
) -> ColumnMapping:
    """The mapping a person would most likely choose for this table."""
    header_row, titles = find_header_row(rows)
    width = max((len(row) for row in rows), default=0)
    header = list(rows[header_row]) if header_row is not None else []
    data = [list(row) for row in rows[data_start(header_row, titles) :]]
    texts = [cell.text for row in rows for cell in row]
    language = language or detect_language(texts)
    number_at: int | None = next(
        (
            i
            for i, cell in enumerate(header)
            if not cell.covered and cell.text.strip() and is_number_header(cell.text)
        ),
        None,
    )
    if number_at is None and width > 1:
        firsts = [row[0].text.strip() for row in data if len(_filled(row)) > 1 and row]
        numbered = [text for text in firsts if text]
        if numbered and sum(looks_like_number(t) for t in numbered) >= 0.9 * len(numbered):
            number_at = 0
    taken: set[str] = set()
    columns: list[ColumnRole] = []
    for index in range(width):
        cell = header[index] if index < len(header) else PastedCell()
        source = "" if cell.covered else " ".join(cell.text.split())
        if index == number_at:
            columns.append(ColumnRole(index, source, "number"))
            continue
        has_text = any(index < len(row) and row[index].text.strip() for row in data)
        plan_columns = sum(1 for column in columns if column.role == "column")
        if (not source and not has_text) or plan_columns >= MAX_COLUMNS:
            columns.append(ColumnRole(index, source, "skip"))
            continue
        header_text = source or _("Column {letter}").format(letter=column_letter(index))
        columns.append(ColumnRole(index, source, "column", _key(source, index, taken), header_text))
    return ColumnMapping(tuple(columns), language, header_row, titles)


def override(mapping: ColumnMapping, spec: str, language: str | None = None) -> ColumnMapping:
    """The mapping with `spec` applied (`A=number,B=events,C=time:Scheduled time,D=skip`);
    ValueError listing every problem of the spec."""
    problems: list[str] = []
    columns = {column.index: column for column in mapping.columns}
    for part in (piece.strip() for piece in spec.split(",")):
        if not part:
            continue
        letter, equals, target = part.partition("=")
        letter = letter.strip().upper()
        index = _index(letter)
        if not equals or index is None:
            problems.append(
                _("--map: {part!r} is not LETTER=ROLE (like B=events or A=number)").format(
                    part=part
                )
            )
            continue
        if index not in columns:
            problems.append(
                _("--map: the table has no column {letter} (its columns are A to {last})").format(
                    letter=letter, last=column_letter(max(columns, default=0))
                )
            )
            continue
        key, colon, header = target.partition(":")
        key = key.strip()
        old = columns[index]
        if key in ("number", "skip") and not colon:
            columns[index] = replace(old, role=key, key="", header="")  # type: ignore[arg-type]
            continue
        if not key or not key.isascii() or not all(c.isalnum() or c == "_" for c in key):
            problems.append(
                _(
                    "--map: {key!r} for column {letter} is not a column key (Latin letters, "
                    "digits and _), number or skip"
                ).format(key=key, letter=letter)
            )
            continue
        columns[index] = replace(
            old,
            role="column",
            key=key,
            header=header.strip() if colon else old.header or old.source or key,
        )
    chosen = [columns[index] for index in sorted(columns)]
    numbers = [column.letter for column in chosen if column.role == "number"]
    if len(numbers) > 1:
        problems.append(
            _(
                "--map: columns {letters} are each given as the number; a plan has one number "
                "column"
            ).format(letters=", ".join(numbers))
        )
    keys: dict[str, str] = {}
    for column in chosen:
        if column.role != "column":
            continue
        if column.key in keys:
            problems.append(
                _("--map: columns {first} and {second} are both {key!r}").format(
                    first=keys[column.key], second=column.letter, key=column.key
                )
            )
        keys.setdefault(column.key, column.letter)
    if not keys:
        problems.append(_("--map: no column is left for the plan's texts"))
    if language is not None and language not in LANGUAGE_ORDER:
        problems.append(
            _("--lang: {language!r} is not a language of plans; use en, ru or kk").format(
                language=language
            )
        )
    if problems:
        raise ValueError("\n".join(problems))
    return ColumnMapping(
        tuple(chosen), language or mapping.language, mapping.header_row, mapping.title_rows
    )


def _index(letters: str) -> int | None:
    if not letters or not letters.isascii() or not letters.isalpha() or len(letters) > 2:
        return None
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def same_columns(first: ColumnMapping, rows: Sequence[Sequence[PastedCell]]) -> ColumnMapping:
    """The mapping of a second file of the same plan (another language): the first file's
    roles and keys by column, this file's own headers, header row and language."""
    guessed = guess_mapping(rows)
    roles = {column.index: column for column in first.columns}
    columns = []
    for column in guessed.columns:
        known = roles.get(column.index)
        if known is None:
            columns.append(replace(column, role="skip", key="", header=""))
        elif known.role == "column":
            header = column.source or known.header
            columns.append(replace(column, role="column", key=known.key, header=header))
        else:
            columns.append(replace(column, role=known.role, key="", header=""))
    return replace(guessed, columns=tuple(columns))
