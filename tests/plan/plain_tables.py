"""One plan as officers keep it, written by the tests in every format Verbale imports.

A title row, a header row (No. | Events | Scheduled time | Executors | Coordinating body),
then 120 rows: 25 section rows merged across the table and 95 events numbered 1.1, 2.3 ...
(stored as numbers where the format has numbers), with 10 cells merged down over 2 to 4
events. `PLAIN_PLAN` describes it; `write_xlsx`, `write_ods`, `write_docx`, `write_html`,
`write_csv` each write it with that format's own library or markup.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass, field

from app.domain.plan import roman

TITLE = (
    "ACTION PLAN of the CICA Secretariat for the implementation of the Catalogue of "
    "Confidence Building Measures"
)
HEADERS = ("No.", "Events", "Scheduled time", "Executors", "Coordinating body")
SECTIONS = 25
#: Events per section: 95 in all.
_PER_SECTION = [4 if index % 5 else 3 for index in range(SECTIONS)]
_TOPICS = (
    "sanitary-epidemiological well-being and the prevention of infectious diseases",
    "counter-terrorism cooperation and the exchange of information between law enforcement",
    "internationalisation of small and medium-sized enterprises in the region",
    "interparliamentary dialogue on environmental protection and climate adaptation",
    "development of transport corridors, logistics and the digitalisation of customs",
    "humanitarian demining, emergency response and disaster risk reduction",
    "youth exchanges, tourism and the promotion of intercultural understanding",
)
_TIMES = ("2024", "Constantly", "2nd quarter of 2025", "2025-2026", "Annually")
_EXECUTORS = (
    "Member States, CICA Secretariat",
    "Ministries of Foreign Affairs of the Member States",
    "Interested Member States",
)
_BODIES = ("CICA Secretariat", "Special Working Group", "Senior Officials Committee")

#: The same words in Russian: the Russian version of the plan, row for row.
RUSSIAN = {
    TITLE: "ПЛАН ДЕЙСТВИЙ Секретариата СВМДА по реализации Каталога мер доверия",
    "No.": "№ п/п",
    "Events": "Мероприятия",
    "Scheduled time": "Сроки исполнения",
    "Executors": "Исполнители",
    "Coordinating body": "Координирующий орган",
    "COOPERATION IN AREA": "СОТРУДНИЧЕСТВО В ОБЛАСТИ",
    "Event": "Мероприятие",
    "meeting of experts on": "встреча экспертов по вопросам",
    _TOPICS[0]: "санитарно-эпидемиологического благополучия и профилактики инфекционных болезней",
    _TOPICS[1]: "сотрудничества в борьбе с терроризмом и обмена информацией между ведомствами",
    _TOPICS[2]: "интернационализации малых и средних предприятий региона",
    _TOPICS[
        3
    ]: "межпарламентского диалога об охране окружающей среды и адаптации к изменению климата",
    _TOPICS[4]: "развития транспортных коридоров, логистики и цифровизации таможни",
    _TOPICS[5]: "гуманитарного разминирования, реагирования на чрезвычайные ситуации",
    _TOPICS[6]: "молодёжных обменов, туризма и межкультурного взаимопонимания",
    ", with a report to the Senior Officials Committee on the results achieved and proposals "
    "for the next stage of cooperation": ", с докладом Комитету старших должностных лиц о "
    "достигнутых результатах и предложениями о следующем этапе сотрудничества",
    "2024": "2024 год",
    "Constantly": "Постоянно",
    "2nd quarter of 2025": "II квартал 2025 года",
    "2025-2026": "2025-2026 годы",
    "Annually": "Ежегодно",
    _EXECUTORS[0]: "Государства-члены, Секретариат СВМДА",
    _EXECUTORS[1]: "Министерства иностранных дел государств-членов",
    _EXECUTORS[2]: "Заинтересованные государства-члены",
    _BODIES[0]: "Секретариат СВМДА",
    _BODIES[1]: "Специальная рабочая группа",
    _BODIES[2]: "Комитет старших должностных лиц",
}


def russian(text: str) -> str:
    """The Russian of a text of the plan (the longest known phrases first)."""
    for english in sorted(RUSSIAN, key=len, reverse=True):
        text = text.replace(english, RUSSIAN[english])
    return text


@dataclass
class PlainRow:
    """A row of the table: a section title, or an event's number and four cells."""

    section: str = ""
    number: float | None = None
    cells: list[str] = field(default_factory=list)


@dataclass
class PlainPlan:
    rows: list[PlainRow]
    #: (first row, column 1..4 of the cells, rows spanned): cells merged down.
    merges: list[tuple[int, int, int]]

    def covered(self) -> set[tuple[int, int]]:
        return {
            (first + offset, column)
            for first, column, count in self.merges
            for offset in range(1, count)
        }


