"""A CSV or TSV file as a SheetTable.

UTF-8 (with or without the byte-order mark Excel writes). The separator is a tab for `.tsv`;
otherwise the one of `,` `;` tab found most often in the first line outside quotes (Excel in a
Russian or Kazakh locale saves "CSV" with semicolons). A cell that Verbale's export marked with
an apostrophe so that no spreadsheet runs it as a formula gets its exact text back.
"""

from __future__ import annotations

import csv
import io

from app.i18n.messages import _
from app.services.plan_io.errors import PlanFileError
from app.services.plan_io.sheet import SheetTable
from app.services.plan_paste import PastedCell
from app.services.spreadsheet_safety import restore

_SEPARATORS = (",", ";", "\t")


def _separator(text: str) -> str:
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            if any(counts.values()):
                break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def read_csv(data: bytes, name: str, tab_separated: bool = False) -> SheetTable:
    if b"\x00" in data:
        raise PlanFileError(
            name, [_("this is not a spreadsheet: a CSV file is text, this is binary")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError(
            name,
            [
                _(
                    "this is not a UTF-8 CSV file (byte {position}: {reason}); save it as "
                    "'CSV UTF-8'"
                ).format(position=error.start, reason=error.reason)
            ],
        ) from None
    separator = "\t" if tab_separated else _separator(text[:65536])
    try:
        rows = [
            [PastedCell(restore(cell)) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
        ]
    except csv.Error as error:
        raise PlanFileError(
            name, [_("this is not a well-formed CSV file: {error}").format(error=error)]
        ) from None
    return SheetTable(rows)
