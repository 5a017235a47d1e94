"""Qt's own buttons follow the interface language (qtbase_<lang>.qm shipped with PySide6)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.gui.qt_translations import install_qt_translations


@pytest.fixture
def qt_english_afterwards(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_qt_translations(qapp, "en")


def cancel_text(qtbot: QtBot) -> str:
    """The Cancel button's text of a button box created now (Qt translates at creation)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    return box.button(QDialogButtonBox.StandardButton.Cancel).text()


def test_cancel_button_in_russian_then_kazakh_then_english(
    qt_english_afterwards: QApplication, qtbot: QtBot
) -> None:
    app = qt_english_afterwards
    assert cancel_text(qtbot) == "Cancel"

    installed = install_qt_translations(app, "ru")
    assert len(installed) == 1
    assert cancel_text(qtbot) == "Отмена"

    install_qt_translations(app, "kk")
    assert cancel_text(qtbot) == "Бас тарту"

    # Switching back removes the earlier catalogs instead of stacking them.
    assert install_qt_translations(app, "en") == []
    assert cancel_text(qtbot) == "Cancel"
