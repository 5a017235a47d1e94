"""The drafting service: composed text while typing, one-language preview, recovery copies."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.note import Note
from app.domain.problems import ValidationError
from app.paths import resources_dir
from app.services import drafting
from app.services.note_file import load_note
from app.services.register import Register


@pytest.fixture(scope="module")
def reference() -> Note:
    return load_note(resources_dir() / "examples" / "par-1453.toml")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))


def test_composed_text_reads_like_the_reference_with_the_officers_fields_marked(
    reference: Note,
) -> None:
    draft = drafting.compose_draft(reference, "ru")
    first = draft.paragraph_texts()[0]
    assert first.startswith(
        "Секретариат Совещания по взаимодействию и мерам доверия в Азии (СВМДА)"
    )
    assert "проект Плана мероприятий по реализации Меморандума" in first
    assert "не позднее 29 декабря 2023 года" in draft.paragraph_texts()[1]
    marked = {seg.field: seg.text for seg in draft.paragraphs[0] if seg.field}
    assert marked["fields.document_short"] == "План"
    assert draft.closing[0] == "город Астана, 29 ноября 2023 года"
    assert "№PAR/1453" in draft.heading
    assert "на … л." in draft.heading  # the plan's pages are counted when it is rendered
    typed = replace(reference, enclosures=(replace(reference.enclosures[0], pages=6),))
    assert "на 6 л." in drafting.compose_draft(typed, "ru").heading


def test_an_incomplete_note_composes_with_placeholders(reference: Note) -> None:
    fields = {"en": dict(reference.fields["en"]), "kk": {}}
    draft_note = replace(reference, fields=fields, objection_deadline=None)
    kk = drafting.compose_draft(draft_note, "kk")
    text = kk.plain_text()
    assert "[Draft document]" in text
    assert "[objection deadline]" in text
    assert "1901" not in text
    missing = {seg.field for para in kk.paragraphs for seg in para if seg.missing}
    assert {"fields.document_title", "objection_deadline"} <= missing
    en = drafting.compose_draft(draft_note, "en")
    assert "the draft Action Plan for the Implementation" in en.plain_text()


def test_preview_pdf_is_one_language_and_ignores_other_languages_gaps(reference: Note) -> None:
    note = replace(reference, fields={"kk": dict(reference.fields["kk"])})
    data = drafting.preview_pdf(note, "kk")
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "Азиядағы өзара іс-қимыл" in text
    with pytest.raises(ValidationError) as refused:
        drafting.preview_pdf(replace(reference, objection_deadline=None), "en")
    assert "deadline" in str(refused.value)


def test_save_pdfs_writes_the_pack(reference: Note, tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    written = drafting.save_pdfs(reference, tmp_path / "out", lambda d, t: steps.append((d, t)))
    names = sorted(path.name for path in written)
    assert "PAR-1453_kk.pdf" in names and "PAR-1453_all.pdf" in names
    assert steps[-1] == (2, 2)


def test_recovery_copy_round_trips_with_its_plan(reference: Note) -> None:
    path = drafting.recovery_path(None, "abc")
    drafting.write_recovery(path, replace(reference, subject="typed just now"), None)
    found = drafting.find_recovery(None)
    assert found is not None
    assert found.note.subject == "typed just now"
    assert found.note.enclosures[0].plan is not None
    assert found.note.field_text("kk", "document_short") == "Жоспар"
    drafting.remove_recovery(found.path)
    assert drafting.find_recovery(None) is None


def test_new_note_and_addressee_search_use_the_shipped_directory(tmp_path: Path) -> None:
    register = Register.open(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    try:
        note = drafting.new_note(register)
        assert note.languages == ("en", "ru", "kk")
        assert note.sender.names["en"].city == "Astana"
        found = drafting.find_addressees(register, "member")
        assert any(item.key == "cica-member-states" for item in found)
        assert drafting.find_addressees(register, "no such addressee") == []
    finally:
        register.close()


def test_placeholders_read_in_the_interface_language(reference: Note) -> None:
    from app.i18n.messages import set_ui_language

    draft_note = replace(reference, fields={"en": {}, "ru": {}, "kk": {}}, objection_deadline=None)
    set_ui_language("ru")
    try:
        text = drafting.compose_draft(draft_note, "kk").plain_text()
    finally:
        set_ui_language("en")
    assert "[Draft document]" not in text and "[objection deadline]" not in text
    assert "[Құжат жобасы]" not in text  # the interface language, not the pane's
    assert "[Проект документа]" in text
    assert "[срок для возражений]" in text
