"""A small demo register (the reference note issued as №PAR/1453 by the real rendering service,
plus synthetic notes) and
settings kept in the test's own folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.gui.note_closing import ASK_KEY
from app.gui.qt_translations import install_qt_translations
from app.i18n.messages import set_ui_language
from app.services.demo import fill_demo
from app.services.register import Register
from app.services.users import UserInfo

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.gui.note_window import NoteWindow


@pytest.fixture(autouse=True)
def qt_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    QCoreApplication.setOrganizationName("VerbaleTests")
    QCoreApplication.setApplicationName("Verbale")
    # Note windows closed by a test (or its teardown) save without the Save/Discard/Cancel
    # question, as with "Always save when closing"; tests of the question turn it back on.
    QSettings().setValue(ASK_KEY, False)
    yield
    # A test that switched the interface language (ours and Qt's) leaves English behind.
    set_ui_language("en")
    qt_app = QCoreApplication.instance()
    if qt_app is not None:
        install_qt_translations(qt_app, "en")
    if isinstance(qt_app, QApplication):
        # A QMimeData a test handed to the clipboard would be deleted twice at exit (PySide6
        # and Qt both own it): a segmentation fault after the whole run has passed.
        qt_app.clipboard().clear()


def idle_workers() -> None:
    """Let counts and searches still running on worker threads end before their register
    closes (as app.main does at exit)."""
    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo filled once per run (its users log in with Argon2id: a second each time)."""
    path = tmp_path_factory.mktemp("demo") / "register.sqlite3"
    register = Register.open(f"sqlite:///{path}", upgrade=True)
    fill_demo(register, synthetic=50)
    register.close()
    return path


@pytest.fixture
def demo_register(demo_template: Path, tmp_path: Path) -> Iterator[Register]:
    """A copy of the demo register of the test's own."""
    path = tmp_path / "register.sqlite3"
    shutil.copyfile(demo_template, path)
    register = Register.open(f"sqlite:///{path}", upgrade=True)
    yield register
    idle_workers()
    register.close()


@dataclass(frozen=True)
class People:
    """A register's users for workflow tests: each login's password is `PASSWORD`."""

    admin: UserInfo
    drafter: UserInfo
    approver: UserInfo
    registrar: UserInfo


PASSWORD = "correct horse 1453"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Register]:
    """An empty register file with the PAR series continuing at 1453."""
    register = Register.open(f"sqlite:///{tmp_path / 'office.sqlite3'}", upgrade=True)
    register.ensure_series("PAR", title="Notes verbales", next_running=1453)
    yield register
    idle_workers()
    register.close()


@pytest.fixture
def people(office: Register) -> People:
    from app.services.users import add_user

    admin = add_user(office, "admin", PASSWORD, ["administrator"], "Administrator", by=None)
    drafter = add_user(office, "aigerim", PASSWORD, ["drafter"], "Aigerim Drafter", by=admin)
    approver = add_user(
        office, "serik", PASSWORD, ["approver", "registrar"], "Serik Approver", by=admin
    )
    registrar = add_user(office, "dana", PASSWORD, ["registrar"], "Dana Registrar", by=admin)
    return People(admin, drafter, approver, registrar)


def save_and_wait(qtbot: QtBot, window: NoteWindow, timeout_ms: int = 10_000) -> bool:
    """Save `window`'s draft (off the GUI thread) and wait for the result: True if saved."""
    with qtbot.waitSignal(window.save_ended, timeout=timeout_ms) as ended:
        assert window.save() is not None
    return bool(ended.args[0])


def answer_modal(handle: Callable[[QWidget], None], timeout_ms: int = 5000) -> None:
    """Deal with the next modal dialog (as a person would) once it is shown."""
    waited = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            waited[0] += 20
            if waited[0] > timeout_ms:
                raise AssertionError("no modal dialog appeared")
            QTimer.singleShot(20, look)
            return
        handle(dialog)

    QTimer.singleShot(0, look)


def confirm_next(timeout_ms: int = 5000) -> None:
    """Say yes to the next "Approve …?" / "Issue as №…?" question (as the officer would)."""

    def go(dialog: QWidget) -> None:
        button = dialog.findChild(QPushButton, "confirm_go")
        assert button is not None, f"not a confirmation: {dialog.objectName()}"
        button.click()

    answer_modal(go, timeout_ms)
