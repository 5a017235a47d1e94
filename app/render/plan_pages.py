"""A plan's table laid out a page at a time (for app/render/plan_pdf.py).

Every row is measured once, page breaks are chosen from those heights, and each page becomes
a small platypus Table that begins with the header row. (One LongTable of the whole plan made
ReportLab re-walk every span and NOSPLIT command at each page break: O(n^2).)

A section heading stays on the page of the row after it, and only that row: the rest of the
section flows on, so no page is left half empty for a block that could have begun on it. A cell
merged down over rows that a page break crosses is continued on the next page as a typesetter
does: the lines that fit stay in the rows of the first page and the rest is carried over; when
all of it fits above the break, the next page repeats it under a continuation mark, so a row
there never shows an empty box that reads as "no executor". A row taller than the room left is
cut at the foot of the page if it is tall (ReportLab would raise LayoutError for a row taller
than a page): every cell's paragraphs are split between lines at the same height and the rest
continues on the next page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.render.fonts import serif_family

CELL_PAD = 3.0
#: Rows taller than this share of a page's table room are cut at the page's foot; shorter
#: rows that do not fit in the room left move whole to the next page.
TALL_ROW_SHARE = 0.3
LINE = 0.5


class CellParagraph(Paragraph):  # type: ignore[misc]
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


@dataclass
class OutRow:
    """One row of the table as drawn: a section heading, an item, or the part of an item
    continued from the page before."""

    cells: list[list[Flowable]]
    section_level: int = 0
    continued: bool = False
    #: Cells merged downwards from this row: column index -> rows covered, this one included.
    spans: dict[int, int] = field(default_factory=dict)
    #: This row goes on the same page as the next (a section heading).
    keep_with_next: bool = False
    #: Columns holding (a part of) a cell merged down: the whole cell, to repeat under the
    #: continuation mark on the next page.
    merged: dict[int, list[Flowable]] = field(default_factory=dict)
    #: Height with padding, cells merged downwards left out; measured once.
    height: float = -1.0


class Grid:
    """The table's columns, header and styles, shared by every page of the table; measures
    rows, decides where pages break and builds each page's Table."""

    def __init__(
        self,
        widths: list[float],
        header: list[Flowable],
        body_height: float,
        leading: float,
        continued: Callable[[], Flowable],
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
        self.least_room = 2 * leading + 2 * CELL_PAD
        #: An empty cell is one line of the table's default font (10/12) to ReportLab.
        self.empty_height = 12.0
        #: The mark above a merged cell's text repeated on the next page.
        self.continued = continued

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

    def row_height(self, row: OutRow) -> float:
        if row.height < 0:
            if row.section_level:
                row.height = 2 * CELL_PAD + self._cell_height(row.cells[0], self.section_inner)
            else:
                row.height = 2 * CELL_PAD + max(
                    self._cell_height(cell, width) if column not in row.spans else 0.0
                    for column, (cell, width) in enumerate(zip(row.cells, self.inner, strict=True))
                )
        return row.height

    def page_height(self, rows: Sequence[OutRow]) -> float:
        """The height of rows on one page, with room for each cell merged over them that ends
        on it (one that runs on past the page is cut to its rows there)."""
        heights = [self.row_height(row) for row in rows]
        extra = 0.0
        for index, row in enumerate(rows):
            for column, count in row.spans.items():
                if index + count > len(rows):
                    continue
                needed = 2 * CELL_PAD + self._cell_height(row.cells[column], self.inner[column])
                extra += max(0.0, needed - sum(heights[index : index + count]))
        return sum(heights) + extra

    def merge(self, rows: list[OutRow], first: int, column: int, count: int) -> None:
        """Merge a cell over `count` rows from `first`."""
        rows[first].spans[column] = count
        rows[first].merged[column] = rows[first].cells[column]
        rows[first].height = -1.0

    def unit_end(self, rows: Sequence[OutRow], start: int) -> int:
        """The end of the run of rows from `start` that no page may break."""
        end = start
        while end < len(rows) - 1 and rows[end].keep_with_next:
            end += 1
        return end + 1

    def paginate(
        self, rows: list[OutRow], room: float, fresh: bool
    ) -> tuple[list[OutRow], list[OutRow]]:
        """The rows that go on a page with `room` points for the table, and the rest."""
        space = room - self.header_height
        taken: list[OutRow] = []
        start = 0
        while start < len(rows):
            end = self.unit_end(rows, start)
            unit = rows[start:end]
            if self.page_height(taken + unit) <= space:
                taken.extend(unit)
                start = end
                continue
            # A tall item (after its section headings) is cut at the foot of the page.
            leading, last = unit[:-1], unit[-1]
            cuttable = (
                not last.section_level
                and all(row.section_level for row in leading)
                and not last.spans
            )
            left = space - self.page_height(taken + leading)
            if cuttable and self.row_height(last) > self.tall and left >= self.least_room:
                head, tail = self._cut(last, left)
                if head is not None:
                    taken.extend(leading)
                    taken.append(head)
                    rest = ([tail] if tail is not None else []) + rows[end:]
                    return self._carry(taken, rest, space, cut=tail is not None)
            if not taken and fresh and len(unit) > 1:
                # Even a whole page cannot hold these rows together: let them part.
                for row in unit:
                    row.keep_with_next = False
                continue
            break
        return self._carry(taken, rows[start:], space, cut=False)

    def _carry(
        self, taken: list[OutRow], rest: list[OutRow], space: float, cut: bool
    ) -> tuple[list[OutRow], list[OutRow]]:
        """Cells merged over rows on both sides of the page break: each keeps the lines that
        fit in its rows on this page, and the first row of the next page takes the rest (or,
        when nothing is left, the text again under the continuation mark). `cut`: the last
        row taken is continued on the next page."""
        if not taken or not rest:
            return taken, rest
        heights = [self.row_height(row) for row in taken]
        free = space - self.page_height(taken)
        copies: dict[int, OutRow] = {}
        first: OutRow | None = None
        for index, row in enumerate(taken):
            for column, count in row.spans.items():
                if index + count < len(taken) or (index + count == len(taken) and not cut):
                    continue  # the merged cell ends on this page
                on_page = len(taken) - index
                remaining = count - on_page + (1 if cut else 0)
                budget = sum(heights[index:]) + free - 2 * CELL_PAD
                cell = row.cells[column]
                head, tail = take(cell, self.inner[column], budget)
                if not head:
                    # Not one line fits: keep it all here; the page is measured again and asks
                    # for less room, so the rows move on with it.
                    head, tail = cell, []
                anchor = copies.setdefault(
                    index, replace(row, cells=list(row.cells), spans=dict(row.spans))
                )
                anchor.cells[column] = head
                if on_page > 1:
                    anchor.spans[column] = on_page
                else:
                    del anchor.spans[column]
                anchor.height = -1.0
                if first is None:
                    first = replace(
                        rest[0],
                        cells=list(rest[0].cells),
                        spans=dict(rest[0].spans),
                        merged=dict(rest[0].merged),
                    )
                whole = row.merged.get(column, cell)
                first.cells[column] = tail if tail else [self.continued(), *whole]
                first.merged[column] = whole
                if remaining > 1:
                    first.spans[column] = remaining
                first.height = -1.0
        if not copies:
            return taken, rest
        taken = [copies.get(index, row) for index, row in enumerate(taken)]
        assert first is not None
        return taken, [first, *rest[1:]]

    def _cut(self, row: OutRow, room: float) -> tuple[OutRow | None, OutRow | None]:
        """The row's part that fits in `room`, and the part continued on the next page."""
        parts = [
            take(cell, width, room - 2 * CELL_PAD)
            for cell, width in zip(row.cells, self.inner, strict=True)
        ]
        if not any(head for head, _ in parts):
            return None, None
        head = OutRow([head for head, _ in parts], continued=row.continued)
        if not any(tail for _, tail in parts):
            return head, None
        tails = [tail for _, tail in parts]
        for column, whole in row.merged.items():
            if parts[column][0] and not tails[column]:
                tails[column] = [self.continued(), *whole]  # a merged cell runs on: repeat it
        return head, OutRow(tails, continued=True, merged=dict(row.merged))

    def page_table(self, rows: Sequence[OutRow]) -> Table:
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


class PlanRows(Flowable):  # type: ignore[misc]
    """The plan's table, laid out a page at a time: each split cuts off one page's Table (the
    header row, then the rows that fit), so ReportLab never re-examines the whole table."""

    def __init__(self, grid: Grid, rows: list[OutRow]) -> None:
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
                return [table, PlanRows(self.grid, rest)] if rest else [table]
            # Measured taller than estimated (cells merged over rows): ask for less.
            room -= height - availHeight + 1

    def draw(self) -> None:
        assert self._whole is not None
        self._whole.drawOn(self.canv, 0, 0)


def take(
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
