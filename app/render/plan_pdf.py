"""A plan table as PDF: one document per language.

Top to bottom: the approval block (signatories side by side), the title, the preamble
(paragraphs and bulleted lists), then the table, laid out a page at a time by plan_pages.py
(section headings kept with their first row, cells merged down continued across page breaks,
tall rows cut at the foot of a page). Words break at the end of a line only where they may:
at a hyphenation point of the document's language (hyphenation.py: pyphen for English and
Russian, syllables for Kazakh, with a hyphen added) or after a hyphen of their own, never
elsewhere. Page numbers are drawn at the foot of every page, after its content, so a page's
extracted text begins with what the page shows first.

User text is always escaped before it reaches a Paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape  # not xml.sax.saxutils: it imports urllib.request, http.client, ssl

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app import __version__
from app.domain.plan import Item, Plan, Section
from app.i18n.dates import DOCUMENT_LANGUAGES, long_date
from app.render.fonts import serif_family
from app.render.hyphenation import hyphenation_style_options
from app.render.plan_pages import CELL_PAD, CellParagraph, Grid, OutRow, PlanRows
from app.render.verification_mark import PageMark

MARGIN = 20 * mm
FOOT = 12 * mm
#: The mark before each item of a preamble list.
BULLET = "-"
#: Above a merged cell's text repeated on the page after a break inside its rows.
CONTINUED = {"en": "(continued)", "ru": "(продолжение)", "kk": "(жалғасы)"}


@dataclass(frozen=True)
class RenderedPlan:
    """One language version of a plan: the PDF and how many pages it has."""

    language: str
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    approval: ParagraphStyle
    approval_heading: ParagraphStyle
    header: ParagraphStyle
    cell: ParagraphStyle
    number: ParagraphStyle
    sections: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    continued: ParagraphStyle


@cache
def _styles(language: str) -> _Styles:
    """The plan's styles, hyphenating `language`."""
    family = serif_family()
    words = hyphenation_style_options(language)
    body = ParagraphStyle(
        "plan-body",
        **words,
        fontName=family.regular,
        fontSize=12,
        leading=14.5,
        alignment=TA_JUSTIFY,
        firstLineIndent=12 * mm,
        spaceAfter=6,
    )
    cell = ParagraphStyle(
        "plan-cell",
        fontName=family.regular,
        fontSize=11,
        leading=13,
        alignment=TA_LEFT,
        **words,
    )
    return _Styles(
        body=body,
        bullet=ParagraphStyle(
            "plan-bullet",
            parent=body,
            firstLineIndent=0,
            leftIndent=17 * mm,
            bulletIndent=12 * mm,
            bulletFontName=family.regular,
            spaceAfter=2,
        ),
        title=ParagraphStyle(
            "plan-title",
            parent=body,
            fontName=family.bold,
            fontSize=13,
            leading=16,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=6,
            spaceAfter=12,
            hyphenationLang="",  # a title is not hyphenated
        ),
        approval=ParagraphStyle(
            "plan-approval", parent=cell, fontSize=12, leading=14.5, alignment=TA_CENTER
        ),
        approval_heading=ParagraphStyle(
            "plan-approval-heading",
            parent=cell,
            fontName=family.bold,
            fontSize=12,
            leading=14.5,
            alignment=TA_CENTER,
            spaceAfter=6,
        ),
        header=ParagraphStyle(
            "plan-header", parent=cell, fontName=family.bold, alignment=TA_CENTER
        ),
        cell=cell,
        number=ParagraphStyle("plan-number", parent=cell, alignment=TA_CENTER),
        sections=(
            ParagraphStyle(
                "plan-section-1", parent=cell, fontName=family.bold, alignment=TA_CENTER
            ),
            ParagraphStyle("plan-section-2", parent=cell, fontName=family.bold),
            ParagraphStyle("plan-section-3", parent=cell, fontName=family.bold_italic),
        ),
        continued=ParagraphStyle(
            "plan-continued", parent=cell, fontName=family.italic, fontSize=9, leading=11
        ),
    )


def _markup(text: str) -> str:
    """User text made safe for Paragraph markup; line breaks kept."""
    return escape(text, quote=False).replace("\n", "<br/>")


def _page_size(plan: Plan) -> tuple[float, float]:
    size = landscape(A4) if plan.orientation == "landscape" else portrait(A4)
    return float(size[0]), float(size[1])


