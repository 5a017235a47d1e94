"""A note's plan enclosures: read from the note's TOML, rendered, pages counted by the rule."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from app.domain.note import Enclosure
from app.domain.plan import Cell, Item, Plan, Section
from app.domain.problems import ValidationError
from app.services.demo import reference_note
from app.services.enclosures import plan_from_toml, plan_page_count, render_enclosures
from tests.plan.conftest import REFERENCE_CSV

INLINE = """
[[enclosures]]
titles = { en = "Plan", ru = "План" }

[enclosures.plan]
languages = ["en", "ru"]
numbering = "hierarchical"
orientation = "landscape"
title = { en = "Plan of action", ru = "План действий" }
number_column = { width = 0.8 }
columns = [
  { key = "events", width = 4, en = "Events", ru = "Мероприятия" },
  { key = "when", width = 1.5, en = "Time", ru = "Срок" },
]
preamble = [
  { kind = "paragraph", en = "The parties agreed:", ru = "Стороны договорились:" },
  { kind = "bullet", en = "to meet;", ru = "встречаться;" },
]

[[enclosures.plan.signatories]]
name = { en = "A. Person", ru = "А. Лицо" }
title = { en = "Director", ru = "Директор" }
date = 2023-11-29

[[enclosures.plan.rows]]
section = { en = "POLITICS", ru = "ПОЛИТИКА" }
level = 1

[[enclosures.plan.rows]]
events = { en = "Meeting", ru = "Встреча" }
when = { en = "Constantly", ru = "Постоянно", rows = 2 }

[[enclosures.plan.rows]]
events = { en = "Seminar", ru = "Семинар" }
"""


def test_an_inline_plan_reads_into_the_domain() -> None:
    table = tomllib.loads(INLINE)["enclosures"][0]["plan"]
    plan = plan_from_toml(table, Path("."))
    assert plan.languages == ("en", "ru")
    assert plan.orientation == "landscape"
    assert plan.numbers() == ("I.", "1.1.", "1.2.")
    assert isinstance(plan.rows[0], Section)
    first = plan.rows[1]
    assert isinstance(first, Item)
    assert first.cells["when"] == Cell({"en": "Constantly", "ru": "Постоянно"}, 2)
    assert plan.signatories[0].date is not None


def test_a_plan_file_is_found_relative_to_the_note(tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_bytes(REFERENCE_CSV.read_bytes())
    plan = plan_from_toml("plan.csv", tmp_path)
    assert len(plan.rows) == 8


def test_inline_plan_problems_are_all_reported_with_their_place() -> None:
    table = tomllib.loads(INLINE)["enclosures"][0]["plan"]
    table["title"] = {"en": "Only English"}
    table["rows"][2]["who"] = {"en": "x"}
    table["languages"] = ["en", "ru"]
    with pytest.raises(ValidationError) as caught:
        plan_from_toml(table, Path("."), "enclosures[1].plan")
    report = str(caught.value)
    assert "enclosures[1].plan.rows[3].who: is not a column of the plan" in report
    assert "enclosures[1].plan.title [ru]: is missing" in report
    with pytest.raises(ValidationError, match="does not exist"):
        plan_from_toml("missing.csv", Path("."))


def test_the_page_count_rule() -> None:
    pages = {"en": 3, "ru": 4}
    assert plan_page_count(pages) == 4  # default: the maximum over the plan's languages
    assert plan_page_count(pages, "en") == 3  # the sender counts one language
    assert plan_page_count(pages, "kk") == 4  # ... which this plan lacks: the maximum
    assert plan_page_count(pages, "all") == 7  # every version together
    assert plan_page_count({}) == 0


def test_the_reference_note_with_its_plan_counts_the_rendered_pages(
    reference_plan: Plan,
) -> None:
    note = reference_note()
    computed = dataclasses.replace(
        note,
        enclosures=(dataclasses.replace(note.enclosures[0], pages=None, plan=reference_plan),),
    )
    assert computed.problems() == []
    rendered = render_enclosures(computed, "PAR-1453")
    assert list(rendered.files) == ["PAR-1453_plan-1_en.pdf", "PAR-1453_plan-1_ru.pdf"]
    assert rendered.pages == ({"en": 2, "ru": 2},)
    assert rendered.total_pages == 2
    assert render_enclosures(computed, "PAR-1453", count_rule="all").total_pages == 4
    assert len(rendered.files_for("ru")) == 1

    # The Kazakh version alone encloses the plan in the languages it has (it has no kk).
    only_kk = render_enclosures(computed, "PAR-1453", languages=["kk"])
    assert list(only_kk.files) == ["PAR-1453_plan-1_en.pdf", "PAR-1453_plan-1_ru.pdf"]
    assert only_kk.total_pages == 2

    typed = dataclasses.replace(
        computed, enclosures=(dataclasses.replace(computed.enclosures[0], pages=6),)
    )
    assert render_enclosures(typed, "PAR-1453").total_pages == 6  # the typed override wins


def test_a_note_reports_its_plans_problems(reference_plan: Plan) -> None:
    broken = dataclasses.replace(reference_plan, title={"en": "x"})
    note = dataclasses.replace(reference_note(), enclosures=(Enclosure(plan=broken),))
    fields = {(problem.field, problem.language) for problem in note.problems()}
    assert ("enclosures[1].plan.title", "ru") in fields
