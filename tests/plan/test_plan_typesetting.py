"""Long plans typeset as a typesetter would: the plain table of every format rendered with every
cell once and in order and the header on every page, merged cells continued across page
breaks, words broken only where they may be (with a hyphen), section headings kept with their
first row only, and no page left half empty for a block that could have begun on it."""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from app.domain.plan import Block, Cell, Column, Item, Plan, Section
from app.render.plan_pdf import CONTINUED, render_plan
from app.services.plan_io import import_plan_bytes
from tests.plan.conftest import rejoined
from tests.plan.plain_tables import HEADERS, TITLE, WRITERS

HEADER = " ".join(HEADERS).split()
WORD = re.compile(r"\S+")
#: The first line of a table row: an event's number or a section's.
ROW = re.compile(r"(\d+\.\d+|[IVXL]+\.) ")


def pdf_lines(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Every page's text lines in drawing order (pdftotext -raw), the page number dropped."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = []
    for number, page in enumerate(text.split("\f")[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[-1] == str(number), f"page {number} ends {lines[-1]!r}"
        pages.append(lines[:-1])
    return pages


def page_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    """For every page: its height and the bottom of the lowest word above the page number."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    result = []
    for page in re.findall(r"<page (.*?)</page>", html, re.DOTALL):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        bottoms = [
            float(y)
            for y in re.findall(r'yMax="([\d.]+)"', page)
            if float(y) < height - 20 * 72 / 25.4  # above the bottom margin (page number)
        ]
        result.append((height, max(bottoms)))
    return result


@cache
def plain_plan(suffix: str) -> Plan:
    return import_plan_bytes(WRITERS[suffix](), f"plan.{suffix}").plan


def expected_words(plan: Plan, language: str = "en") -> list[str]:
    """The plan's words in reading order: title, then row by row, each cell once."""
    words = WORD.findall(plan.title[language])
    covered = plan.covered()
    numbers = plan.numbers()
    for index, row in enumerate(plan.rows):
        if isinstance(row, Section):
            words += WORD.findall(f"{numbers[index]} {row.title(language)}")
            continue
        words.append(numbers[index])
        for key in plan.column_keys():
            cell = row.cells.get(key)
            if cell is not None and key not in covered[index]:
                words += WORD.findall(cell.text(language))
    return words


def reading(pages: list[list[str]], header: list[str], known: set[str]) -> list[str]:
    """The words of the pages as read: the header at the top of each page checked and
    dropped, hyphenated words whole again."""
    words: list[str] = []
    for number, lines in enumerate(pages, start=1):
        page = [word for line in lines for word in line.split()]
        start = 0
        if number == 1:  # the title first
            while start < len(page) and after(page[start:], header) is None:
                start += 1
            words += page[:start]
        rest = after(page[start:], header)
        assert rest is not None, f"page {number} does not begin with the header"
        words += rest
    return rejoined(words, known)


def after(tokens: list[str], words: list[str]) -> list[str] | None:
    """`tokens` after the leading `words` (hyphenated across lines or not), or None when they
    do not begin with them."""
    index = 0
    for expected in words:
        if index >= len(tokens):
            return None
        word = tokens[index]
        index += 1
        while word != expected and word.endswith("-") and index < len(tokens):
            dropped, kept = word[:-1] + tokens[index], word + tokens[index]
            word = dropped if expected.startswith(dropped.rstrip("-")) else kept
            index += 1
        if word != expected:
            return None
    return tokens[index:]


def without_repeats(words: list[str], plan: Plan, language: str = "en") -> tuple[list[str], int]:
    """The words with each continuation mark and the merged cell's text repeated after it
    taken out; and how many marks there were."""
    mark = CONTINUED[language].split()
    merged = [
        WORD.findall(cell.text(language))
        for row in plan.rows
        if isinstance(row, Item)
        for cell in row.cells.values()
        if cell.rowspan > 1
    ]
    out: list[str] = []
    marks = 0
    index = 0
    while index < len(words):
        if words[index : index + len(mark)] == mark:
            index += len(mark)
            marks += 1
            repeated = next(text for text in merged if words[index : index + len(text)] == text)
            index += len(repeated)
            continue
        out.append(words[index])
        index += 1
    return out, marks


@pytest.mark.parametrize("suffix", tuple(WRITERS))
def test_every_cell_once_and_in_order_with_the_header_on_every_page(
    suffix: str, tmp_path: Path
) -> None:
    plan = plain_plan(suffix)
    pages = pdf_lines(render_plan(plan, "en").pdf, tmp_path)
    assert len(pages) >= 4
    expected = expected_words(plan)
    words, marks = without_repeats(reading(pages, HEADER, set(expected)), plan)
    assert words == expected
    if suffix == "csv":
        assert marks == 0  # no merged cells in a CSV file
    assert pages[0][0].startswith(TITLE.split()[0])


def test_a_merged_cell_crossing_a_page_break_appears_on_both_pages(tmp_path: Path) -> None:
    # Lines of preamble move the page breaks down the table until they cross merged cells.
    crossings = 0
    for lines in range(0, 40, 3):
        plan = replace(
            plain_plan("xlsx"),
            preamble=(Block({"en": "\n".join(f"Preamble line {n}." for n in range(lines))}),),
        )
        crossings += _crossings_shown(plan, pdf_lines(render_plan(plan, "en").pdf, tmp_path))
    assert crossings >= 3, "too few merged cells of the test plan cross a page break"


def _crossings_shown(plan: Plan, pages: list[list[str]]) -> int:
    """How many merged cells run over a page break; each is checked to show on every page."""
    numbers = plan.numbers()
    crossings = 0

    def page_of(number: str) -> int:
        return next(
            page
            for page, lines in enumerate(pages)
            if any(line.startswith(f"{number} ") for line in lines)
        )

    for index, row in enumerate(plan.rows):
        if not isinstance(row, Item):
            continue
        for key, cell in row.cells.items():
            if cell.rowspan < 2:
                continue
            first, last = page_of(numbers[index]), page_of(numbers[index + cell.rowspan - 1])
            if first == last:
                continue
            crossings += 1
            text = WORD.findall(cell.text("en"))
            mark = CONTINUED["en"].split()
            shown = 0  # words of the cell shown so far, carried over page by page
            for number in range(first, last + 1):
                words = rejoined(" ".join(pages[number]).split(), set(text))
                if number > first and _holds(words, mark + text):
                    continue  # the whole text again under the continuation mark
                run = max(
                    (
                        length
                        for start in range(len(words))
                        for length in range(1, len(text) - shown + 1)
                        if words[start : start + length] == text[shown : shown + length]
                    ),
                    default=0,
                )
                assert run, f"{key} of {numbers[index]} is not on page {number + 1}"
                shown += run
            assert shown == len(text), f"{key} of {numbers[index]} lost words"
    return crossings


def _holds(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words)))


def source_words(plan: Plan, language: str) -> set[str]:
    words = set(expected_words(plan, language))
    for column in plan.columns:
        words |= set(WORD.findall(column.headers.get(language, "")))
    words |= set(WORD.findall(plan.number_column.header(language)))
    return words | set(CONTINUED[language].split())


@pytest.mark.parametrize("language", ("en", "ru", "kk"))
def test_no_line_ends_inside_a_word_without_a_hyphen(language: str, tmp_path: Path) -> None:
    plan = narrow_plan(language)
    pages = pdf_lines(render_plan(plan, language).pdf, tmp_path)
    known = source_words(plan, language)
    hyphenated = 0
    for lines in pages:
        for line, following in itertools.pairwise(lines):
            last = line.split()[-1]
            if last not in known and last.endswith("-"):
                hyphenated += 1
                # The break is at a hyphenation point: head and tail make a source word.
                joined = rejoined([last, following.split()[0]], known)
                assert len(joined) == 1 or joined[0].endswith("-"), (line, following)
    # Joined again at the hyphens added, the lines give back the source's words, each one
    # whole: a word cut without a hyphen would leave two pieces that are no words.
    header = [*plan.number_column.header(language).split(), *(f"H{n}" for n in range(1, 11))]
    words = reading(pages, header, known)
    assert sorted(set(words) - known) == []
    assert words == expected_words(plan, language)
    assert hyphenated >= 10, "the narrow columns should need hyphenation"


#: Long words in narrow columns, per language (short enough cells for no row to be cut
#: across pages: a word hyphenated at a page's foot would be continued after other cells).
_NARROW_TEXTS = {
    "en": "sanitary-epidemiological internationalisation, interparliamentary telecommunications",
    "ru": "санитарно-эпидемиологического интернационализация, межпарламентского всё-таки",
    "kk": "санитарлық-эпидемиологиялық ынтымақтастықты, парламентаралық Республикасының",
}


def narrow_plan(language: str) -> Plan:
    """Twelve columns, so that each is narrow, of long words."""
    columns = tuple(Column(f"c{n}", {language: f"H{n}"}) for n in range(1, 11))
    rows = tuple(
        Item({column.key: Cell({language: _NARROW_TEXTS[language]}) for column in columns})
        for _ in range(6)
    )
    return Plan(
        languages=(language,), columns=columns, rows=rows, title={language: "Plan"}
    ).validate()


def test_no_page_is_half_empty_for_a_block_that_could_begin_on_it(tmp_path: Path) -> None:
    # The 46-row plan with 13 merged blocks: keeping each block whole left page 2 nearly empty.
    boxes = page_boxes(render_plan(forty_six_rows(), "en").pdf, tmp_path)
    assert len(boxes) >= 4
    for number, (height, lowest) in enumerate(boxes[:-1], start=1):
        assert lowest > height / 2, f"page {number} is more than half empty"


def test_a_section_heading_keeps_with_its_first_row_only(tmp_path: Path) -> None:
    pages = pdf_lines(render_plan(plain_plan("xlsx"), "en").pdf, tmp_path)
    heading = re.compile(r"[IVXL]+\. COOPERATION IN AREA \d+$")
    starts = []
    for number, lines in enumerate(pages[:-1]):
        headings = [index for index, line in enumerate(lines) if heading.match(line)]
        assert headings[-1:] != [len(lines) - 1], f"page {number + 1} ends with a heading"
        # A section beginning in the lower part of a page runs on to the next page.
        first_row = next(line for line in pages[number + 1] if ROW.match(line))
        if headings and headings[-1] > 0.6 * len(lines) and not heading.match(first_row):
            starts.append(number)
    assert starts, "no section begins near the foot of a page and runs on to the next"


#: Each section's blocks of events sharing one executor (merged down where more than one).
_BLOCKS = ((2, 2, 2, 1), (8,), (2, 2, 2, 1), (2, 2, 2), (7, 2), (2, 1))


def forty_six_rows() -> Plan:
    """46 rows in 6 sections with 13 cells merged down over 2 to 8 events (as the plan the
    issue saw half-empty pages with)."""
    columns = (
        Column("events", {"en": "Events"}, 4),
        Column("time", {"en": "Scheduled time"}, 1.5),
        Column("executors", {"en": "Executors"}, 2),
    )
    rows: list[Section | Item] = []
    for section, blocks in enumerate(_BLOCKS, start=1):
        rows.append(Section({"en": f"Section {section}. Cooperation in area {section}"}))
        for block, span in enumerate(blocks):
            for offset in range(span):
                words = " ".join(
                    f"event{section}x{block}x{offset}w{n}"
                    for n in range(16 if span > 6 else 14 + 11 * (offset % 3))
                )
                cells = {"events": Cell({"en": words}), "time": Cell({"en": "2025"})}
                if offset == 0:
                    cells["executors"] = Cell({"en": "Member States, CICA Secretariat"}, span)
                rows.append(Item(cells))
    plan = Plan(
        languages=("en",), columns=columns, rows=tuple(rows), title={"en": "Forty-six rows"}
    ).validate()
    assert len(plan.rows) == 46
    assert sum(cell.rowspan > 1 for item in plan.items for cell in item.cells.values()) == 13
    return plan