def render_plan(plan: Plan, language: str, mark: PageMark | None = None) -> RenderedPlan:
    """The plan in one of its languages as a PDF; `mark` (an enclosure's verification or draft
    mark) at the foot of every page."""
    if language not in plan.languages:
        raise ValueError(f"the plan is not written in {language!r}")
    styles = _styles(language)
    width, height = _page_size(plan)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=" ".join(plan.title.get(language, "").split()),
        lang=language,
        invariant=1,
        creator=f"Verbale {__version__}",
        initialFontName=serif_family().regular,
    )
    frame = Frame(
        MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="body", showBoundary=0
    )

    def page_number(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(serif_family().regular, 10)
        canvas.drawCentredString(width / 2, FOOT, str(document.page))
        canvas.restoreState()
        if mark is not None:
            mark.draw(canvas, MARGIN, width - MARGIN)

    doc.addPageTemplates([PageTemplate(id="plan", frames=[frame], onPageEnd=page_number)])
    story: list[Flowable] = []
    story.extend(_approval_block(plan, language, frame._aW, styles))
    story.extend(_title_and_preamble(plan, language, styles))
    story.append(_table(plan, language, frame._aW, frame._aH, styles))
    doc.build(story)
    return RenderedPlan(language, buffer.getvalue(), doc.page)


def render_plan_languages(
    plan: Plan, languages: Sequence[str] | None = None
) -> dict[str, RenderedPlan]:
    """The plan in each of `languages` it is written in (default: all of its languages)."""
    wanted = plan.languages if languages is None else languages
    return {language: render_plan(plan, language) for language in wanted}


def _signature_date(day: dt.date, language: str) -> str:
    """`29 December 2023` in a document language (CLDR's long date), else `2023-12-29`."""
    return long_date(day, language) if language in DOCUMENT_LANGUAGES else day.isoformat()


def _approval_block(
    plan: Plan, language: str, available_width: float, styles: _Styles
) -> list[Flowable]:
    if not plan.signatories:
        return []
    count = len(plan.signatories)
    rows: list[list[Flowable | str]] = [
        [
            Paragraph(_markup(s.heading(language)), styles.approval_heading)
            for s in plan.signatories
        ],
        [Paragraph(_markup(s.names.get(language, "")), styles.approval) for s in plan.signatories],
        [Paragraph(_markup(s.titles.get(language, "")), styles.approval) for s in plan.signatories],
    ]
    if any(s.date for s in plan.signatories):
        rows.append(
            [
                Paragraph(
                    _markup(_signature_date(s.date, language)) if s.date else "",
                    styles.approval,
                )
                for s in plan.signatories
            ]
        )
    table = Table(
        rows,
        colWidths=[available_width / count] * count,
        style=TableStyle(
            [
                # Every table names the embedded face: ReportLab's default is a Helvetica
                # that is never embedded (and so not PDF/A).
                ("FONTNAME", (0, 0), (-1, -1), serif_family().regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ]
        ),
    )
    return [table, Spacer(1, 8 * mm)]


def _title_and_preamble(plan: Plan, language: str, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = []
    title = plan.title.get(language, "").strip()
    if title:
        story.append(Paragraph(_markup(title), styles.title))
    in_list = False
    for block in plan.preamble:
        text = block.text(language).strip()
        if not text:
            continue
        if block.kind == "bullet":
            story.append(Paragraph(_markup(text), styles.bullet, bulletText=BULLET))
        else:
            if in_list:
                story.append(Spacer(1, 4))
            story.append(Paragraph(_markup(text), styles.body))
        in_list = block.kind == "bullet"
    if story:
        story.append(Spacer(1, 4))
    return story


def _cell_paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A cell's text: one paragraph per blank-line-separated paragraph (so it can be cut)."""
    parts = [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [CellParagraph(_markup(part.strip("\n")), style) for part in parts]


def _table(
    plan: Plan,
    language: str,
    available_width: float,
    available_height: float,
    styles: _Styles,
) -> Flowable:
    numbers = plan.numbers()
    weights = [plan.number_column.width] + [column.width for column in plan.columns]
    total = sum(weights)
    widths = [available_width * weight / total for weight in weights]
    # The number column is at least as wide as its longest number: 2.10.11. never wraps.
    widest = max(
        (stringWidth(number, styles.number.fontName, styles.number.fontSize) for number in numbers),
        default=0.0,
    )
    needed = min(widest + 2 * CELL_PAD + 2, available_width / 3)
    if widths[0] < needed and len(widths) > 1:
        scale = (available_width - needed) / (available_width - widths[0])
        widths = [needed] + [width * scale for width in widths[1:]]
    header = [Paragraph(_markup(plan.number_column.header(language)), styles.header)] + [
        Paragraph(_markup(column.headers.get(language, "")), styles.header)
        for column in plan.columns
    ]
    mark = _markup(CONTINUED.get(language, CONTINUED["en"]))
    grid = Grid(
        widths,
        header,
        available_height,
        styles.cell.leading,
        lambda: CellParagraph(mark, styles.continued),
    )

    covered = plan.covered()
    keys = plan.column_keys()
    rows: list[OutRow] = []
    for index, row in enumerate(plan.rows):
        if isinstance(row, Section):
            level = max(1, min(row.level, 3))
            text = " ".join(part for part in (numbers[index], row.title(language).strip()) if part)
            heading = CellParagraph(_markup(text), styles.sections[level - 1])
            rows.append(OutRow([[heading]], section_level=level, keep_with_next=True))
        else:
            cells: list[list[Flowable]] = [_cell_paragraphs(numbers[index], styles.number)]
            for key in keys:
                cell = row.cells.get(key)
                if cell is None or key in covered[index]:
                    cells.append([])
                else:
                    cells.append(_cell_paragraphs(cell.text(language), styles.cell))
            rows.append(OutRow(cells))
    # Row spans: one merged cell over the rows it covers (continued across page breaks).
    for index, row in enumerate(plan.rows):
        if not isinstance(row, Item):
            continue
        for column, key in enumerate(keys, start=1):
            cell = row.cells.get(key)
            if cell is None or cell.rowspan <= 1 or key in covered[index]:
                continue
            count = min(index + cell.rowspan, len(plan.rows)) - index
            grid.merge(rows, index, column, count)
    return PlanRows(grid, rows)
