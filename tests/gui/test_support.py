"""When something goes wrong: the traceback in the user's log file, a readable dialog with
"Copy details" and the log's path, from the GUI thread and from a worker thread alike."""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.gui.support import ErrorDialog, Support, log_file
from app.i18n.messages import set_ui_language


@pytest.fixture
def support(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Support]:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    installed = Support()
    installed.install()
    yield installed
    installed.uninstall()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ErrorDialog):
            widget.close()
            widget.deleteLater()


def error_dialogs() -> list[ErrorDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, ErrorDialog) and widget.isVisible()
    ]


def raise_and_hook(message: str) -> None:
    try:
        raise RuntimeError(message)
    except RuntimeError:
        sys.excepthook(*sys.exc_info())


def test_the_log_is_in_the_users_log_folder(support: Support, tmp_path: Path) -> None:
    assert support.log_path == log_file() == tmp_path / "data" / "logs" / "verbale.log"
    assert sys.excepthook != sys.__excepthook__
    assert threading.excepthook is not threading.__excepthook__
    assert faulthandler.is_enabled()
    assert (tmp_path / "data" / "logs" / "crashes.log").is_file()


def test_an_error_is_logged_and_said(qtbot: QtBot, support: Support) -> None:
    raise_and_hook("the printer vanished")
    logged = support.log_path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: the printer vanished" in logged
    assert "raise_and_hook" in logged
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5_000)
    dialog = error_dialogs()[0]
    shown = dialog.message.text()
    assert "the printer vanished" in shown
    assert str(support.log_path) in shown
    assert "Traceback" not in shown  # the officer reads words; the traceback is folded away
    assert not dialog.details.isVisible()
    dialog.show_details.click()
    assert dialog.details.isVisible() and "RuntimeError" in dialog.details.toPlainText()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert str(support.log_path) in copied
    assert "RuntimeError: the printer vanished" in copied
    assert dialog.isVisible(), "copying does not close the dialog"


def test_an_error_on_a_worker_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Installed here, not by the fixture: an older pytest (8.2, the floor) puts its own
    # threading.excepthook back around each phase of a test, so a hook from the set-up phase
    # would be gone by now.
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    support = Support()
    support.install()

    def fail() -> None:
        raise ValueError("no such register row")

    try:
        worker = threading.Thread(target=fail, name="search")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5_000)
        assert "no such register row" in error_dialogs()[0].message.text()
        logged = support.log_path.read_text(encoding="utf-8")
        assert "in thread search" in logged and "ValueError: no such register row" in logged
    finally:
        support.uninstall()
        for dialog in error_dialogs():
            dialog.close()


def test_errors_in_a_row_make_one_dialog(qtbot: QtBot, support: Support) -> None:
    raise_and_hook("first")
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5_000)
    raise_and_hook("second")
    qtbot.waitUntil(lambda: "second" in error_dialogs()[0].message.text(), timeout=5_000)
    assert len(error_dialogs()) == 1


def test_the_dialog_in_russian_and_kazakh(qtbot: QtBot, support: Support) -> None:
    set_ui_language("ru")
    raise_and_hook("x")
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5_000)
    russian = error_dialogs()[0]
    assert "журнал" in russian.message.text() and "did not expect" not in russian.message.text()
    assert russian.copy_button.text() == "&Скопировать подробности"
    russian.close()
    set_ui_language("kk")
    raise_and_hook("y")
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5_000)
    kazakh = error_dialogs()[0]
    assert "журнал" in kazakh.message.text() and "did not expect" not in kazakh.message.text()


def test_a_log_opened_after_the_first_rows_keeps_what_came_before(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # app.main opens the log file once the first rows are painted: nothing before is lost.
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    logs = tmp_path / "data" / "logs"
    support = Support()
    support.install(log_file_later=True)
    try:
        logging.getLogger("verbale.start").info("the register listed from the file")
        raise_and_hook("the printer vanished before the first rows")
        qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5_000)
        assert str(logs / "verbale.log") in error_dialogs()[0].message.text()
        assert not (logs / "verbale.log").exists()
        assert faulthandler.is_enabled()  # a hard crash meanwhile is dumped on stderr
        support.open_log()
        support.open_log()  # once
        logged = (logs / "verbale.log").read_text(encoding="utf-8")
        assert logged.count("the register listed from the file") == 1
        assert "RuntimeError: the printer vanished before the first rows" in logged
        assert (logs / "crashes.log").is_file()
        logging.getLogger("verbale.start").info("after the first rows")
        assert "after the first rows" in (logs / "verbale.log").read_text(encoding="utf-8")
    finally:
        support.uninstall()
        for dialog in error_dialogs():
            dialog.close()


def test_what_was_logged_before_a_log_never_opened_is_written_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The officer closed the login dialog: no window, no first rows, the log written anyway.
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    support = Support()
    support.install(log_file_later=True)
    logging.getLogger("verbale.start").warning("the register is read only")
    support.uninstall()
    logged = (tmp_path / "data" / "logs" / "verbale.log").read_text(encoding="utf-8")
    assert "WARNING verbale.start" in logged and "the register is read only" in logged
