"""The Action Plan enclosed with note №PAR/1453 renders in English and Russian word for word."""

from __future__ import annotations

import pytest

from app.domain.plan import Cell, Column, Item, Plan
from app.render.plan_pdf import render_plan, render_plan_languages
from tests.plan.conftest import (
    DATA,
    normalise,
    page_texts,
    rejoined,
    without_repeated_headers,
)

HEADERS = {"en": "No. Events Participants", "ru": "№ п/п Мероприятия Участники"}


def test_the_example_file_holds_the_reference_plan(reference_plan: Plan) -> None:
    assert reference_plan.languages == ("en", "ru")
    assert len(reference_plan.rows) == 8
    assert [s.names["en"] for s in reference_plan.signatories] == ["Kairat Sarybay", "Zhang Ming"]
    assert reference_plan.numbers() == tuple(f"{n}." for n in range(1, 9))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_extracted_text_matches_the_reference(reference_plan: Plan, language: str) -> None:
    rendered = render_plan(reference_plan, language)
    pages = page_texts(rendered.pdf)
    assert len(pages) == rendered.pages
    text = without_repeated_headers(pages, HEADERS[language])
    expected = normalise((DATA / f"par-1453-plan_{language}.txt").read_text(encoding="utf-8"))
    # Words hyphenated at the end of a line are whole again in the text a reader copies.
    assert " ".join(rejoined(text.split(), set(expected.split()))) == expected


def test_the_plan_renders_only_in_its_languages(reference_plan: Plan) -> None:
    assert set(render_plan_languages(reference_plan)) == {"en", "ru"}
    with pytest.raises(ValueError, match="kk"):
        render_plan(reference_plan, "kk")


def test_user_text_is_escaped_before_it_reaches_reportlab() -> None:
    tricky = "R&D <draft> & <b>not bold</b> &amp;"
    plan = Plan(
        languages=("en",),
        columns=(Column("events", {"en": "Events <all>"}),),
        rows=(Item({"events": Cell({"en": tricky})}),),
        title={"en": "Plan & <title>"},
    ).validate()
    text = " ".join(page_texts(render_plan(plan, "en").pdf))
    assert text == f"Plan & <title> No. Events <all> 1. {tricky}"


def test_landscape_plans_are_wider_than_tall(reference_plan: Plan) -> None:
    import io
    from dataclasses import replace

    from pypdf import PdfReader

    pdf = render_plan(replace(reference_plan, orientation="landscape"), "en").pdf
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert box.width > box.height
