"""The first table of an HTML file (a page saved by Word, Excel or LibreOffice) as a
SheetTable, read by the clipboard's HTML reader (rowspan, colspan, `<br>` and paragraphs as
line breaks); the paragraphs of text above the table are its title and preamble."""

from __future__ import annotations

import codecs
import re

from app.i18n.messages import _
from app.services.plan_io.errors import PlanFileError
from app.services.plan_io.sheet import SheetTable
from app.services.plan_paste import PasteError, parse_html_document

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    return data.decode(encoding)


def read_html(data: bytes, name: str) -> SheetTable:
    try:
        markup = _decode(data, name)
    except UnicodeDecodeError as error:
        raise PlanFileError(
            name,
            [
                _(
                    "the page's text cannot be read as {encoding} (byte {position}); save it "
                    "again as a web page in UTF-8"
                ).format(encoding=error.encoding, position=error.start)
            ],
        ) from None
    try:
        rows, above = parse_html_document(markup)
    except PasteError:
        raise PlanFileError(name, [_("the document has no table")]) from None
    return SheetTable(rows, above=above, source="table 1")
