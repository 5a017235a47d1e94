"""A small demo register (the reference note issued as №PAR/1453 by the real rendering service,
plus synthetic notes) and
settings kept in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from app.i18n.messages import set_ui_language
from app.services.demo import fill_demo
from app.services.register import Register


@pytest.fixture(autouse=True)
def qt_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    QCoreApplication.setOrganizationName("VerbaleTests")
    QCoreApplication.setApplicationName("Verbale")
    yield
    set_ui_language("en")  # a test that switched the interface language leaves English behind


@pytest.fixture
def demo_register(tmp_path: Path) -> Iterator[Register]:
    register = Register.open(f"sqlite:///{tmp_path / 'register.sqlite3'}", upgrade=True)
    fill_demo(register, synthetic=50)
    yield register
    register.close()
