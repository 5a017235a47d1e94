"""A 1,000-row plan with three section levels and 600-word cells crosses ~200 pages intact."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import replace

import pytest

from app.domain.plan import Cell, Item, Plan, Section
from app.render.plan_pdf import RenderedPlan, render_plan
from tests.plan.conftest import page_texts, rejoined
from tests.plan.generated import KEYS, cell_words, large_plan

HEADER = "No. Events Executors Coordinating body Time for execution"


@pytest.fixture(scope="module")
def rendered() -> tuple[RenderedPlan, float]:
    plan = large_plan().validate()
    started = time.perf_counter()
    result = render_plan(plan, "en")
    return result, time.perf_counter() - started


def test_the_generated_plan_is_what_the_acceptance_asks_for() -> None:
    plan = large_plan()
    assert len(plan.rows) == 1000
    assert len(plan.columns) + 1 == 5
    assert {row.level for row in plan.rows if isinstance(row, Section)} == {1, 2, 3}
    long_cells = [
        cell
        for row in plan.rows
        if isinstance(row, Item)
        for cell in row.cells.values()
        if len(cell.text("en").split()) == 600
    ]
    assert len(long_cells) >= 10


def test_renders_without_error(rendered: tuple[RenderedPlan, float]) -> None:
    # Its speed is measured by bench/render_plan.py, not asserted here.
    result, _ = rendered
    assert result.pages > 100


def test_every_page_begins_with_the_header_row(rendered: tuple[RenderedPlan, float]) -> None:
    result, _ = rendered
    pages = page_texts(result.pdf)
    assert len(pages) == result.pages
    assert pages[0].startswith("Generated plan " + HEADER)
    for number, text in enumerate(pages[1:], start=2):
        assert text.startswith(HEADER), f"page {number} begins {text[:60]!r}"


def test_every_row_appears_exactly_once_and_in_order(
    rendered: tuple[RenderedPlan, float],
) -> None:
    result, _ = rendered
    plan = large_plan()
    numbers = plan.numbers()
    pages = page_texts(result.pdf)
    words = " ".join([pages[0].removeprefix("Generated plan "), *pages[1:]]).split()
    header_words = HEADER.split()
    # Drop the header at the start of every page (checked above).
    stream: list[str] = []
    index = 0
    while index < len(words):
        if words[index : index + len(header_words)] == header_words:
            index += len(header_words)
            continue
        stream.append(words[index])
        index += 1

    # Where every word of the plan should be: (row, cell, word position).
    expected: dict[str, tuple[int, int, int]] = {}
    for row_index, row in enumerate(plan.rows):
        if isinstance(row, Section):
            cells = [f"{numbers[row_index]} {row.title('en')}"]
        else:
            cells = [numbers[row_index]] + [row.cells[key].text("en") for key in KEYS]
        for cell_index, text in enumerate(cells):
            for position, word in enumerate(text.split()):
                assert word not in expected, "the generated words are unique"
                expected[word] = (row_index, cell_index, position)

    seen: list[tuple[int, int, int]] = []
    for word in rejoined(stream, set(expected)):
        place = expected.get(word)
        assert place is not None, f"unexpected text {word!r}"
        seen.append(place)
    counts = Counter(seen)
    assert [place for place, count in counts.items() if count > 1] == []
    assert len(seen) == len(expected), "some text is missing"
    # Rows in order; within a cell, words in order (a row cut across pages interleaves
    # its cells part by part, but never reorders a cell's own words).
    assert [row for row, _, _ in seen] == sorted(row for row, _, _ in seen)
    last: dict[tuple[int, int], int] = {}
    for row, cell, position in seen:
        assert last.get((row, cell), -1) < position
        last[row, cell] = position


def _page_rows(pages: list[str]) -> list[list[str]]:
    """For every page, the generated row (hex) of each word in the order shown; section words
    are marked with an `s` after the row (`3es1`)."""
    rows = []
    for text in pages:
        words = re.findall(r"\b([0-9a-f]+)(s|[g-n])[0-9a-f]+\b", text)
        rows.append([row + ("s" if kind == "s" else "") for row, kind in words])
    return rows


def test_a_section_heading_is_never_the_last_row_of_a_page(
    rendered: tuple[RenderedPlan, float],
) -> None:
    result, _ = rendered
    page_rows = _page_rows(page_texts(result.pdf))
    sections_seen = 0
    for number, rows in enumerate(page_rows[:-1], start=1):
        assert rows, f"page {number} shows no row"
        sections_seen += sum(1 for row in set(rows) if row.endswith("s"))
        assert not rows[-1].endswith("s"), f"page {number} ends with a section heading"
    assert sections_seen > 50


def test_rows_taller_than_a_page_continue_over_the_following_pages(
    rendered: tuple[RenderedPlan, float],
) -> None:
    result, _ = rendered
    page_rows = _page_rows(page_texts(result.pdf))
    # A 600-word cell is taller than a page: its row begins on one page and runs on.
    carried = [
        number
        for number in range(1, len(page_rows))
        if page_rows[number - 1]
        and page_rows[number]
        and page_rows[number - 1][-1] == page_rows[number][0]
    ]
    assert len(carried) >= 10
    assert any(number + 1 in carried for number in carried), "no row crosses three pages"


def _plan_with_merged_cells(block: int, words: int = 6) -> Plan:
    """40 items; the Executors cell of item 10 spans `block` rows ("Constantly").

    Unmerged, page 1 holds items 1-13: a block of 8 from item 10 has to move to page 2."""
    rows: list[Item] = []
    for index in range(1, 41):
        cells = {
            key: Cell({"en": " ".join(cell_words(index, column, words))})
            for column, key in enumerate(KEYS, start=1)
        }
        if index == 10:
            cells["executors"] = Cell({"en": "Constantly"}, rowspan=block)
        elif 10 < index < 10 + block:
            del cells["executors"]
        rows.append(Item(cells))
    plan = large_plan(rows=1)
    return replace(plan, rows=tuple(rows), numbering="flat").validate()


def test_a_merged_cell_crossing_a_page_break_is_continued_on_the_next_page() -> None:
    pdf = render_plan(_plan_with_merged_cells(block=8), "en").pdf
    pages = page_texts(pdf)
    page_rows = _page_rows(pages)
    # The block begins on page 1, which is filled as far as it goes (it used to end at item 9,
    # leaving the foot of the page empty so as to keep the block whole).
    assert "a" in page_rows[0] and page_rows[0][-1] != "9"
    assert page_rows[0][-1] in {f"{index:x}" for index in range(10, 17)}
    # Its text is on both pages: the rows on page 2 read "(continued) Constantly".
    assert "Constantly" in pages[0] and "(continued)" not in pages[0]
    assert "(continued) Constantly" in pages[1]
    assert " ".join(pages).split().count("Constantly") == 2
    stream = [row for rows in page_rows for row in rows]
    assert list(dict.fromkeys(stream)) == [f"{index:x}" for index in range(1, 41)]


def test_a_merged_cell_over_more_than_a_page_is_continued_on_every_page() -> None:
    pdf = render_plan(_plan_with_merged_cells(block=21, words=60), "en").pdf
    pages = page_texts(pdf)
    page_rows = _page_rows(pages)
    block = {f"{index:x}" for index in range(10, 31)}
    touched = [number for number, rows in enumerate(page_rows) if block & set(rows)]
    assert len(touched) >= 3
    assert "Constantly" in pages[touched[0]]
    for number in touched[1:]:
        assert "(continued) Constantly" in pages[number], f"page {number + 1}"
    stream = [row for rows in page_rows for row in rows]
    assert list(dict.fromkeys(stream)) == [f"{index:x}" for index in range(1, 41)]
