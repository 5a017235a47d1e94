"""Spreadsheet cells that never run as formulas (CSV / formula injection), for every export.

Excel, LibreOffice Calc and Google Sheets read a cell that begins with `=`, `+`, `-` or `@` as
a formula, some of them after dropping a leading tab, carriage return or spaces, and the East
Asian input of Excel takes the full-width forms (`＝`, `＋`, `－`, `＠`) as well. So a subject
such as `=HYPERLINK("http://…")` in a register export would run when the file is opened.

- CSV: `neutralise` puts an apostrophe before such a cell (the advice of OWASP: the spreadsheet
  then shows text). `restore` takes exactly that apostrophe off again when Verbale reads a CSV,
  so a plan exported as CSV reads back unchanged: a text that itself begins with apostrophes
  and then a trigger (`'=x`) gets one more apostrophe, and loses only that one.
- XLSX: `write_text` stores the text as a text cell with Excel's own quote-prefix mark, so it
  is never a formula, stays text when someone edits the cell, and no apostrophe shows.

Every CSV or XLSX writer of the application goes through these functions: the register export,
`verbale plan convert` and the plan export of the plan editor.
"""

from __future__ import annotations

from typing import Any, Final

#: Characters that make a spreadsheet read a cell as a formula (or drop into one).
FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
#: Blanks a spreadsheet may skip before it looks at the first character.
_LEADING_BLANKS: Final = " \n\u00a0\u3000"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula: it begins, perhaps after
    spaces, with one of FORMULA_TRIGGERS."""
    rest = text.lstrip(_LEADING_BLANKS)
    return bool(rest) and rest[0] in FORMULA_TRIGGERS


def _needs_mark(text: str) -> bool:
    # `'` followed by a neutralised text must be marked too, or `restore` would take off an
    # apostrophe that belongs to the text.
    return is_formula_like(text.lstrip("'"))


def neutralise(text: str) -> str:
    """The text as a CSV cell that no spreadsheet runs: an apostrophe before it if needed."""
    return "'" + text if _needs_mark(text) else text


def restore(text: str) -> str:
    """A cell of a CSV as it was before `neutralise` (the exact inverse)."""
    if text.startswith("'") and _needs_mark(text[1:]):
        return text[1:]
    return text


def write_text(cell: Any, text: str) -> None:
    """Store `text` in an openpyxl cell as text: never a formula, shown without apostrophe."""
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
