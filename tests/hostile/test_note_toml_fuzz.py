"""Hypothesis over note TOML (issue 12's hostile suite): any value of any type put anywhere in
a note, and any text given as a note file, gives a note or a ValidationError naming fields —
never another exception, never a Python repr in a message, and never text silently left out."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.note import Note
from app.domain.problems import ValidationError
from app.services.note_file import load_note, note_from_mapping

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = (EXAMPLES / "par-1453.toml").read_text(encoding="utf-8")
BASE = tomllib.loads(EXAMPLE)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
#: Where a value is put: the note's own keys, inside its tables and lists, and keys nobody reads.
PLACES = [
    ("subject",),
    ("number",),
    ("series",),
    ("note_type",),
    ("languages",),
    ("date",),
    ("objection_deadline",),
    ("sender",),
    ("addressee",),
    ("enclosures",),
    ("enclosures", 0, "pages"),
    ("enclosures", 0, "title"),
    ("enclosures", 0, "title", "en"),
    ("enclosures", 0, "plan"),
    ("fields",),
    ("fields", "en"),
    ("fields", "ru", "document_title"),
    ("fields", "kk", "approving_body"),
    ("body",),
    ("body", "en"),
    ("body", "ru"),
    ("bodyy",),
    ("fields", "en", "not_a_field"),
    ("enclosures", 0, "pagez"),
]
#: Places where a text is the note's text: when the note is read, it must hold that text.
TEXT_PLACES = {
    ("subject",): lambda note: note.subject,
    ("enclosures", 0, "title", "en"): lambda note: note.enclosures[0].titles.get("en"),
    ("fields", "ru", "document_title"): lambda note: note.fields["ru"]["document_title"],
    ("fields", "kk", "approving_body"): lambda note: note.fields["kk"]["approving_body"],
}
UNKNOWN_PLACES = {("bodyy",), ("fields", "en", "not_a_field"), ("enclosures", 0, "pagez")}


def _put(raw: dict[str, Any], place: tuple[str | int, ...], value: Any) -> None:
    target: Any = raw
    for step in place[:-1]:
        target = target[step] if not isinstance(target, dict) else target.setdefault(step, {})
    target[place[-1]] = value


def _reads_or_names_fields(raw: dict[str, Any], value: Any) -> Note | None:
    try:
        return note_from_mapping(raw, EXAMPLES).validate()
    except ValidationError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.field and problem.message.strip()
            if isinstance(value, list | dict) and value:
                assert repr(value) not in problem.message  # told by its kind, never its repr
        return None


@_SETTINGS
@given(st.sampled_from(PLACES), toml_values)
def test_any_value_anywhere_reads_or_names_its_field(
    place: tuple[str | int, ...], value: Any
) -> None:
    raw = copy.deepcopy(BASE)
    _put(raw, place, value)
    note = _reads_or_names_fields(raw, value)
    if note is None:
        return
    assert place not in UNKNOWN_PLACES, "a key nobody reads was accepted"
    if place in TEXT_PLACES:
        assert isinstance(value, str) and TEXT_PLACES[place](note) == value  # kept as typed


@_SETTINGS
@given(st.lists(st.one_of(st.text(max_size=30), toml_values), min_size=1, max_size=5))
def test_body_paragraphs_are_kept_or_refused(paragraphs: list[Any]) -> None:
    raw = copy.deepcopy(BASE)
    raw.update(note_type="free_text", fields={}, enclosures=[])
    raw.pop("objection_deadline")
    raw["body"] = {"en": paragraphs, "ru": ["Текст."], "kk": ["Мәтін."]}
    note = _reads_or_names_fields(raw, paragraphs)
    if note is not None:
        assert list(note.body["en"]) == paragraphs  # every paragraph, as typed, in order


TOML_PIECES = st.sampled_from(
    ["[", "]", "{", "}", "=", '"', "'", '"""', ",", "\n", "[[", "]]", ".", "#", "\\u00e9",
     "body", "en", "subject", "date", "1979-05-27", "07:32:00", "true", "12345", "-1e9",
     "inf", "nan", " "]
)  # fmt: skip


@_SETTINGS
@given(st.lists(st.one_of(TOML_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_any_file_reads_or_names_its_problems(tmp_path_factory: Any, text: str) -> None:
    folder = tmp_path_factory.mktemp("note")
    path = folder / "note.toml"
    path.write_text(EXAMPLE + "\n" + text, encoding="utf-8", errors="surrogatepass")
    try:
        load_note(path)
    except ValidationError as error:
        assert error.problems and all(problem.field for problem in error.problems)


def test_a_far_future_date_reads_without_overflow() -> None:
    raw = copy.deepcopy(BASE)
    raw.update(date=dt.date(9999, 12, 30), objection_deadline=dt.date(9999, 12, 31))
    assert note_from_mapping(raw, EXAMPLES).validate().objection_deadline == dt.date.max
