"""A small demo register (the reference note issued as №PAR/1453 plus synthetic notes) and
settings kept in the test's own folder."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from reportlab.pdfgen import canvas

from app.domain.note import Note
from app.services import register as register_service
from app.services.demo import fill_demo
from app.services.register import Register


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def plain_renderer(note: Note) -> Mapping[str, bytes]:
    """One tiny PDF per language, named as the rendering service names them."""
    assert note.number is not None
    stem = note.number.file_stem
    return {f"{stem}_{lang}.pdf": _pdf(f"{note.number} {lang}") for lang in note.languages}


@pytest.fixture(autouse=True)
def qt_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    QCoreApplication.setOrganizationName("VerbaleTests")
    QCoreApplication.setApplicationName("Verbale")
    yield


@pytest.fixture
def demo_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Register]:
    monkeypatch.setattr(register_service, "default_renderer", plain_renderer)
    register = Register.open(f"sqlite:///{tmp_path / 'register.sqlite3'}", upgrade=True)
    fill_demo(register, synthetic=50)
    yield register
    register.close()