def _plan() -> PlainPlan:
    rows: list[PlainRow] = []
    merges: list[tuple[int, int, int]] = []
    for section in range(1, SECTIONS + 1):
        rows.append(PlainRow(section=f"{roman(section)}. COOPERATION IN AREA {section}"))
        first = len(rows)
        for event in range(1, _PER_SECTION[section - 1] + 1):
            count = len(rows)
            topic = _TOPICS[count % len(_TOPICS)]
            text = f"Event {section}.{event}: meeting of experts on {topic}"
            if count % 9 == 0:
                text += (
                    ", with a report to the Senior Officials Committee on the results achieved "
                    "and proposals for the next stage of cooperation"
                )
            rows.append(
                PlainRow(
                    number=float(f"{section}.{event}"),
                    cells=[
                        text,
                        _TIMES[count % len(_TIMES)],
                        _EXECUTORS[count % len(_EXECUTORS)],
                        _BODIES[count % len(_BODIES)],
                    ],
                )
            )
        if section <= 10:
            column = 2 + section % 3  # Scheduled time, Executors, Coordinating body in turn
            count = min(2 + section % 3, _PER_SECTION[section - 1])
            merges.append((first, column - 1, count))
    plan = PlainPlan(rows, merges)
    for row_index, column in plan.covered():
        plan.rows[row_index].cells[column] = ""
    return plan


PLAIN_PLAN = _plan()


def number_text(number: float) -> str:
    return f"{number:g}"


def grid(language: str = "en") -> list[list[str]]:
    """The table as text, title and header first ("" under merges), in English or Russian."""
    out = [[TITLE, "", "", "", ""], list(HEADERS)]
    for row in PLAIN_PLAN.rows:
        if row.section:
            out.append([row.section, "", "", "", ""])
        else:
            assert row.number is not None
            out.append([number_text(row.number), *row.cells])
    if language == "ru":
        out = [[russian(text) for text in row] for row in out]
    return out


def _spans() -> dict[tuple[int, int], tuple[int, int]]:
    """(table row, table column) -> (rowspan, colspan), table rows counted from the title."""
    spans = {(0, 0): (1, 5)}
    for index, row in enumerate(PLAIN_PLAN.rows):
        if row.section:
            spans[(index + 2, 0)] = (1, 5)
    for first, column, count in PLAIN_PLAN.merges:
        spans[(first + 2, column + 1)] = (count, 1)
    return spans


def write_xlsx(language: str = "en") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for r, values in enumerate(grid(language), start=1):
        for c, value in enumerate(values, start=1):
            if not value:
                continue
            number = PLAIN_PLAN.rows[r - 3].number if r > 2 and c == 1 else None
            sheet.cell(r, c, number if number is not None else value)
    for (r, c), (rowspan, colspan) in _spans().items():
        sheet.merge_cells(
            start_row=r + 1, start_column=c + 1, end_row=r + rowspan, end_column=c + colspan
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_ods(language: str = "en") -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Plan")
    spans = _spans()
    covered = {
        (r + dr, c + dc)
        for (r, c), (rowspan, colspan) in spans.items()
        for dr in range(rowspan)
        for dc in range(colspan)
        if dr or dc
    }
    for r, values in enumerate(grid(language)):
        row = TableRow()
        for c, value in enumerate(values):
            if (r, c) in covered:
                row.addElement(CoveredTableCell())
                continue
            attributes: dict[str, object] = {}
            if (r, c) in spans:
                rowspan, colspan = spans[(r, c)]
                attributes["numberrowsspanned"] = rowspan
                attributes["numbercolumnsspanned"] = colspan
            number = PLAIN_PLAN.rows[r - 2].number if r > 1 and c == 0 else None
            if number is not None:
                cell = TableCell(valuetype="float", value=number, **attributes)
            else:
                cell = (
                    TableCell(valuetype="string", **attributes)
                    if value
                    else TableCell(**attributes)
                )
            for line in value.split("\n") if value else []:
                cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def write_docx(language: str = "en") -> bytes:
    from docx import Document

    document = Document()
    rows = grid(language)
    document.add_paragraph(rows[0][0])
    rows = rows[1:]  # the title is the paragraph above
    table = document.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    for (r, c), (rowspan, colspan) in _spans().items():
        if r == 0:
            continue
        r -= 1
        text = table.cell(r, c).text
        merged = table.cell(r, c).merge(table.cell(r + rowspan - 1, c + colspan - 1))
        merged.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_html(language: str = "en") -> bytes:
    spans = _spans()
    covered = {
        (r + dr, c + dc)
        for (r, c), (rowspan, colspan) in spans.items()
        for dr in range(rowspan)
        for dc in range(colspan)
        if dr or dc
    }
    rows = grid(language)
    lines = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Plan</title></head><body>",
        f"<h1>{html.escape(rows[0][0])}</h1>",
        "<table border=1>",
    ]
    for r, values in enumerate(rows[1:], start=1):
        cells = []
        for c, value in enumerate(values):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            tag = "th" if r == 1 else "td"
            cells.append(f"<{tag} rowspan={rowspan} colspan={colspan}>{html.escape(value)}</{tag}>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table></body></html>")
    return "\n".join(lines).encode("utf-8")


def write_csv(language: str = "en") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(grid(language))
    return buffer.getvalue().encode("utf-8")


WRITERS = {
    "xlsx": write_xlsx,
    "ods": write_ods,
    "docx": write_docx,
    "html": write_html,
    "csv": write_csv,
}
