"""The printable register journal: one line per note (number, date, addressee, subject, status).

Takes plain rows; never touches the database.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils: it imports urllib.request, http.client, ssl

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app.render.fonts import serif_family
from app.render.pdfa import DocumentMetadata, archival_pdf


@dataclass(frozen=True)
class JournalRow:
    number: str
    date: dt.date
    addressee: str
    subject: str
    status: str


_HEADINGS = {
    "en": (
        "Register of notes verbales",
        ("No.", "Number", "Date", "Addressee", "Subject", "Status"),
    ),
    "ru": (
        "Журнал регистрации вербальных нот",
        ("№ п/п", "Номер", "Дата", "Адресат", "Тема", "Статус"),
    ),
    "kk": (
        "Вербалды ноталарды тіркеу журналы",
        ("Р/с №", "Нөмірі", "Күні", "Алушы", "Тақырыбы", "Мәртебесі"),
    ),
}

_STATUS_NAMES = {
    "en": {},
    "ru": {
        "draft": "проект",
        "submitted": "на согласовании",
        "returned": "возвращена",
        "approved": "утверждена",
        "issued": "выпущена",
        "dispatched": "отправлена",
        "withdrawn": "отозвана",
    },
    "kk": {
        "draft": "жоба",
        "submitted": "келісуде",
        "returned": "қайтарылды",
        "approved": "бекітілді",
        "issued": "шығарылды",
        "dispatched": "жөнелтілді",
        "withdrawn": "кері қайтарылды",
    },
}


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text, quote=False).replace("\n", "<br/>"), style)


def journal_pdf(
    rows: Iterable[JournalRow],
    language: str = "en",
    title: str | None = None,
    generated: dt.date | None = None,
) -> bytes:
    """The journal as PDF/A-2b bytes, headings and status names in `language` (en, ru, kk)."""
    if language not in _HEADINGS:
        raise ValueError(f"no journal in language {language!r}; use en, ru or kk")
    family = serif_family()
    heading, columns = _HEADINGS[language]
    cell = ParagraphStyle("cell", fontName=family.regular, fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName=family.bold)
    title_style = ParagraphStyle("title", fontName=family.bold, fontSize=14, leading=18)
    statuses = _STATUS_NAMES[language]
    data = [[_paragraph(name, head) for name in columns]]
    for index, row in enumerate(rows, start=1):
        data.append(
            [
                _paragraph(str(index), cell),
                _paragraph(f"№{row.number}" if row.number else "—", cell),
                _paragraph(row.date.strftime("%d.%m.%Y"), cell),
                _paragraph(row.addressee, cell),
                _paragraph(row.subject, cell),
                _paragraph(statuses.get(row.status, row.status), cell),
            ]
        )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title or heading,
        initialFontName=family.regular,
    )
    widths = [14 * mm, 28 * mm, 22 * mm, 70 * mm, 107 * mm, 26 * mm]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), family.regular),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ]
        )
    )
    day = (generated or dt.date.today()).strftime("%d.%m.%Y")
    story = [_paragraph(title or heading, title_style), _paragraph(day, cell), Spacer(1, 4 * mm)]
    story.append(table)
    document.build(story)
    return archival_pdf(
        buffer.getvalue(), DocumentMetadata(title=title or heading, languages=(language,))
    )
