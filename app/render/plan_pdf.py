"""A plan table as PDF: one document per language.

Top to bottom: the approval block (signatories side by side), the title, the preamble
(paragraphs and bulleted lists), then the table. The table is a platypus LongTable whose
header row repeats on every page; section rows span all columns and are kept with the row
after them (NOSPLIT); a cell spanning rows is one cell. A row too tall for a page is cut into
continuation rows here, before ReportLab sees it (ReportLab would raise LayoutError): every
tall cell's paragraphs are split at the same heights, and the parts become consecutive rows
with no rule between them. Page numbers are drawn at the foot of every page, after its
content, so a page's extracted text begins with what the page shows first.

User text is always escaped before it reaches a Paragraph.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
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
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app import __version__
from app.domain.plan import Item, Plan, Section
from app.render.fonts import serif_family

MARGIN = 20 * mm
FOOT = 12 * mm
CELL_PAD = 3.0
#: Rows taller than this share of the table's frame are cut into continuation rows.
TALL_ROW_SHARE = 0.3
LINE = 0.5
#: The mark before each item of a preamble list.
BULLET = "-"


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


@cache
def _styles() -> _Styles:
    family = serif_family()
    body = ParagraphStyle(
        "plan-body",
        fontName=family.regular,
        fontSize=12,
        leading=14.5,
        alignment=TA_JUSTIFY,
        firstLineIndent=12 * mm,
        spaceAfter=6,
    )
    cell = ParagraphStyle(
        "plan-cell", fontName=family.regular, fontSize=11, leading=13, alignment=TA_LEFT
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
    )


def _markup(text: str) -> str:
    """User text made safe for Paragraph markup; line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A cell's text: one Paragraph per blank-line-separated paragraph (so it can be cut)."""
    parts = [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [Paragraph(_markup(part.strip("\n")), style) for part in parts]


def _page_size(plan: Plan) -> tuple[float, float]:
    size = landscape(A4) if plan.orientation == "landscape" else portrait(A4)
    return float(size[0]), float(size[1])


def render_plan(plan: Plan, language: str) -> RenderedPlan:
    """The plan in one of its languages as a PDF."""
    if language not in plan.languages:
        raise ValueError(f"the plan is not written in {language!r}")
    styles = _styles()
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
    )
    frame = Frame(
        MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="body", showBoundary=0
    )

    def page_number(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(serif_family().regular, 10)
        canvas.drawCentredString(width / 2, FOOT, str(document.page))
        canvas.restoreState()

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


def _approval_block(
    plan: Plan, language: str, available_width: float, styles: _Styles
) -> list[Flowable]:
    if not plan.signatories:
        return []
    from babel.dates import format_date

    count = len(plan.signatories)
    patterns = {"en": "d MMMM y", "ru": "d MMMM y 'года'", "kk": "y 'жылғы' d MMMM"}
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
                    _markup(format_date(s.date, patterns.get(language, "y-MM-dd"), locale=language))
                    if s.date
                    else "",
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


@dataclass
class _OutRow:
    cells: list[list[Flowable]]
    section_level: int = 0
    #: A continuation part of the row above (no rule between them).
    continued: bool = False


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
    inner = [w - 2 * CELL_PAD for w in widths]
    header = [Paragraph(_markup(plan.number_column.header(language)), styles.header)] + [
        Paragraph(_markup(column.headers.get(language, "")), styles.header)
        for column in plan.columns
    ]
    header_height = max(p.wrap(w, available_height)[1] for p, w in zip(header, inner, strict=True))
    limit = max(60.0, (available_height - header_height - 2 * CELL_PAD) * TALL_ROW_SHARE)

    covered = plan.covered()
    keys = plan.column_keys()
    out: list[_OutRow] = []
    #: Output row range [first, last] of every plan row.
    ranges: list[tuple[int, int]] = []
    for index, row in enumerate(plan.rows):
        first = len(out)
        if isinstance(row, Section):
            level = max(1, min(row.level, 3))
            text = " ".join(part for part in (numbers[index], row.title(language).strip()) if part)
            out.append(
                _OutRow(
                    [[Paragraph(_markup(text), styles.sections[level - 1])]], section_level=level
                )
            )
        else:
            cells: list[list[Flowable]] = [_paragraphs(numbers[index], styles.number)]
            for key in keys:
                cell = row.cells.get(key)
                if cell is None or key in covered[index]:
                    cells.append([])
                else:
                    cells.append(_paragraphs(cell.text(language), styles.cell))
            parts = _cut_tall_row(cells, inner, limit, styles)
            out.append(_OutRow(parts[0]))
            out.extend(_OutRow(part, continued=True) for part in parts[1:])
        ranges.append((first, len(out) - 1))

    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), serif_family().regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOX", (0, 0), (-1, -1), LINE, colors.black),
        ("INNERGRID", (0, 0), (-1, 0), LINE, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), LINE, colors.black),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]
    ncols = len(widths)
    for position, row_out in enumerate(out, start=1):
        if not row_out.continued:
            commands.append(("LINEABOVE", (0, position), (-1, position), LINE, colors.black))
        if row_out.section_level:
            commands.append(("SPAN", (0, position), (-1, position)))
            if row_out.section_level == 1:
                commands.append(
                    ("BACKGROUND", (0, position), (-1, position), colors.Color(0.96, 0.96, 0.96))
                )
            if position < len(out):
                commands.append(("NOSPLIT", (0, position), (-1, position + 1)))
        else:
            commands.append(
                ("LINEBEFORE", (1, position), (ncols - 1, position), LINE, colors.black)
            )

    # Row spans: one merged cell over the output rows of the plan rows it covers, unless the
    # block would not fit on a page (then the text stays in the first row, unmerged).
    for index, row in enumerate(plan.rows):
        if not isinstance(row, Item):
            continue
        for column_index, key in enumerate(keys, start=1):
            cell = row.cells.get(key)
            if cell is None or cell.rowspan <= 1 or key in covered[index]:
                continue
            last_row = min(index + cell.rowspan, len(plan.rows)) - 1
            start, end = ranges[index][0] + 1, ranges[last_row][1] + 1
            block = _block_height(out[start - 1 : end], inner)
            if block > available_height - header_height - 4 * CELL_PAD:
                continue
            commands.append(("SPAN", (column_index, start), (column_index, end)))
            commands.append(("NOSPLIT", (column_index, start), (column_index, end)))
            for position in range(start + 1, end + 1):
                # no rule across the merged cell
                commands.append(
                    (
                        "LINEABOVE",
                        (column_index, position),
                        (column_index, position),
                        0,
                        colors.white,
                    )
                )

    data: list[list[object]] = [list(header)]
    for row_out in out:
        if row_out.section_level:
            data.append([row_out.cells[0]] + [""] * (ncols - 1))
        else:
            data.append([cell if cell else "" for cell in row_out.cells])
    return _PlanTable(data, colWidths=widths, repeatRows=1, style=TableStyle(commands))


