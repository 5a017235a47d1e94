"""A note in a language its enclosed plan lacks: told in the note editor's list, the plan
enclosed in the languages it has, and the enclosure line counting its pages."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from app.domain.note import Enclosure
from app.domain.plan import Plan
from app.services.demo import reference_note
from app.services.enclosures import plan_language_notices, render_enclosures
from app.services.rendering import render_note_pack


def english_only(plan: Plan) -> Plan:
    return dataclasses.replace(
        plan,
        languages=("en",),
        title={"en": plan.title["en"]},
        columns=tuple(
            dataclasses.replace(column, headers={"en": column.headers["en"]})
            for column in plan.columns
        ),
        preamble=(),
        signatories=(),
        rows=tuple(
            dataclasses.replace(
                row,
                cells={
                    key: dataclasses.replace(cell, texts={"en": cell.texts["en"]})
                    for key, cell in row.cells.items()
                },
            )
            for row in plan.rows
        ),
    )


def test_each_version_whose_language_the_plan_lacks_is_told(reference_plan: Plan) -> None:
    note = dataclasses.replace(reference_note(), enclosures=(Enclosure(plan=reference_plan),))
    assert plan_language_notices(note) == [
        (
            "enclosures[1].plan",
            "kk",
            "Қазақша: the enclosed plan has no Қазақша version; this version of the note "
            "encloses it in English, Русский (add the Қазақша texts in the plan editor to "
            "enclose one)",
        )
    ]


def test_a_russian_note_enclosing_an_english_plan_encloses_it_and_counts_its_pages(
    reference_plan: Plan,
) -> None:
    plan = english_only(reference_plan).validate()
    note = dataclasses.replace(
        reference_note(),
        languages=("ru",),
        enclosures=(dataclasses.replace(reference_note().enclosures[0], pages=None, plan=plan),),
    )
    assert [(field, language) for field, language, _ in plan_language_notices(note)] == [
        ("enclosures[1].plan", "ru")
    ]
    rendered = render_enclosures(note, "PAR-1453", ["ru"])
    assert list(rendered.files) == ["PAR-1453_plan-1_en.pdf"]
    plan_pages = len(PdfReader(io.BytesIO(rendered.files["PAR-1453_plan-1_en.pdf"])).pages)
    assert rendered.total_pages == plan_pages
    pack = render_note_pack(note, archival=False)
    note_text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pack.files["PAR-draft_ru.pdf"])).pages
    )
    assert f"на {plan_pages} л." in note_text
    combined = PdfReader(io.BytesIO(pack.files["PAR-draft_all.pdf"]))
    note_pages = len(PdfReader(io.BytesIO(pack.files["PAR-draft_ru.pdf"])).pages)
    assert len(combined.pages) == note_pages + plan_pages  # the plan travels with the note
