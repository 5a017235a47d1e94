"""The main window driven offscreen: search by number, Ctrl+F, the model's contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.gui.main_window import MainWindow
from app.gui.register_model import (
    COL_DEADLINE,
    COL_NUMBER,
    COL_SUBJECT,
    NoteIdRole,
    RegisterModel,
)
from app.services.register import Register


def _window(qtbot: QtBot, register: Register, *, size: bool = True) -> MainWindow:
    window = MainWindow(register)
    qtbot.addWidget(window)
    if size:
        window.resize(1200, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _number(window: MainWindow, row: int) -> str:
    return str(window.model.index(row, COL_NUMBER).data())


def test_model_contract(qtmodeltester: ModelTester, demo_register: Register) -> None:
    model = RegisterModel(demo_register, page_size=20)
    assert model.rowCount() == 20
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 40
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == model.total() == 51
    qtmodeltester.check(model)
    model.set_query("1453")
    qtmodeltester.check(model)
    assert model.index(0, COL_NUMBER).data() == "№PAR/1453"
    assert isinstance(model.index(0, COL_NUMBER).data(NoteIdRole), int)


def test_deadline_colours(demo_register: Register) -> None:
    model = RegisterModel(demo_register, today=lambda: dt.date(2023, 12, 25))
    model.set_query("1453")
    index = model.index(0, COL_DEADLINE)
    assert index.data() == "2023-12-29"
    near = index.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(near, QBrush)
    later = RegisterModel(demo_register, today=lambda: dt.date(2024, 1, 5))
    later.set_query("1453")
    overdue = later.index(0, COL_SUBJECT).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(overdue, QBrush)
    assert overdue.color() != near.color()
    early = RegisterModel(demo_register, today=lambda: dt.date(2023, 11, 30))
    early.set_query("1453")
    assert early.index(0, COL_DEADLINE).data(Qt.ItemDataRole.BackgroundRole) is None


def test_search_1453_first_row(qtbot: QtBot, demo_register: Register, tmp_path: Path) -> None:
    window = _window(qtbot, demo_register)
    assert window.model.rowCount() == 51
    qtbot.keyClicks(window.search_field, "1453")
    qtbot.waitUntil(lambda: _number(window, 0) == "№PAR/1453", timeout=3000)
    assert window.model.query == "1453"
    assert "1453" in window.count_label.text()
    # The first row is selected and its details are shown.
    qtbot.waitUntil(lambda: "PAR/1453" in window.details.toPlainText(), timeout=3000)
    assert "Action Plan" in window.details.toPlainText()
    assert window.grab().save(str(tmp_path / "main-window.png"))


def test_full_text_search(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    qtbot.keyClicks(window.search_field, "silence procedure")
    qtbot.waitUntil(lambda: window.model.query == "silence procedure", timeout=3000)
    assert 0 < window.model.rowCount() < 51


def test_ctrl_f_focuses_search(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    window.table.setFocus()
    qtbot.waitUntil(lambda: window.table.hasFocus(), timeout=2000)
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search_field.hasFocus(), timeout=2000)


def test_about_and_geometry(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    about = window.about_text()
    assert "0." in about and "register.sqlite3" in about
    window.resize(700, 500)
    window.close()
    again = _window(qtbot, demo_register, size=False)
    assert (again.width(), again.height()) == (700, 500)


def test_main_starts_and_quits(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.main import main

    def quit_soon() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        assert windows and windows[0].model.total() == 0
        for window in windows:
            window.close()
        QApplication.quit()

    QTimer.singleShot(200, quit_soon)
    assert main(f"sqlite:///{tmp_path / 'fresh.sqlite3'}") == 0
    assert (tmp_path / "fresh.sqlite3").exists()
