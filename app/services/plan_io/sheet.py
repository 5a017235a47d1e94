"""What every reader of a table file gives: the cells of one table as the file shows them.

A `SheetTable` is the first sheet of a workbook, the first table of a Word or HTML document, or
a CSV file: rows of `PastedCell`s (the clipboard's own form, app/services/plan_paste.py), a cell
merged over several rows or columns written once at its top left and the places it covers
marked `covered`; the paragraphs above the table (a Word document's title and preamble); and
warnings about what was not read (other sheets, other tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.plan_paste import PastedCell


@dataclass
class SheetTable:
    """One table of a file, its paragraphs above, and what the reader noticed."""

    rows: list[list[PastedCell]]
    above: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Where the rows come from: sheet name or "table 1", for messages.
    source: str = ""

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def padded(self) -> list[list[PastedCell]]:
        width = self.width
        return [row + [PastedCell()] * (width - len(row)) for row in self.rows]
