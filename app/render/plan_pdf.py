"""A plan table as PDF: one document per language.

Top to bottom: the approval block (signatories side by side), the title, the preamble
(paragraphs and bulleted lists), then the table. The table is laid out here a page at a time
(_PlanRows): every row is measured once, page breaks are chosen from those heights, and each
page becomes a small platypus Table that begins with the header row. (One LongTable of the
whole plan made ReportLab re-walk every span and NOSPLIT command at each page break: O(n^2).)
Section rows span all columns and stay on the page of the row after them; a cell spanning
rows is one cell, its rows kept on one page (left unmerged if they cannot fit on one). A row
taller than the room left is cut at the foot of the page if it is tall (ReportLab would raise
LayoutError for a row taller than a page): every cell's paragraphs are split between lines at
the same height and the rest continues on the next page. Page numbers are drawn at the foot of
every page, after its content, so a page's extracted text begins with what the page shows first.

User text is always escaped before it reaches a Paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape  # not xml.sax.saxutils: it imports urllib.request, http.client, ssl

from reportlab import rl_config
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
from app.render.verification_mark import PageMark

MARGIN = 20 * mm
FOOT = 12 * mm
CELL_PAD = 3.0
#: Rows taller than this share of a page's table room are cut at the page's foot; shorter
#: rows that do not fit in the room left move whole to the next page.
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
    return escape(text, quote=False).replace("\n", "<br/>")


def _page_size(plan: Plan) -> tuple[float, float]:
    size = landscape(A4) if plan.orientation == "landscape" else portrait(A4)
    return float(size[0]), float(size[1])


def render_plan(plan: Plan, language: str, mark: PageMark | None = None) -> RenderedPlan:
    """The plan in one of its languages as a PDF; `mark` (an enclosure's verification or draft
    mark) at the foot of every page."""
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


class _CellParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its lines per width: a table cell is measured, laid out and
    drawn at the same width, and breaking lines is the costly part of all three."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        state = self.__dict__
        wraps: dict[float, tuple[object, object, tuple[float, float]]]
        wraps = state.setdefault("_wraps", {})
        known = wraps.get(availWidth)
        if known is None:
            size: tuple[float, float] = super().wrap(availWidth, availHeight)
            if availWidth >= rl_config._FUZZ:  # narrower, Paragraph does not wrap at all
                wraps[availWidth] = (state["blPara"], state["_wrapWidths"], size)
            return size
        # What Paragraph.wrap leaves behind for split and draw.
        state["blPara"], state["_wrapWidths"], size = known
        state["width"], state["height"] = size
        return size


def _cell_paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A cell's text: one paragraph per blank-line-separated paragraph (so it can be cut)."""
    parts = [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [_CellParagraph(_markup(part.strip("\n")), style) for part in parts]


@dataclass
class _OutRow:
    """One row of the table as drawn: a section heading, an item, or the part of an item
    continued from the page before."""

    cells: list[list[Flowable]]
    section_level: int = 0
    continued: bool = False
    #: Cells merged downwards from this row: column index -> rows covered, this one included.
    spans: dict[int, int] = field(default_factory=dict)
    #: This row goes on the same page as the next (a section heading; a merged block).
    keep_with_next: bool = False
    #: Height with padding, cells merged downwards left out; measured once.
    height: float = -1.0


class _Grid:
    """The table's columns, header and styles, shared by every page of the table; measures
    rows, decides where pages break and builds each page's Table."""

    def __init__(
        self,
        widths: list[float],
        header: list[Flowable],
        body_height: float,
        styles: _Styles,
    ) -> None:
        self.widths = widths
        # The widths ReportLab gives a cell's flowables, computed as it does (wraps are cached
        # per width, so they must be the very same floats).
        self.inner = [width - CELL_PAD - CELL_PAD for width in widths]
        self.section_inner = sum(widths) - CELL_PAD - CELL_PAD
        self.header = header
        self.header_height = self._cells_height(header, self.inner)
        self.body_height = body_height
        #: Rows taller than this are cut at the foot of a page rather than moved to the next.
        self.tall = max(60.0, (body_height - self.header_height) * TALL_ROW_SHARE)
        #: The least room worth starting a cut row in: two lines.
        self.least_room = 2 * styles.cell.leading + 2 * CELL_PAD
        #: An empty cell is one line of the table's default font (10/12) to ReportLab.
        self.empty_height = 12.0

    def _cell_height(self, cell: list[Flowable], width: float) -> float:
        """A cell's content height exactly as ReportLab's Table measures it."""
        if not cell:
            return self.empty_height
        total = 0.0
        first_before = 0.0
        after = 0.0
        for index, flowable in enumerate(cell):
            height = flowable.wrap(width, 72000 - 2 * CELL_PAD)[1]
            before, after = flowable.getSpaceBefore(), flowable.getSpaceAfter()
            if index == 0:
                first_before = before
            total += height + before + after
        return total - first_before - after

    def _cells_height(
        self, cells: list[list[Flowable]] | list[Flowable], widths: list[float]
    ) -> float:
        return 2 * CELL_PAD + max(
            self._cell_height(cell if isinstance(cell, list) else [cell], width)
            for cell, width in zip(cells, widths, strict=True)
        )

    def row_height(self, row: _OutRow) -> float:
        if row.height < 0:
            if row.section_level:
                row.height = 2 * CELL_PAD + self._cell_height(row.cells[0], self.section_inner)
            else:
                row.height = 2 * CELL_PAD + max(
                    self._cell_height(cell, width) if column not in row.spans else 0.0
                    for column, (cell, width) in enumerate(zip(row.cells, self.inner, strict=True))
                )
        return row.height

    def block_height(self, rows: Sequence[_OutRow]) -> float:
        """Rows kept together, with room for any cell merged over them."""
        heights = [self.row_height(row) for row in rows]
        extra = 0.0
        for index, row in enumerate(rows):
            for column, count in row.spans.items():
                needed = 2 * CELL_PAD + self._cell_height(row.cells[column], self.inner[column])
                extra += max(0.0, needed - sum(heights[index : index + count]))
        return sum(heights) + extra

    def merge(self, rows: list[_OutRow], first: int, column: int, count: int) -> None:
        """Merge a cell over `count` rows from `first`, if the block fits on one page."""
        block = rows[first : first + count]
        rows[first].spans[column] = count
        if self.block_height(block) > self.body_height - self.header_height - 4 * CELL_PAD:
            del rows[first].spans[column]  # too tall: the text stays in its first row
            return
        rows[first].height = -1.0
        for row in block[:-1]:
            row.keep_with_next = True

    def unit_end(self, rows: Sequence[_OutRow], start: int) -> int:
        """The end of the run of rows from `start` that no page may break."""
        end = start
        while end < len(rows) - 1 and rows[end].keep_with_next:
            end += 1
        return end + 1

    def paginate(
        self, rows: list[_OutRow], room: float, fresh: bool
    ) -> tuple[list[_OutRow], list[_OutRow]]:
        """The rows that go on a page with `room` points for the table, and the rest."""
        space = room - self.header_height
        taken: list[_OutRow] = []
        used = 0.0
        start = 0
        while start < len(rows):
            end = self.unit_end(rows, start)
            unit = rows[start:end]
            height = self.block_height(unit)
            if used + height <= space:
                taken.extend(unit)
                used += height
                start = end
                continue
            # A tall item (after its section headings) is cut at the foot of the page.
            leading, last = unit[:-1], unit[-1]
            cuttable = (
                not last.section_level
                and all(row.section_level and not row.spans for row in leading)
                and not last.spans
            )
            left = space - used - (self.block_height(leading) if leading else 0.0)
            if cuttable and self.row_height(last) > self.tall and left >= self.least_room:
                head, tail = self._cut(last, left)
                if head is not None:
                    taken.extend(leading)
                    taken.append(head)
                    return taken, ([tail] if tail is not None else []) + rows[end:]
            if not taken and fresh and len(unit) > 1:
                # Even a whole page cannot hold these rows together: let them part.
                for row in unit:
                    row.keep_with_next = False
                    if row.spans:
                        row.spans.clear()
                        row.height = -1.0
                continue
            break
        return taken, rows[start:]

    def _cut(self, row: _OutRow, room: float) -> tuple[_OutRow | None, _OutRow | None]:
        """The row's part that fits in `room`, and the part continued on the next page."""
        parts = [
            _take(cell, width, room - 2 * CELL_PAD)
            for cell, width in zip(row.cells, self.inner, strict=True)
        ]
        if not any(head for head, _ in parts):
            return None, None
        head = _OutRow([head for head, _ in parts], continued=row.continued)
        if not any(tail for _, tail in parts):
            return head, None
        return head, _OutRow([tail for _, tail in parts], continued=True)

    def page_table(self, rows: Sequence[_OutRow]) -> Table:
        """One page's part of the table: the header row, then the rows."""
        ncols = len(self.widths)
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
        data: list[list[object]] = [list(self.header)]
        #: The last row each column is merged down to.
        merged_to = [0] * ncols
        for position, row in enumerate(rows, start=1):
            if row.section_level:
                data.append([row.cells[0]] + [""] * (ncols - 1))
                commands.append(("SPAN", (0, position), (-1, position)))
                if row.section_level == 1:
                    commands.append(
                        (
                            "BACKGROUND",
                            (0, position),
                            (-1, position),
                            colors.Color(0.96, 0.96, 0.96),
                        )
                    )
            else:
                data.append([cell if cell else "" for cell in row.cells])
                commands.append(
                    ("LINEBEFORE", (1, position), (ncols - 1, position), LINE, colors.black)
                )
            if not row.continued:
                # A rule above the row, except across a cell merged from above.
                open_from: int | None = None
                for column in range(ncols + 1):
                    ruled = column < ncols and merged_to[column] < position
                    if ruled and open_from is None:
                        open_from = column
                    elif not ruled and open_from is not None:
                        commands.append(
                            (
                                "LINEABOVE",
                                (open_from, position),
                                (column - 1, position),
                                LINE,
                                colors.black,
                            )
                        )
                        open_from = None
            for column, count in row.spans.items():
                last = min(position + count - 1, len(rows))
                if last > position:
                    commands.append(("SPAN", (column, position), (column, last)))
                    merged_to[column] = last
        return Table(data, colWidths=self.widths, style=TableStyle(commands))


class _PlanRows(Flowable):  # type: ignore[misc]
    """The plan's table, laid out a page at a time: each split cuts off one page's Table (the
    header row, then the rows that fit), so ReportLab never re-examines the whole table."""

    def __init__(self, grid: _Grid, rows: list[_OutRow]) -> None:
        super().__init__()
        self.grid = grid
        self.rows = rows
        self._whole: Table | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        total = self.grid.header_height
        for row in self.rows:
            total += self.grid.row_height(row)
            if total > availHeight:
                return availWidth, total
        # Everything left might fit: measure it as ReportLab will draw it.
        self._whole = self.grid.page_table(self.rows)
        size: tuple[float, float] = self._whole.wrap(availWidth, availHeight)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fresh = availHeight >= self.grid.body_height - 1
        room = availHeight
        while True:
            taken, rest = self.grid.paginate(self.rows, room, fresh)
            if not taken:
                return []
            table = self.grid.page_table(taken)
            height = table.wrap(availWidth, availHeight)[1]
            if height <= availHeight:
                return [table, _PlanRows(self.grid, rest)] if rest else [table]
            # Measured taller than estimated (cells merged over rows): ask for less.
            room -= height - availHeight + 1

    def draw(self) -> None:
        assert self._whole is not None
        self._whole.drawOn(self.canv, 0, 0)


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
    grid = _Grid(widths, header, available_height, styles)

    covered = plan.covered()
    keys = plan.column_keys()
    rows: list[_OutRow] = []
    for index, row in enumerate(plan.rows):
        if isinstance(row, Section):
            level = max(1, min(row.level, 3))
            text = " ".join(part for part in (numbers[index], row.title(language).strip()) if part)
            heading = _CellParagraph(_markup(text), styles.sections[level - 1])
            rows.append(_OutRow([[heading]], section_level=level, keep_with_next=True))
        else:
            cells: list[list[Flowable]] = [_cell_paragraphs(numbers[index], styles.number)]
            for key in keys:
                cell = row.cells.get(key)
                if cell is None or key in covered[index]:
                    cells.append([])
                else:
                    cells.append(_cell_paragraphs(cell.text(language), styles.cell))
            rows.append(_OutRow(cells))
    # Row spans: one merged cell over the rows it covers, unless the block would not fit on a
    # page (then the text stays in the first row, unmerged).
    for index, row in enumerate(plan.rows):
        if not isinstance(row, Item):
            continue
        for column, key in enumerate(keys, start=1):
            cell = row.cells.get(key)
            if cell is None or cell.rowspan <= 1 or key in covered[index]:
                continue
            count = min(index + cell.rowspan, len(plan.rows)) - index
            grid.merge(rows, index, column, count)
    return _PlanRows(grid, rows)


def _take(
    cell: list[Flowable], width: float, budget: float
) -> tuple[list[Flowable], list[Flowable]]:
    """The cell's flowables that fit in `budget` (a paragraph split between lines if need be),
    and the rest."""
    head: list[Flowable] = []
    queue = list(cell)
    used = 0.0
    while queue:
        flowable = queue[0]
        height = flowable.wrap(width, 1e6)[1] + (flowable.getSpaceBefore() if head else 0.0)
        if used + height <= budget:
            head.append(queue.pop(0))
            used += height + flowable.getSpaceAfter()
            continue
        pieces = flowable.split(width, budget - used) if budget - used > 0 else []
        if len(pieces) >= 2:
            head.append(pieces[0])
            queue[0:1] = pieces[1:]
        break
    return head, queue
