"""A 1,000-row plan with three section levels and 600-word cells crosses ~200 pages intact."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from app.domain.plan import Item, Section
from app.render.plan_pdf import RenderedPlan, render_plan
from tests.plan.conftest import page_texts
from tests.plan.generated import KEYS, large_plan

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


def test_renders_without_error_in_reasonable_time(rendered: tuple[RenderedPlan, float]) -> None:
    result, seconds = rendered
    assert result.pages > 100
    assert seconds < 60, f"rendering took {seconds:.1f} s"


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
    for word in stream:
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
