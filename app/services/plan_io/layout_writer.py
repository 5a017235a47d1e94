"""Plans written in Verbale's own layout (docs/plan-format.md), as CSV or XLSX.

Export writes rows in a canonical order, so a CSV Verbale wrote reads back and writes out byte
for byte the same, directly or through XLSX. Every cell goes through spreadsheet_safety: in
CSV a cell a spreadsheet would run as a formula gets an apostrophe (taken off again on import);
in XLSX every cell is a text cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from app.domain.languages import in_binding_order
from app.domain.plan import NUMBER_KEY, Plan, Section
from app.private_files import write_private
from app.services.plan_io.layout import escape_mark
from app.services.plan_io.layout_header import FIXED_HEADERS, SPAN_MARK
from app.services.spreadsheet_safety import neutralise, write_text

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def plan_to_grid(plan: Plan) -> list[list[str]]:
    """The plan as rows of strings in the documented layout (the canonical order)."""
    languages = in_binding_order(plan.languages)
    keys = plan.column_keys()
    header = [*FIXED_HEADERS, *(f"text.{language}" for language in languages)]
    header += [f"{key}.{language}" for key in keys for language in languages]
    width = len(header)
    text_at = {language: len(FIXED_HEADERS) + i for i, language in enumerate(languages)}
    cell_at = {
        (key, language): len(FIXED_HEADERS) + len(languages) * (1 + k) + i
        for k, key in enumerate(keys)
        for i, language in enumerate(languages)
    }

    def row(
        kind: str,
        level: str = "",
        number: str = "",
        key: str = "",
        value: str = "",
        texts: Mapping[str, str] | None = None,
    ) -> list[str]:
        line = [kind, level, number, key, value] + [""] * (width - len(FIXED_HEADERS))
        for language, text in (texts or {}).items():
            if language in text_at:
                line[text_at[language]] = text
        return line

    grid = [header]
    grid.append(row("setting", key="numbering", value=plan.numbering))
    grid.append(row("setting", key="orientation", value=plan.orientation))
    grid.append(
        row(
            "column",
            key=NUMBER_KEY,
            value=_width(plan.number_column.width),
            texts={language: plan.number_column.header(language) for language in languages},
        )
    )
    for column in plan.columns:
        grid.append(row("column", key=column.key, value=_width(column.width), texts=column.headers))
    for signatory in plan.signatories:
        grid.append(row("approval", key="heading", texts=signatory.headings))
        grid.append(row("approval", key="name", texts=signatory.names))
        grid.append(row("approval", key="title", texts=signatory.titles))
        if signatory.date is not None:
            grid.append(row("approval", key="date", value=signatory.date.isoformat()))
    grid.append(row("title", texts=plan.title))
    for block in plan.preamble:
        grid.append(row(block.kind, texts=block.texts))
    covered = plan.covered()
    for index, table_row in enumerate(plan.rows):
        if isinstance(table_row, Section):
            grid.append(
                row(
                    "section",
                    level=str(table_row.level),
                    number=table_row.number,
                    texts=table_row.titles,
                )
            )
            continue
        line = row("item", number=table_row.number)
        for key in keys:
            for language in languages:
                if key in covered[index]:
                    line[cell_at[key, language]] = SPAN_MARK
                elif key in table_row.cells:
                    line[cell_at[key, language]] = escape_mark(table_row.cells[key].text(language))
        grid.append(line)
    return grid


def _width(width: float) -> str:
    return str(int(width)) if float(width).is_integer() else repr(float(width))


def plan_to_csv(plan: Plan) -> bytes:
    """The plan as a CSV file: UTF-8 with a byte-order mark (Excel opens it right), CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([neutralise(cell) for cell in row] for row in plan_to_grid(plan))
    return buffer.getvalue().encode("utf-8-sig")


def plan_to_xlsx(plan: Plan) -> bytes:
    """The plan as an XLSX workbook: one sheet `plan`, row spans as vertically merged cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    grid = plan_to_grid(plan)
    first_cell_column = len(FIXED_HEADERS) + len(plan.languages)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "plan"
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_index, values in enumerate(grid, start=1):
        for column_index, value in enumerate(values, start=1):
            if value == SPAN_MARK and column_index > first_cell_column:
                continue
            if not value:
                continue
            cell = sheet.cell(row=row_index, column=column_index)
            write_text(cell, value)
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Row spans: merge each run of ^ with the cell above it.
    for column_index in range(first_cell_column, len(grid[0])):
        row_index = 1
        while row_index < len(grid):
            if grid[row_index][column_index] == SPAN_MARK:
                end = row_index
                while end + 1 < len(grid) and grid[end + 1][column_index] == SPAN_MARK:
                    end += 1
                sheet.merge_cells(
                    start_row=row_index,
                    start_column=column_index + 1,
                    end_row=end + 1,
                    end_column=column_index + 1,
                )
                row_index = end + 1
            else:
                row_index += 1
    for column_index, name in enumerate(grid[0], start=1):
        wide = name.startswith("text.") or name.split(".")[0] not in FIXED_HEADERS
        sheet.column_dimensions[get_column_letter(column_index)].width = 40 if wide else 10
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_plan(plan: Plan, path: Path | str) -> None:
    """Write the plan as .csv or .xlsx, by the path's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        write_private(path, plan_to_xlsx(plan))
    elif suffix in CSV_SUFFIXES:
        write_private(path, plan_to_csv(plan))
    else:
        raise ValueError(
            f"cannot write a plan as {suffix or 'a file without suffix'}; use .csv or .xlsx"
        )
