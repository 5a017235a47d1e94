"""Exports of the register or of a search result: CSV, XLSX and the printable journal PDF."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from app.private_files import private_file, write_private
from app.render.journal_pdf import JournalRow, journal_pdf
from app.services.register_reading import NoteSummary, RegisterReading, SearchFilters
from app.services.spreadsheet_safety import neutralise, write_text

if TYPE_CHECKING:
    from app.services.register import Register

COLUMNS = ("number", "date", "addressee", "subject", "status", "deadline")
FORMATS = ("csv", "xlsx", "pdf")


def _cells(summary: NoteSummary) -> list[str]:
    return [
        f"№{summary.number}" if summary.number else "",
        summary.date.isoformat(),
        summary.addressee,
        summary.subject,
        summary.status,
        summary.deadline.isoformat() if summary.deadline else "",
    ]


def write_csv(rows: Iterable[NoteSummary], path: Path) -> int:
    count = 0
    with private_file(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for summary in rows:
            writer.writerow([neutralise(cell) for cell in _cells(summary)])
            count += 1
    return count


def write_xlsx(rows: Iterable[NoteSummary], path: Path) -> int:
    """Every text as a text cell (never a formula, no apostrophe shown); dates as dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet)
        write_text(cell, value)
        return cell

    sheet.append([text(name) for name in COLUMNS])
    count = 0
    for summary in rows:
        sheet.append(
            [
                text(f"№{summary.number}" if summary.number else ""),
                summary.date,
                text(summary.addressee),
                text(summary.subject),
                text(summary.status),
                summary.deadline,
            ]
        )
        count += 1
    workbook.save(private_file(path))
    return count


def write_journal(
    rows: Iterable[NoteSummary], path: Path, language: str = "en", title: str | None = None
) -> int:
    items = [JournalRow(r.number or "", r.date, r.addressee, r.subject, r.status) for r in rows]
    write_private(path, journal_pdf(items, language, title))
    return len(items)


def export_register(
    register: RegisterReading | Register,
    path: Path,
    *,
    file_format: str | None = None,
    query_text: str = "",
    filters: SearchFilters | None = None,
    sort: str | None = "number",
    language: str = "en",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the register (or what `query_text` and `filters` find) to `path`; returns the
    number of notes written. The format follows the file's extension unless given."""
    chosen = (file_format or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValueError(f"cannot export to {chosen!r}; use one of {', '.join(FORMATS)}")
    rows: Iterable[NoteSummary] = register.iter_summaries(query_text, filters, sort)
    if progress is not None:
        rows = _counting(rows, progress)
    if chosen == "csv":
        return write_csv(rows, path)
    if chosen == "xlsx":
        return write_xlsx(rows, path)
    return write_journal(rows, path, language)


def _counting(
    rows: Iterable[NoteSummary], progress: Callable[[int], None]
) -> Iterable[NoteSummary]:
    for index, row in enumerate(rows, start=1):
        if index % 500 == 0:
            progress(index)
        yield row
