"""The Plan itself: numbering modes and validation that names field, row, column and language."""

from __future__ import annotations

import pytest

from app.domain.plan import Cell, Column, Item, Plan, PlanProblem, Section
from app.domain.problems import ValidationError

EVENTS = (Column("events", {"en": "Events", "ru": "Мероприятия"}),)


def item(text: str = "x", number: str = "") -> Item:
    return Item({"events": Cell({"en": text, "ru": text})}, number)


def section(level: int, number: str = "") -> Section:
    return Section({"en": "S", "ru": "С"}, level, number)


def plan(*rows: Item | Section, numbering: str = "flat") -> Plan:
    return Plan(
        languages=("en", "ru"),
        columns=EVENTS,
        rows=rows,
        title={"en": "T", "ru": "Т"},
        numbering=numbering,  # type: ignore[arg-type]
    )


def test_flat_numbering_counts_items_only() -> None:
    numbers = plan(item(), section(1, "I."), item(), item()).numbers()
    assert numbers == ("1.", "I.", "2.", "3.")


def test_hierarchical_numbering_follows_sections() -> None:
    rows = (
        item(),
        section(1),
        item(),
        section(2),
        item(),
        item(),
        section(3),
        item(),
        section(2),
        item(),
        section(1),
        section(2),
        item(),
    )
    assert plan(*rows, numbering="hierarchical").numbers() == (
        "1.",
        "I.",
        "1.1.",
        "1.2.",
        "1.2.1.",
        "1.2.2.",
        "1.2.3.",
        "1.2.3.1.",
        "1.3.",
        "1.3.1.",
        "II.",
        "2.1.",
        "2.1.1.",
    )


def test_hierarchical_numbers_reach_two_digits() -> None:
    rows = [section(1), section(2), section(1), section(2), section(2)]
    rows += [item() for _ in range(11)]
    numbers = plan(*rows, numbering="hierarchical").numbers()
    assert numbers[-1] == "2.2.11."


def test_typed_numbering_prints_what_was_typed() -> None:
    assert plan(
        item(number="1)"), section(1, "A."), item(number="1a)"), numbering="typed"
    ).numbers() == (
        "1)",
        "A.",
        "1a)",
    )


def test_validation_reports_every_problem_with_row_column_and_language() -> None:
    bad = Plan(
        languages=("en", "ru"),
        columns=(Column("events", {"en": "Events"}), Column("number", {"en": "N", "ru": "Н"})),
        rows=(
            Item({"events": Cell({"en": "a", "ru": "а"}, rowspan=3)}),
            Item({"events": Cell({"en": "b", "ru": "б"})}),
            Section({"en": "S"}, level=2),
            Item({"when": Cell({"en": "c\x07"})}),
        ),
        title={"en": "T"},
        numbering="hierarchical",
    )
    with pytest.raises(ValidationError) as caught:
        bad.validate()
    found = {
        (p.field, p.language, getattr(p, "row", None), getattr(p, "column", None))
        for p in caught.value.problems
    }
    assert ("title", "ru", None, None) in found
    assert ("columns.events.header", "ru", None, "events") in found
    assert ("columns", None, None, "number") in found
    assert ("rows[2].events", None, 2, "events") in found  # covered by the span above
    assert ("rows[3]", None, 3, "events") in found  # span runs into a section
    assert ("rows[3].level", None, 3, None) in found  # level 2 without a level 1
    assert ("rows[3].title", "ru", 3, None) in found
    assert ("rows[4].when", None, 4, "when") in found  # not a column
    assert ("rows[4].when", "en", 4, "when") in found  # control character
    assert all(isinstance(p, PlanProblem) for p in caught.value.problems)
    assert "rows[4].when [en]: contains the control or unassigned character U+0007" in str(
        caught.value
    )


def test_a_plan_may_exist_in_a_subset_of_languages() -> None:
    only_english = Plan(
        languages=("en",),
        columns=(Column("events", {"en": "Events"}),),
        rows=(Item({"events": Cell({"en": "x"})}),),
        title={"en": "T"},
    )
    assert only_english.validate() is only_english
