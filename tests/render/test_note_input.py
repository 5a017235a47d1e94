"""What officers feed the renderer: alphabets, hostile text, and bad input with clear errors."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.cli import main as cli_main
from app.domain.problems import ValidationError
from app.services.note_file import load_note, note_from_mapping
from app.services.rendering import render_note_pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "par-1453.toml"

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
KAZAKH = RUSSIAN + "әғқңөұүһі"


def example() -> dict:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def free_text_note(paragraphs: dict[str, list[str]]):
    raw = example()
    raw.update(note_type="free_text", body=paragraphs, fields={}, enclosures=[])
    raw.pop("objection_deadline")
    return note_from_mapping(raw, ROOT / "examples")


def extracted(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "note.pdf"
    path.write_bytes(data)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_letter_upper_and_lower_case_comes_back(language: str, tmp_path: Path) -> None:
    alphabet = KAZAKH if language == "kk" else RUSSIAN
    words = [alphabet, alphabet.upper(), " ".join(alphabet), " ".join(alphabet.upper())]
    note = free_text_note({code: words for code in ("en", "ru", "kk")})
    pack = render_note_pack(note, [language])
    text = extracted(pack.files[f"PAR-1453_{language}.pdf"], tmp_path)
    for word in words:
        assert word in text


def test_markup_characters_are_printed_not_swallowed(tmp_path: Path) -> None:
    hostile = "R&D <draft> \"quoted\" 'single' <b>not bold</b> &amp; a&b"
    note = free_text_note({code: [hostile] for code in ("en", "ru", "kk")})
    text = extracted(render_note_pack(note, ["en"]).files["PAR-1453_en.pdf"], tmp_path)
    assert hostile in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from([*list("&<>\"' ;/=#xyzАәҒқ-–\n"), "🙂", "\u200b"]),
            min_size=1,
            max_size=80,
        ),
        min_size=1,
        max_size=30,
    )
)
def test_hostile_text_renders_or_is_refused_clearly(paragraphs: list[str]) -> None:
    note_paragraphs = {code: paragraphs for code in ("en", "ru", "kk")}
    try:
        note = free_text_note(note_paragraphs)
        pack = render_note_pack(note, ["en"])
    except ValidationError as error:
        assert error.problems and all(problem.field for problem in error.problems)
        return
    import io

    reader = PdfReader(io.BytesIO(pack.files["PAR-1453_en.pdf"]))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    for paragraph in paragraphs:
        # Invisible format characters (zero-width space) print nothing and extract as nothing.
        visible = "".join(c for c in paragraph if unicodedata.category(c) != "Cf")
        assert re.sub(r"\s+", "", visible) in text


def test_emoji_is_refused_naming_field_and_language() -> None:
    note = free_text_note({"en": ["Hello 🙂"], "ru": ["Привет"], "kk": ["Сәлем"]})
    with pytest.raises(ValidationError) as caught:
        render_note_pack(note)
    (problem,) = caught.value.problems
    assert problem.field == "body[1]" and problem.language == "en"
    assert "U+1F642" in problem.message


def test_very_long_word_and_thirty_paragraphs_render(tmp_path: Path) -> None:
    long_word = "Азиядағыөзараісқимыл" * 30
    paragraphs = [f"Paragraph {n}. {long_word}" for n in range(1, 31)]
    note = free_text_note({code: paragraphs for code in ("en", "ru", "kk")})
    pack = render_note_pack(note, ["kk"])
    reader = PdfReader(__import__("io").BytesIO(pack.files["PAR-1453_kk.pdf"]))
    assert len(reader.pages) > 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Paragraph 30." in text and "– 2 –" in text


def test_bad_input_lists_every_problem(tmp_path: Path) -> None:
    raw = example()
    raw["number"] = "PAR/abc"
    raw["note_type"] = "telegram"
    raw["objection_deadline"] = "2023-11-01"
    del raw["fields"]["kk"]
    with pytest.raises(ValidationError) as caught:
        note_from_mapping(raw, ROOT / "examples")
    fields = {problem.field for problem in caught.value.problems}
    assert {"number", "note_type", "objection_deadline"} <= fields


def test_missing_language_text_names_field_and_language() -> None:
    raw = example()
    raw["fields"]["kk"]["approving_body"] = "  "
    with pytest.raises(ValidationError) as caught:
        note_from_mapping(raw, ROOT / "examples").validate()
    assert [(p.field, p.language) for p in caught.value.problems] == [
        ("fields.approving_body", "kk")
    ]


def test_deadline_before_note_date_is_refused() -> None:
    note = load_note(EXAMPLE)
    late = dataclasses.replace(note, objection_deadline=note.date.replace(day=1))
    with pytest.raises(ValidationError, match="objection_deadline"):
        late.validate()


def test_unreadable_toml_fails_cleanly_and_writes_nothing(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("note_type = [unclosed", encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["render", str(bad), "--out", str(out)]) == 2
    assert "not valid TOML" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())
