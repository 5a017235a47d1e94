"""Registers in real SQLite files and PostgreSQL databases (tests/conftest.py), and a small
real PDF renderer standing in for the full one."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from app.domain.note import Note
from app.services.demo import reference_note
from app.services.register import Register


def simple_pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def plain_renderer(note: Note) -> Mapping[str, bytes]:
    """One small PDF per language plus the bound volume, as the rendering service names them."""
    assert note.number is not None
    stem = note.number.file_stem
    files = {
        f"{stem}_{language}.pdf": simple_pdf(f"{note.number} {language} {note.subject}")
        for language in note.languages
    }
    files[f"{stem}_all.pdf"] = simple_pdf(f"{note.number} all")
    return files


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'register.sqlite3'}"


@pytest.fixture
def register(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Register]:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    opened = Register.open(register_url)
    yield opened
    opened.close()


def approved(register: Register, note_id: int) -> int:
    """Record a draft as submitted and approved, as the workflow service would after its checks
    (the register tests are about storage; tests/workflow covers who may do what)."""
    register.set_status(note_id, "submitted")
    register.set_status(note_id, "approved")
    return note_id


def issue_reference(register: Register) -> int:
    """The reference note issued as №PAR/1453."""
    register.ensure_series("PAR", next_running=1453)
    note_id = approved(register, register.save_draft(reference_note()))
    register.issue(note_id, plain_renderer)
    return note_id
