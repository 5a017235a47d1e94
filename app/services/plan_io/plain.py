"""A plain table (a Word table or a spreadsheet as an officer keeps it) read as a plan.

The rows are read as the clipboard paste reads them (plan_paste.read_rows: section rows merged
across or with one cell filled or numbered as a section, cells merged down kept as row spans)
through a `ColumnMapping` (mapping.py), guessed unless given. Title rows above the header (or
a document's paragraphs above the table) become the title and the preamble. Every problem is
told at once, in row order, with the file's row; what is read but worth a look (a number that
repeats within its section, cells merged across inside an item) is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.plan import (
    NUMBER_HEADERS,
    Block,
    Cell,
    Column,
    Item,
    NumberColumn,
    NumberingMode,
    Plan,
    PlanProblem,
    Row,
    Section,
)
from app.domain.problems import Problem
from app.i18n.messages import _
from app.i18n.problems import problem_text
from app.services.plan_io.errors import PlanFileError, column_letter
from app.services.plan_io.mapping import ColumnMapping, data_start, guess_mapping, override
from app.services.plan_io.sheet import SheetTable
from app.services.plan_paste import PastedCell, PastedRow, read_rows

#: A column's width in the plan, relative to the others, from its texts' mean length and its
#: longest word.
_CHARACTERS_PER_WIDTH = 20.0
_CHARACTERS_PER_WORD_WIDTH = 6.0


@dataclass(frozen=True)
class PlainImport:
    """A plan read from a plain table, the mapping used, and what the reader noticed."""

    plan: Plan
    mapping: ColumnMapping
    warnings: list[str] = field(default_factory=list)
    #: The file's row (1-based) of each row of the plan, for messages.
    lines: tuple[int, ...] = ()


def mapping_for(
    table: SheetTable, name: str, spec: str | None = None, language: str | None = None
) -> ColumnMapping:
    """The guessed mapping with `spec` (--map) and `language` (--lang) applied."""
    rows = table.padded()
    mapping = guess_mapping(rows, language)
    if spec or language:
        try:
            mapping = override(mapping, spec or "", language)
        except ValueError as error:
            raise PlanFileError(name, str(error).split("\n")) from None
    return mapping


def read_plain(
    table: SheetTable,
    name: str,
    spec: str | None = None,
    language: str | None = None,
    mapping: ColumnMapping | None = None,
) -> PlainImport:
    """The plan in a plain table; PlanFileError naming every problem, in row order."""
    mapping = mapping or mapping_for(table, name, spec, language)
    rows = table.padded()
    lines: list[int] = []
    data: list[list[PastedCell]] = []
    for index in range(data_start(mapping.header_row, mapping.title_rows), len(rows)):
        row = rows[index]
        if any(cell.text.strip() or cell.covered == "above" for cell in row):
            lines.append(index + 1)
            data.append(row)
    if not data:
        raise PlanFileError(name, [_("the table has a header but no rows under it")])
    keys = {column.index: column.key for column in mapping.plan_columns()}
    number_at = mapping.number_at
    read = read_rows(data, keys, number_at)
    warnings = list(table.warnings)
    warnings += _merged_across(data, read, lines, mapping)
    warnings += _repeated_numbers(read, lines)
    language = mapping.language
    plan_rows: list[Row] = []
    for result in read:
        if result.kind == "section":
            plan_rows.append(Section({language: result.title}, result.level, result.number))
        else:
            cells = {
                key: Cell({language: text}, result.rowspans.get(key, 1))
                for key, text in result.cells.items()
                if text.strip() or result.rowspans.get(key, 1) > 1
            }
            plan_rows.append(Item(cells, result.number))
    title, preamble = _title_and_preamble(table, rows, mapping)
    if not title:
        title = Path(name).stem
        warnings.append(
            _("the table has no title row above it; the plan is titled '{title}'").format(
                title=title
            )
        )
    number_header = ""
    if number_at is not None:
        number_header = next(c.source for c in mapping.columns if c.role == "number")
    numbering: NumberingMode = "typed" if any(row.number for row in read) else "flat"
    plan = Plan(
        languages=(language,),
        columns=tuple(
            Column(column.key, {language: column.header}, _width(data, column.index, column.header))
            for column in mapping.plan_columns()
        ),
        rows=tuple(plan_rows),
        title={language: title},
        preamble=tuple(Block({language: text}) for text in preamble),
        number_column=NumberColumn(
            {language: number_header}
            if number_header and number_header != NUMBER_HEADERS.get(language)
            else {}
        ),
        numbering=numbering,
    )
    problems = [_locate(problem, lines, mapping) for problem in plan.problems()]
    if problems:
        raise PlanFileError(name, problems)
    return PlainImport(plan, mapping, warnings, tuple(lines))


def _title_and_preamble(
    table: SheetTable, rows: list[list[PastedCell]], mapping: ColumnMapping
) -> tuple[str, list[str]]:
    titles = [
        " ".join(cell.text.split())
        for index in mapping.title_rows
        for cell in rows[index]
        if cell.text.strip()
    ]
    above = [text.strip() for text in table.above if text.strip()]
    if titles:
        return "\n".join(titles), above
    if above:
        return above[0], above[1:]
    return "", []


def _width(data: list[list[PastedCell]], index: int, header: str) -> float:
    """A column's width relative to the others: by its texts' mean length, and wide enough
    for its longest word (the header's too) not to be broken."""
    texts = [row[index].text for row in data if row[index].text.strip()]
    mean = sum(len(text) for text in texts) / len(texts) if texts else 0.0
    longest = max((len(word) for text in [*texts, header] for word in text.split()), default=0)
    wide = max(mean / _CHARACTERS_PER_WIDTH, longest / _CHARACTERS_PER_WORD_WIDTH)
    return round(min(6.0, max(1.0, wide)), 1)


def _merged_across(
    data: list[list[PastedCell]], read: list[PastedRow], lines: list[int], mapping: ColumnMapping
) -> list[str]:
    """Items whose cells are merged across plan columns: the text stays in the first one."""
    warnings = []
    headers = {column.index: column.header for column in mapping.plan_columns()}
    for row, result, line in zip(data, read, lines, strict=True):
        if result.kind != "item":
            continue
        for index, cell in enumerate(row):
            if cell.covered or cell.colspan < 2 or index not in headers:
                continue
            last = column_letter(index + cell.colspan - 1)
            warnings.append(
                _(
                    "row {row}: cells {first}{row}:{last}{row} are merged across; the text is "
                    "put in column {first} ({header})"
                ).format(row=line, first=column_letter(index), last=last, header=headers[index])
            )
    return warnings


def _repeated_numbers(read: list[PastedRow], lines: list[int]) -> list[str]:
    """A number given twice within one section (or twice before any section)."""
    warnings = []
    seen: dict[str, int] = {}
    section = ""
    for row, line in zip(read, lines, strict=True):
        if row.kind == "section":
            seen.clear()
            section = " ".join(f"{row.number} {row.title}".split())
            continue
        number = row.number.strip().rstrip(".")
        if not number:
            continue
        if number in seen:
            text = (
                _("rows {first} and {second} both have the number {number} in section '{section}'")
                if section
                else _("rows {first} and {second} both have the number {number}")
            )
            warnings.append(
                text.format(first=seen[number], second=line, number=row.number, section=section)
            )
        else:
            seen[number] = line
    return warnings


def _locate(problem: object, lines: list[int], mapping: ColumnMapping) -> str:
    """A domain problem told with the file's row and column where it has them."""
    if not isinstance(problem, PlanProblem):
        return problem_text(problem) if isinstance(problem, Problem) else str(problem)
    places = []
    if problem.row is not None and 0 < problem.row <= len(lines):
        places.append(_("row {row}").format(row=lines[problem.row - 1]))
    if problem.column is not None:
        letter = next((c.letter for c in mapping.columns if c.key == problem.column), None)
        if letter:
            places.append(_("column {letter}").format(letter=letter))
    text = problem_text(problem)
    return _("{place}: {problem}").format(place=", ".join(places), problem=text) if places else text
