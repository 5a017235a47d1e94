"""The header row of Verbale's plan layout and the merged cells of a sheet in it: each
problem named by its row and column, in the interface language (see layout.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from app.domain.languages import LANGUAGE_ORDER, in_binding_order
from app.i18n.messages import _
from app.services.plan_io.errors import PlanFileError
from app.services.plan_io.errors import column_letter as _letter
from app.services.plan_io.sheet import SheetTable

FIXED_HEADERS: Final[tuple[str, ...]] = ("kind", "level", "number", "key", "value")
SPAN_MARK: Final = "^"


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
                    _(
                        "row {row}, cells {cells}: cells merged across columns; in Verbale's "
                        "layout only cells merged down one column (a row span) have a meaning"
                    ).format(row=row_index + 1, cells=where)
                )
                continue
            heading = header[column] if column < len(header) else ""
            if row_index == 0 or "." not in heading or heading.startswith("text."):
                problems.append(
                    _(
                        "row {row}, column {letter} ({name}): cells {cells} are merged; only "
                        "table cells (<column>.<language>) may span rows"
                    ).format(
                        row=row_index + 1,
                        letter=_letter(column),
                        name=heading or _("no header"),
                        cells=where,
                    )
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
class Header:
    fixed: dict[str, int]
    texts: dict[str, int]
    cells: dict[str, dict[str, int]]
    languages: tuple[str, ...]
    names: list[str]


def parse_header(header: list[str], problems: list[str]) -> Header:
    fixed: dict[str, int] = {}
    texts: dict[str, int] = {}
    cells: dict[str, dict[str, int]] = {}
    seen: dict[str, int] = {}
    names = [name.strip() for name in header]
    for index, name in enumerate(names):
        where = _("row {row}, column {letter}").format(row=1, letter=_letter(index))
        if not name:
            if index < len(names) - 1 or index < len(FIXED_HEADERS):
                problems.append(_("{where}: the header is empty").format(where=where))
            continue
        if name in seen:
            problems.append(
                _("{where} ({name}): the header repeats column {letter}").format(
                    where=where, name=name, letter=_letter(seen[name])
                )
            )
            continue
        seen[name] = index
        if name in FIXED_HEADERS:
            fixed[name] = index
            continue
        key, dot, language = name.rpartition(".")
        if not dot or not key:
            problems.append(
                _(
                    "{where} ({name}): unknown header; expected one of {fixed}, "
                    "text.<language> or <column>.<language>"
                ).format(where=where, name=name, fixed=", ".join(FIXED_HEADERS))
            )
            continue
        if language not in LANGUAGE_ORDER:
            problems.append(
                _("{where} ({name}): {language} is not a language; use en, ru or kk").format(
                    where=where, name=name, language=repr(language)
                )
            )
            continue
        if key == "text":
            texts[language] = index
        else:
            cells.setdefault(key, {})[language] = index
    for expected in FIXED_HEADERS:
        if expected not in fixed:
            problems.append(_("row 1: the header {name} is missing").format(name=repr(expected)))
    languages = in_binding_order(
        set(texts) | {language for by_language in cells.values() for language in by_language}
    )
    if not languages and not problems:
        problems.append(_("row 1: no text.<language> columns; a plan needs at least one language"))
    for language in languages:
        if language not in texts:
            problems.append(
                _(
                    "row 1: the header text.{language} is missing (the file has {language} "
                    "table columns, so it needs the texts in that language too)"
                ).format(language=language)
            )
    for key, by_language in cells.items():
        for language in languages:
            if language not in by_language:
                problems.append(
                    _(
                        "row 1: the header {key}.{language} is missing: column {column} has no "
                        "{language} text while the plan is in {languages}"
                    ).format(
                        key=key, column=repr(key), language=language, languages=", ".join(languages)
                    )
                )
    return Header(fixed, texts, cells, languages, names)