class _PlanTable(LongTable):  # type: ignore[misc]
    """A LongTable that rules off its foot on every page it breaks across (a BOX alone does
    not draw the bottom line of the part left on a page)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) >= 2 and isinstance(parts[0], LongTable):
            parts[0].setStyle([("LINEBELOW", (0, -1), (-1, -1), LINE, colors.black)])
        return parts


def _height(flowables: list[Flowable], width: float) -> float:
    return float(
        sum(
            flowable.wrap(width, 1e6)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            for flowable in flowables
        )
    )


def _block_height(rows: list[_OutRow], inner: list[float]) -> float:
    total = 0.0
    for row in rows:
        if row.section_level:
            total += _height(row.cells[0], sum(inner)) + 2 * CELL_PAD
        else:
            total += max(_height(cell, w) for cell, w in zip(row.cells, inner, strict=True))
            total += 2 * CELL_PAD
    return total


def _cut_tall_row(
    cells: list[list[Flowable]], inner: list[float], limit: float, styles: _Styles
) -> list[list[list[Flowable]]]:
    """The row as one or more parts, each no taller than `limit` (cell padding included)."""
    budget = limit - 2 * CELL_PAD
    # Cheap estimate first: only measure cells that might be tall.
    leading = styles.cell.leading
    maybe_tall = False
    for cell, width in zip(cells, inner, strict=True):
        chars = sum(len(p.text) for p in cell if isinstance(p, Paragraph))
        per_line = max(1.0, width / (styles.cell.fontSize * 0.42))
        if (chars / per_line + len(cell) + 1) * leading > budget * 0.8:
            maybe_tall = True
            break
    if not maybe_tall:
        return [cells]
    if all(_height(cell, width) <= budget for cell, width in zip(cells, inner, strict=True)):
        return [cells]
    columns = [_cut_cell(cell, width, budget) for cell, width in zip(cells, inner, strict=True)]
    count = max(len(parts) for parts in columns)
    return [[parts[k] if k < len(parts) else [] for parts in columns] for k in range(count)]


def _cut_cell(cell: list[Flowable], width: float, budget: float) -> list[list[Flowable]]:
    """The cell's flowables in parts no taller than `budget`, splitting paragraphs by lines."""
    parts: list[list[Flowable]] = []
    current: list[Flowable] = []
    used = 0.0
    queue = list(cell)
    while queue:
        flowable = queue.pop(0)
        height = flowable.wrap(width, 1e6)[1] + flowable.getSpaceBefore()
        if used + height <= budget:
            current.append(flowable)
            used += height + flowable.getSpaceAfter()
            continue
        pieces = flowable.split(width, budget - used) if budget - used > 0 else []
        if len(pieces) >= 2:
            current.append(pieces[0])
            queue[0:0] = pieces[1:]
        elif not current:
            # Not even one line fits (cannot happen with sane budgets): keep it whole.
            current.append(flowable)
        else:
            queue.insert(0, flowable)
        parts.append(current)
        current, used = [], 0.0
    if current or not parts:
        parts.append(current)
    return parts
