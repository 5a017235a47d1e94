"""Full-text search over every language version: prefixes, Cyrillic case, ё and е, any input."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.parties import Addressee, AddresseeForms
from app.services.demo import reference_note
from app.services.register import Register, SearchFilters
from tests.register.conftest import issue_reference

EMBASSY = Addressee(
    key="embassy-mongolia",
    kind="embassy",
    forms={
        language: AddresseeForms("Embassy of Mongolia", "Embassy of Mongolia", "Embassy")
        for language in ("en", "ru", "kk")
    },
)


def _free_text(register: Register, subject: str, ru: str) -> int:
    note = dataclasses.replace(
        reference_note(),
        note_type="free_text",
        subject=subject,
        addressee=EMBASSY,
        fields={},
        body={"en": (subject,), "ru": (ru,), "kk": ("мәтін",)},
    )
    return register.save_draft(note)


def test_kazakh_word_prefix_and_cyrillic_case(register: Register) -> None:
    issue_reference(register)
    _free_text(register, "Unrelated", "Совсем другое")
    assert [s.number for s in register.search("кеңес")] == ["PAR/1453"]
    assert [s.number for s in register.search("секретариат")] == ["PAR/1453"]
    assert [s.number for s in register.search("СЕКРЕТАРИАТ")] == ["PAR/1453"]
    assert [s.number for s in register.search("Шанхай ынтымақ")] == ["PAR/1453"]


def test_yo_and_ye_find_each_other(register: Register) -> None:
    with_yo = _free_text(register, "Note one", "Всё ещё обсуждается объём работ")
    with_ye = _free_text(register, "Note two", "Утвержден Петр Елкин")
    assert [s.id for s in register.search("объем")] == [with_yo]
    assert [s.id for s in register.search("ОБЪЁМ")] == [with_yo]
    assert [s.id for s in register.search("Пётр")] == [with_ye]
    assert [s.id for s in register.search("ёлкин")] == [with_ye]


def test_the_best_match_comes_first(register: Register) -> None:
    often = _free_text(
        register,
        "Consultations on consultations",
        "Консультации о консультациях; консультации продолжатся, консультации важны",
    )
    # Newer (a higher id, the same date): without ranking it would come first.
    once = _free_text(
        register,
        "A long note on many other matters of the secretariat and its member states",
        "Длинная записка о многих других делах секретариата, в которой одна консультация",
    )
    assert [s.id for s in register.search("консультац")] == [often, once]
    assert [s.id for s in register.search("консультац", sort="-id")] == [once, often]


def test_every_word_must_match(register: Register) -> None:
    first = _free_text(register, "Energy security", "энергетика")
    _free_text(register, "Food security", "продовольствие")
    assert [s.id for s in register.search("security energ")] == [first]


def test_filters_narrow_the_text_search(register: Register) -> None:
    issue_reference(register)
    draft = _free_text(register, "Секретариат draft", "секретариат")
    assert {s.id for s in register.search("секретариат")} == {1, draft}
    assert [s.id for s in register.search("секретариат", SearchFilters(statuses=("draft",)))] == [
        draft
    ]


def test_a_prefix_finds_every_word_it_starts_however_many(register: Register) -> None:
    # PostgreSQL looks a prefix up in its list of words (0014), and asks a prefix of more
    # than 32 words as a prefix: both find every note, as SQLite's FTS5 does.
    items = _free_text(register, "Numbered items", " ".join(f"пункт{i:02d}" for i in range(40)))
    other = _free_text(register, "Punctuality", "пунктуальность")
    assert {s.id for s in register.search("пункт")} == {items, other}
    assert [s.id for s in register.search("пункт3")] == [items]
    assert [s.id for s in register.search("пункт39 numbered")] == [items]
    assert [s.id for s in register.search("ПУНКТУАЛ")] == [other]
    assert register.search("пункт4") == []
    assert register.count("пункт") == 2


def test_the_words_of_a_redrafted_note_are_found(register: Register) -> None:
    draft = _free_text(register, "First wording", "черновик")
    note = dataclasses.replace(
        register.load(draft).note,
        subject="Second wording",
        body={"en": ("Second wording",), "ru": ("переработанный текст",), "kk": ("мәтін",)},
    )
    register.save_draft(note, note_id=draft)
    assert [s.id for s in register.search("переработ")] == [draft]
    assert register.search("черновик") == []


HOSTILE = [
    '"',
    '""',
    "AND(",
    "OR",
    "NOT",
    "*",
    "-",
    "^",
    "NEAR(a b)",
    "a AND (b",
    'body:"x',
    "-секретариат",
    "^кеңес*",
    "\x00",
    "'; DROP TABLE notes; --",
    "%_\\",
    "№",
    "/",
    "PAR/",
    "1453" * 30,
    "9" * 40,
    "{body}: x",
    "a:b",
    "\u0301\u0308",
]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60)))
def test_hostile_input_never_raises(register: Register, typed: str) -> None:
    found = register.search(typed, limit=5)
    assert register.count(typed) >= len(found)
    register.find_by_number(typed)
