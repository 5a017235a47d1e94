"""The script check (app/domain/scripts.py): a Kazakh text without Kazakh letters reads as
Russian, an English text must hold no Cyrillic; short texts are not judged; the reference
note №PAR/1453 passes."""

from __future__ import annotations

import dataclasses

from app.domain.scripts import MIN_LETTERS, cyrillic_words, looks_russian, script_warnings
from app.paths import resources_dir
from app.services.note_file import load_note

RUSSIAN = "Секретариат свидетельствует своё уважение государствам-членам и имеет честь"
KAZAKH = "Хатшылық мүше мемлекеттерге өзінің құрметін білдіреді және ұсынуды мәртебе санайды"


def test_russian_is_told_from_kazakh_only_when_long_enough() -> None:
    assert looks_russian(RUSSIAN)
    assert not looks_russian(KAZAKH)
    assert not looks_russian("Астана қаласы")  # short, and Kazakh anyway
    short = "Совещание экспертов состоится"
    assert sum(char.isalpha() for char in short) < MIN_LETTERS and not looks_russian(short)
    assert not looks_russian("The meeting takes place on 29 December 2023 in Astana city hall.")


def test_cyrillic_words_in_english_are_named() -> None:
    assert cyrillic_words("The Sеcretariat presents its compliments.") == ["Sеcretariat"]
    assert cyrillic_words("The Secretariat presents its compliments.") == []


def test_the_reference_note_passes_and_a_russian_kazakh_title_is_warned() -> None:
    note = load_note(resources_dir() / "examples" / "par-1453.toml")
    assert script_warnings(note) == []
    fields = {language: dict(values) for language, values in note.fields.items()}
    fields["kk"]["document_title"] = RUSSIAN
    fields["en"]["document_title"] = "Plan оf events"
    found = script_warnings(dataclasses.replace(note, fields=fields))
    assert [(p.field, p.language, p.code) for p in found] == [
        ("fields.document_title", "en", "script_cyrillic_in_english"),
        ("fields.document_title", "kk", "script_not_kazakh"),
    ]
    assert note.problems() == []  # a warning, never a problem that blocks submission
