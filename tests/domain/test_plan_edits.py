"""Plan edits as pure functions, checked over generated plans: no Qt, no widgets.

Every edit of a valid plan gives a valid plan (or a refusal saying why); expanding and
collapsing a plan gives it back; an edit and its inverse give the plan back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import plan_edits
from app.domain.plan import NUMBER_KEY, Block, Cell, Column, Item, Plan, Row, Section
from app.domain.plan_edits import CONTINUED, Refusal

LANGUAGES = ("en", "ru")
KEYS = ("events", "participants")
COLUMNS = tuple(Column(key, {"en": key.title(), "ru": key.upper()}, 2.0) for key in KEYS)
WORD = st.text(alphabet="abcdeжзи ", min_size=1, max_size=6).filter(lambda t: t.strip() != "")


@st.composite
def plans(draw: st.DrawFn, max_rows: int = 8) -> Plan:
    """A valid plan: sections (levels that hierarchical numbering accepts) and items whose
    cells may span down over the items below them (never into a section)."""
    count = draw(st.integers(0, max_rows))
    kinds = draw(
        st.lists(st.sampled_from(("item", "item", "section")), min_size=count, max_size=count)
    )
    rows: list[Row] = []
    level = 0
    for kind in kinds:
        if kind == "section":
            level = draw(st.integers(1, min(level + 1, 3)))
            rows.append(Section({code: draw(WORD) for code in LANGUAGES}, level))
        else:
            cells = {
                key: Cell({code: draw(WORD) for code in LANGUAGES})
                for key in KEYS
                if draw(st.booleans())
            }
            rows.append(Item(cells))
    # Spans: a cell spans down over following items whose place in its column is empty.
    covered: set[tuple[int, str]] = set()
    final: list[Row] = []
    for index, row in enumerate(rows):
        if isinstance(row, Item):
            cells = {}
            for key, cell in row.cells.items():
                if (index, key) in covered:
                    continue
                span = 1
                while (
                    index + span < len(rows)
                    and isinstance(rows[index + span], Item)
                    and key not in rows[index + span].cells  # type: ignore[union-attr]
                    and draw(st.booleans())
                ):
                    covered.add((index + span, key))
                    span += 1
                cells[key] = Cell(cell.texts, span)
            row = Item(cells)
        final.append(row)
    numbering = draw(st.sampled_from(("flat", "hierarchical")))
    plan = Plan(
        languages=LANGUAGES,
        columns=COLUMNS,
        rows=tuple(final),
        title={"en": "Plan", "ru": "План"},
        numbering=numbering,
    )
    assert plan.problems() == [], plan.problems()
    return plan


def places(plan: Plan) -> st.SearchStrategy[tuple[int, str]]:
    return st.tuples(st.integers(0, len(plan.rows) - 1), st.sampled_from((NUMBER_KEY, *KEYS)))


def valid(result: Plan | Refusal) -> Plan | Refusal:
    if isinstance(result, Plan):
        assert result.problems() == [], result.problems()
    return result


@given(plans())
def test_expanding_and_collapsing_a_plan_gives_it_back(plan: Plan) -> None:
    assert plan_edits.rebuilt(plan, plan_edits.expand(plan)) == plan


@given(plans())
def test_expanded_rows_mark_every_covered_place_continued(plan: Plan) -> None:
    rows = plan_edits.expand(plan)
    for index, keys in enumerate(plan.covered()):
        for key in keys:
            row = rows[index]
            assert isinstance(row, Item) and row.cells[key] is CONTINUED


@given(st.data())
def test_editing_a_cell_keeps_the_plan_valid_and_shows_the_text(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: bool(p.rows)))
    row, key = data.draw(places(plan))
    if plan_edits.is_covered(plan, row, key):
        return  # a covered place is not editable
    edited = valid(plan_edits.edit_cell(plan, row, key, "ru", "Текст"))
    assert isinstance(edited, Plan)
    target = edited.rows[row]
    if key == NUMBER_KEY:
        assert target.number == "Текст"
    elif isinstance(target, Section):
        assert target.titles["ru"] == "Текст"
    else:
        assert target.cells[key].texts["ru"] == "Текст"
    # The other language is untouched.
    if isinstance(target, Item) and key != NUMBER_KEY:
        before = plan.rows[row]
        assert isinstance(before, Item)
        assert target.cells[key].texts["en"] == (
            before.cells[key].texts["en"] if key in before.cells else ""
        )


@given(st.data())
def test_clearing_cells_empties_them_in_one_language_only(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: bool(p.rows)))
    chosen = data.draw(st.lists(places(plan), max_size=4))
    chosen = [place for place in chosen if not plan_edits.is_covered(plan, *place)]
    cleared = plan_edits.clear_cells(plan, chosen, "en")
    # An emptied section heading is missing its title: the one problem clearing may make.
    assert [p for p in cleared.problems() if p.message != "is missing"] == []
    assert len(cleared.rows) == len(plan.rows)
    for row, key in chosen:
        target = cleared.rows[row]
        if key == NUMBER_KEY:
            assert target.number == ""
        elif isinstance(target, Section):
            assert target.titles["en"] == ""
        elif key in target.cells:
            assert target.cells[key].texts["en"] == ""


@given(st.data())
def test_inserting_then_deleting_a_row_gives_the_plan_back(data: st.DataObject) -> None:
    plan = data.draw(plans())
    current = data.draw(st.none() | st.integers(0, max(len(plan.rows) - 1, 0)))
    if current is not None and not plan.rows:
        current = None
    at = plan_edits.insertion_point(plan, current)
    new = data.draw(st.sampled_from(("item", "section")))
    row: Row = Item({}) if new == "item" else plan_edits.new_section(plan, 1)
    inserted = plan_edits.insert_row(plan, at, row)
    assert len(inserted.rows) == len(plan.rows) + 1
    if new == "item":
        assert inserted.problems() == []
    # A heading inserted inside a block of rows sharing a cell ends the cell's span there.
    if new == "item" or at == len(plan.rows) or not plan.covered()[at]:
        assert plan_edits.delete_rows(inserted, [at]) == plan


@given(st.data())
def test_deleting_rows_keeps_the_plan_valid_and_loses_no_spanning_text(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: bool(p.rows)))
    chosen = data.draw(st.lists(st.integers(0, len(plan.rows) - 1), min_size=1, unique=True))
    remaining = plan_edits.delete_rows(plan, chosen)
    # Deleting a heading may leave a sub-section without its section in hierarchical
    # numbering: the one problem deleting may make (the editor lists it).
    assert [p for p in remaining.problems() if not p.field.endswith(".level")] == []
    assert len(remaining.rows) == len(plan.rows) - len(chosen)
    # A cell spanning past the rows deleted keeps its text on a row that stays.
    texts = {
        cell.texts["en"]
        for row in remaining.rows
        if isinstance(row, Item)
        for cell in row.cells.values()
    }
    for index, row in enumerate(plan.rows):
        if not isinstance(row, Item):
            continue
        for cell in row.cells.values():
            spanned = set(range(index, index + cell.rowspan))
            if spanned - set(chosen):
                assert cell.texts["en"] in texts


@given(st.data())
def test_moving_a_row_down_and_up_again_gives_the_plan_back(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: len(p.rows) >= 2))
    row = data.draw(st.integers(0, len(plan.rows) - 2))
    moved = plan_edits.move_row(plan, row, 1)
    assert len(moved.rows) == len(plan.rows)
    if all(
        isinstance(r, Item) and all(c.rowspan == 1 for c in r.cells.values()) for r in plan.rows
    ):
        assert plan_edits.move_row(moved, row + 1, -1) == plan
    assert plan_edits.move_row(plan, len(plan.rows) - 1, 1) == plan  # at the edge: unchanged


@given(st.data())
def test_indenting_and_outdenting_a_section_gives_it_back(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: any(isinstance(r, Section) for r in p.rows)))
    sections = [i for i, r in enumerate(plan.rows) if isinstance(r, Section)]
    index = data.draw(st.sampled_from(sections))
    if plan_edits.can_shift_level(plan, index, 1):
        indented = plan_edits.shift_levels(plan, [index], 1)
        assert isinstance(indented, Plan)
        assert plan_edits.shift_levels(indented, [index], -1) == plan
    else:
        assert plan_edits.shift_levels(plan, [index], 1) == Refusal(
            plan_edits.NOT_A_SECTION, {"levels": 3}
        )


def test_only_section_headings_have_levels() -> None:
    plan = Plan(LANGUAGES, COLUMNS, rows=(Item({}),), title={"en": "P", "ru": "П"})
    refusal = plan_edits.shift_levels(plan, [0], 1)
    assert isinstance(refusal, Refusal) and refusal.code == plan_edits.NOT_A_SECTION


@given(st.data())
def test_merging_down_then_splitting_gives_the_plan_back_or_is_refused(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: any(isinstance(r, Item) for r in p.rows)))
    items = [i for i, r in enumerate(plan.rows) if isinstance(r, Item)]
    row = data.draw(st.sampled_from(items))
    key = data.draw(st.sampled_from(KEYS))
    if plan_edits.is_covered(plan, row, key):
        return
    merged = valid(plan_edits.merge_down(plan, row, key))
    if isinstance(merged, Refusal):
        assert merged.code in (plan_edits.NO_ROW_BELOW, plan_edits.CELL_BELOW_HAS_TEXT)
        return
    cell = merged.rows[row].cells[key]  # type: ignore[union-attr]
    assert cell.rowspan >= 2
    split = plan_edits.split_cell(merged, row, key)
    target = split.rows[row]
    assert isinstance(target, Item)
    # Split gives every covered row its own (empty) place; the cell's text stays where it was.
    original = plan.rows[row]
    assert isinstance(original, Item)
    if key in original.cells:
        assert target.cells[key].texts == original.cells[key].texts
    assert split.problems() == []


def test_merging_into_a_cell_with_text_is_refused_and_nothing_is_lost() -> None:
    rows = (
        Item({"events": Cell({"en": "a", "ru": "а"})}),
        Item({"events": Cell({"en": "b", "ru": "б"})}),
    )
    plan = Plan(LANGUAGES, COLUMNS, rows=rows, title={"en": "P", "ru": "П"})
    assert plan_edits.merge_down(plan, 0, "events") == Refusal(plan_edits.CELL_BELOW_HAS_TEXT)
    assert plan_edits.merge_down(plan, 1, "events") == Refusal(plan_edits.NO_ROW_BELOW)


@dataclass(frozen=True)
class Pasted:
    kind: str
    number: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    rowspans: dict[str, int] = field(default_factory=dict)
    title: str = ""
    level: int = 1


@given(st.data())
def test_a_paste_fills_one_language_from_the_current_row_down(data: st.DataObject) -> None:
    plan = data.draw(
        plans(max_rows=4).filter(lambda p: not any(isinstance(r, Section) for r in p.rows))
    )
    count = data.draw(st.integers(1, 4))
    pasted = [
        Pasted("item", cells={"events": f"e{n}", "participants": f"p{n}"}) for n in range(count)
    ]
    start = data.draw(st.integers(0, len(plan.rows)))
    result = plan_edits.apply_paste(plan, start, "ru", pasted)
    assert len(result.rows) == max(len(plan.rows), start + count)
    for offset in range(count):
        row = result.rows[start + offset]
        assert isinstance(row, Item)
        if "events" in row.cells:
            assert row.cells["events"].texts["ru"] == f"e{offset}"
    # The rows above keep their texts (a span reaching into the pasted rows ends there).
    for before, after in zip(plan.rows[:start], result.rows[:start], strict=True):
        assert isinstance(before, Item) and isinstance(after, Item)
        assert {k: c.texts for k, c in before.cells.items()} == {
            k: c.texts for k, c in after.cells.items()
        }
    assert result.problems() == []


def test_a_pasted_header_adds_columns_and_names_those_without_a_header() -> None:
    plan = plan_edits.empty_plan(("en", "ru"))
    pasted = [Pasted("item", cells={"events": "Meeting", "place": "Astana"})]
    result = plan_edits.apply_paste(plan, None, "en", pasted, [("place", "Place")], {})
    assert result.column_keys() == ("events", "place")
    assert result.columns[1].headers == {"en": "Place"}
    row = result.rows[0]
    assert isinstance(row, Item) and row.cells["place"].texts["en"] == "Astana"


@given(plans())
def test_renaming_a_column_keeps_its_cells(plan: Plan) -> None:
    columns = [dataclasses.replace(COLUMNS[0], key="what"), COLUMNS[1]]
    renamed = plan_edits.rename_columns(
        plan, plan.number_column, columns, {"events": "what", "participants": "participants"}
    )
    assert renamed.problems() == []
    for before, after in zip(plan.rows, renamed.rows, strict=True):
        if isinstance(before, Item):
            assert isinstance(after, Item)
            assert after.cells.get("what") == before.cells.get("events")
    back = plan_edits.rename_columns(
        renamed, plan.number_column, COLUMNS, {"what": "events", "participants": "participants"}
    )
    assert back == plan


def test_a_column_left_out_of_the_renaming_loses_its_cells() -> None:
    rows = (
        Item(
            {"events": Cell({"en": "a", "ru": "а"}), "participants": Cell({"en": "b", "ru": "б"})}
        ),
    )
    plan = Plan(LANGUAGES, COLUMNS, rows=rows, title={"en": "P", "ru": "П"})
    kept = plan_edits.rename_columns(plan, plan.number_column, COLUMNS[:1], {"events": "events"})
    assert kept.rows == (Item({"events": Cell({"en": "a", "ru": "а"})}),)


@given(plans(), st.lists(st.sampled_from(("en", "ru", "kk")), unique=True))
def test_a_plan_in_other_languages_and_back_keeps_the_texts_of_the_languages_kept(
    plan: Plan, languages: list[str]
) -> None:
    changed = plan_edits.with_languages(plan, languages)
    if not languages:
        assert changed == Refusal(plan_edits.NO_LANGUAGE)
        return
    assert isinstance(changed, Plan)
    if set(LANGUAGES) <= set(languages):
        back = plan_edits.with_languages(changed, LANGUAGES)
        assert back == plan


def test_column_keys_and_widths_checked() -> None:
    assert plan_edits.check_columns(["events", "who"], ["0,6", "2", "1"]) == []
    codes = [
        r.code for r in plan_edits.check_columns(["bad key", "who", "who", "number"], ["x", "1"])
    ]
    assert codes == [
        plan_edits.COLUMN_KEY_INVALID,
        plan_edits.COLUMN_KEY_TWICE,
        plan_edits.COLUMN_KEY_TWICE,
        plan_edits.COLUMN_WIDTH_INVALID,
    ]
    assert [r.code for r in plan_edits.check_columns([], ["1"])] == [plan_edits.NO_COLUMNS]
    assert plan_edits.is_column_key("events_2") and not plan_edits.is_column_key(NUMBER_KEY)


@given(
    st.lists(
        st.tuples(
            st.booleans(), WORD.map(str.strip).filter(bool), WORD.map(str.strip).filter(bool)
        ),
        max_size=5,
    )
)
def test_the_preamble_typed_and_parsed_gives_it_back(lines: list[tuple[bool, str, str]]) -> None:
    blocks = tuple(
        Block({"en": en, "ru": ru}, "bullet" if bullet else "paragraph") for bullet, en, ru in lines
    )
    plan = dataclasses.replace(plan_edits.empty_plan(LANGUAGES), preamble=blocks)
    typed = {code: plan_edits.preamble_text(plan, code) for code in LANGUAGES}
    parsed, problems = plan_edits.parse_preamble(typed, LANGUAGES)
    assert problems == [] and parsed == blocks


def test_a_preamble_with_different_paragraph_counts_is_refused() -> None:
    parsed, problems = plan_edits.parse_preamble({"en": "One\nTwo", "ru": "Один"}, LANGUAGES)
    assert parsed == ()
    assert problems == [Refusal(plan_edits.PREAMBLE_COUNTS_DIFFER, {"counts": {"en": 2, "ru": 1}})]
    _blocks, problems = plan_edits.parse_preamble({"en": "• One", "ru": "Один"}, LANGUAGES)
    assert problems == [Refusal(plan_edits.PREAMBLE_BULLET_ONE_LANGUAGE, {"number": 1})]


@settings(max_examples=50)
@given(st.data())
def test_every_edit_of_a_valid_plan_gives_a_valid_plan_or_a_refusal(data: st.DataObject) -> None:
    plan = data.draw(plans().filter(lambda p: bool(p.rows)))
    for _step in range(5):
        if not plan.rows:
            break
        row = data.draw(st.integers(0, len(plan.rows) - 1))
        key = data.draw(st.sampled_from(KEYS))
        edit = data.draw(st.sampled_from(("delete", "move", "merge", "split", "clear", "add")))
        result: Plan | Refusal
        if edit == "delete":
            result = plan_edits.delete_rows(plan, [row])
        elif edit == "move":
            result = plan_edits.move_row(plan, row, data.draw(st.sampled_from((-1, 1))))
        elif edit == "merge" and not plan_edits.is_covered(plan, row, key):
            result = plan_edits.merge_down(plan, row, key)
        elif edit == "split":
            result = plan_edits.split_cell(plan, row, key)
        elif edit == "clear":
            result = plan_edits.clear_cells(plan, [(row, NUMBER_KEY)], "en")
        else:
            result = plan_edits.insert_row(plan, row + 1, Item({}))
        if isinstance(result, Plan):
            # A move may bring a section under one more than a level deeper in hierarchical
            # numbering; that is the one problem an edit may make, and the editor shows it.
            problems = [p for p in result.problems() if not p.field.endswith(".level")]
            assert problems == [], (edit, problems)
            plan = dataclasses.replace(result, numbering="flat")
