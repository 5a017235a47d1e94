"""The first table of a Word document (DOCX) as a SheetTable, its paragraphs above as titles.

The file is checked as an archive first (archive.py), then read with python-docx. A Word table
has no cell grid of its own: a cell spans columns by `w:gridSpan`, and a cell merged down is
one cell that starts a vertical merge (`w:vMerge w:val="restart"`) and the cells below it in
the same grid column that continue it (`w:vMerge` without a value). Rows may begin after
skipped grid columns (`w:gridBefore`). A cell's paragraphs are its lines; text in a
continuing cell (Word keeps it when cells are merged by hand) joins the merged cell's text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Final

from app.i18n.messages import _, ngettext
from app.services.plan_io.archive import CheckedArchive
from app.services.plan_io.errors import PlanFileError
from app.services.plan_io.sheet import SheetTable
from app.services.plan_paste import PastedCell

_DOCUMENT: Final = "word/document.xml"
_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _Raw:
    text: str
    rowspan: int = 1
    colspan: int = 1


def _paragraphs_text(element: Any) -> str:
    """The element's paragraphs (nested tables' too), one a line."""
    lines = [paragraph.text for paragraph in element.iter(f"{_W}p")]
    return "\n".join(lines).strip("\n")


def read_docx(data: bytes, name: str) -> SheetTable:
    """The document's first table, and the paragraphs before it."""
    archive = CheckedArchive(
        data, name, "DOCX", _("this is not a Word document: not a readable DOCX file")
    )
    if not archive.has(_DOCUMENT):
        raise PlanFileError(
            name, [_("this is not a Word document: not a readable DOCX file") + f" ({_DOCUMENT}?)"]
        )
    archive.check_all()
    from docx import Document

    try:
        body = Document(io.BytesIO(data)).element.body
    except Exception as error:  # a broken file may break python-docx anywhere
        raise PlanFileError(
            name,
            [
                _("this is not a Word document: not a readable DOCX file")
                + f" ({error.__class__.__name__}"
                + (f": {error})" if str(error) else ")")
            ],
        ) from None
    above: list[str] = []
    tables = []
    for child in body.iterchildren():
        if child.tag == f"{_W}tbl":
            tables.append(child)
        elif child.tag == f"{_W}p" and not tables:
            text = child.text.strip() if hasattr(child, "text") else ""
            if text:
                above.append(text)
    if not tables:
        raise PlanFileError(name, [_("the document has no table")])
    table = SheetTable(_rows(tables[0]), above=above, source="table 1")
    others = sum(1 for other in tables[1:] if _paragraphs_text(other).strip())
    if others:
        table.warnings.append(
            ngettext(
                "only the first table of the document was read; {count} more holds text",
                "only the first table of the document was read; {count} more hold text",
                others,
            ).format(count=others)
        )
    return table


def _rows(table: Any) -> list[list[PastedCell]]:
    raw_rows: list[dict[int, _Raw | str]] = []
    for tr in table.iterchildren(f"{_W}tr"):
        row: dict[int, _Raw | str] = {}
        column = tr.grid_before if hasattr(tr, "grid_before") else 0
        for tc in tr.iterchildren(f"{_W}tc"):
            span = max(1, int(tc.grid_span or 1))
            text = _paragraphs_text(tc)
            if tc.vMerge == "continue" and raw_rows:
                anchor_row = len(raw_rows) - 1
                while anchor_row >= 0 and raw_rows[anchor_row].get(column) == "above":
                    anchor_row -= 1
                anchor = raw_rows[anchor_row].get(column) if anchor_row >= 0 else None
                if isinstance(anchor, _Raw):
                    anchor.rowspan += 1
                    if text.strip():
                        anchor.text = f"{anchor.text}\n{text}" if anchor.text else text
                    for offset in range(span):
                        row[column + offset] = "above"
                    column += span
                    continue
            row[column] = _Raw(text, 1, span)
            for offset in range(1, span):
                row[column + offset] = "left"
            column += span
        raw_rows.append(row)
    width = max((max(row, default=-1) + 1 for row in raw_rows), default=0)
    result: list[list[PastedCell]] = []
    for row in raw_rows:
        cells = []
        for column in range(width):
            place = row.get(column)
            if isinstance(place, _Raw):
                cells.append(PastedCell(place.text, place.rowspan, place.colspan))
            elif place in ("above", "left"):
                cells.append(PastedCell(covered=place))
            else:
                cells.append(PastedCell())
        result.append(cells)
    return result
