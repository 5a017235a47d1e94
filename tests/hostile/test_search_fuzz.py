"""Hypothesis over search strings (issue 12's hostile suite): whatever is typed into
`register search`, the answer is a list or "nothing found", never a traceback; and a word of a
note, typed with the punctuation, quotes, case and search syntax people put around words, still
finds that note (no silent loss)."""

from __future__ import annotations

import dataclasses
import io
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.domain.parties import Addressee, AddresseeForms
from app.services.demo import reference_note
from app.services.register import Register
from tests.register.conftest import issue_reference

_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
KAZAKH = "әғқңөұүһі"
#: What people and search engines put around a word.
AROUND = ['"', "'", "(", ")", "«", "»", ",", ".", ";", ":", "!", "?", "*", "^", "-", "+",
          "[", "]", "{", "}", "/", "\\", "%", "_", "“", "”", " ", "\t"]  # fmt: skip
#: Search syntax and characters that are not punctuation to the index: "№" folds (NFKC) to
#: "No" and joins the word it touches ("word№" is the word "wordno"), so it is only typed here.
SYNTAX = ["AND", "OR", "NOT", "NEAR", "NEAR(", "body:", "subject:", "*", "^", '"', "(", ")", "№"]

EMBASSY = Addressee(
    key="embassy-mongolia",
    kind="embassy",
    forms={
        language: AddresseeForms("Embassy of Mongolia", "Embassy of Mongolia", "Embassy")
        for language in ("en", "ru", "kk")
    },
)

words = st.text(alphabet=LATIN + CYRILLIC + KAZAKH, min_size=4, max_size=12)
typed_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(SYNTAX + AROUND), words), max_size=8).map(" ".join),
)


def _note_with(register: Register, word: str) -> int:
    note = dataclasses.replace(
        reference_note(),
        note_type="free_text",
        subject=f"Consultations {word} agreed",
        addressee=EMBASSY,
        fields={},
        body={"en": (f"On {word}.",), "ru": ("Текст.",), "kk": ("Мәтін.",)},
    )
    return register.save_draft(note)


@pytest.fixture
def searched(register: Register) -> Register:
    issue_reference(register)
    return register


@_SETTINGS
@given(typed_text)
def test_anything_typed_is_searched_without_an_error(searched: Register, typed: str) -> None:
    found = searched.search(typed, limit=10)
    assert searched.count(typed) >= len(found)
    searched.find_by_number(typed)


@_SETTINGS
@given(
    words,
    st.lists(st.sampled_from(AROUND), max_size=3).map("".join),
    st.lists(st.sampled_from(AROUND), max_size=3).map("".join),
    st.sampled_from([str, str.upper, str.title]),
)
def test_a_word_of_a_note_finds_it_whatever_is_around_it(
    searched: Register, word: str, before: str, after: str, case: object
) -> None:
    note_id = _note_with(searched, word)
    typed = f"{before}{case(word)}{after}"  # type: ignore[operator]
    found = {summary.id for summary in searched.search(typed, limit=10_000)}
    assert note_id in found, typed


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(typed=typed_text.filter(lambda text: text.strip() and "\x00" not in text))
def test_the_command_line_answers_any_search(
    searched: Register,
    typed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["--db", searched.url, "register", "search", "--", typed])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert (code == 1) == (out == "")  # found something, or said that nothing was found
    if code == 1:
        assert err.startswith("nothing found for")
