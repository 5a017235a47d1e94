"""The parallel-text consistency check, read as an officer would read its messages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.domain.consistency import Discrepancy, find_discrepancies
from app.domain.note import Note
from app.services.note_file import load_note

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "par-1453.toml"


@pytest.fixture(scope="module")
def reference() -> Note:
    return load_note(EXAMPLE)


def with_body(note: Note, **body: tuple[str, ...]) -> Note:
    return dataclasses.replace(note, body=body)


def test_the_reference_note_has_no_discrepancies(reference: Note) -> None:
    assert reference.enclosures[0].plan is not None  # the plan is checked too
    assert find_discrepancies(reference, {"en": 6, "ru": 6, "kk": 6}) == []


def test_a_russian_date_a_day_off_is_one_discrepancy_naming_both_places(reference: Note) -> None:
    note = with_body(
        reference,
        en=("The Plan was agreed.", "Objections are awaited by 29 December at the latest."),
        ru=("План согласован.", "Возражения ожидаются не позднее 30 декабря 2023 года."),
        kk=("Жоспар келісілді.", "Қарсылықтар 2023 жылғы 29 желтоқсаннан кешіктірмей күтіледі."),
    )
    found = find_discrepancies(note)
    assert [d.kind for d in found] == ["date"]
    (discrepancy,) = found
    assert "30 декабря 2023" in discrepancy.message
    assert "29 December" in discrepancy.message
    assert "ru body ¶2" in discrepancy.message
    assert "en body ¶2" in discrepancy.message
    assert {(p.language, p.field, p.paragraph) for p in discrepancy.places} >= {
        ("ru", "body", 2),
        ("en", "body", 2),
    }


def only(found: list[Discrepancy]) -> Discrepancy:
    assert len(found) == 1, [d.message for d in found]
    return found[0]
