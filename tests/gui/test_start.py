"""How the application starts: the register's first rows read straight from the file, the
register service loaded on a worker meanwhile, and everything working once it has."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.gui.login_dialog import LoginDialog
from app.gui.register_model import COL_NUMBER
from app.gui.register_opening import OpeningRegister
from app.gui.register_window import MainWindow
from app.main import main, open_register
from app.services.demo import demo_users, fill_demo
from app.services.register import Register
from app.services.register_reading import RegisterReading, open_register_file
from tests.gui.conftest import answer_modal, idle_workers


@pytest.fixture
def register_file(tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite3"
    register = Register.open(f"sqlite:///{path}")
    fill_demo(register, synthetic=30)
    demo_users(register)
    register.close()
    return path


def test_the_window_lists_before_the_service_loads_then_shows_details(
    qtbot: QtBot, register_file: Path
) -> None:
    opening = open_register(f"sqlite:///{register_file}")
    window = MainWindow(opening)
    qtbot.addWidget(window)
    try:
        # First rows and the count come from the file; the details wait for the service.
        assert not opening.is_ready
        assert window.model.rowCount() == 31
        assert window.details.toPlainText() == "Opening the register…"
        with qtbot.waitSignal(opening.ready, timeout=30_000):
            window.show()
        assert opening.is_ready
        first = window.model.summary(0)
        assert first is not None
        qtbot.waitUntil(lambda: first.subject in window.details.toPlainText())
        # Searching works through the list read from the file, as before the service loaded.
        window.search_field.setText("1453")
        window.run_search()
        qtbot.waitUntil(lambda: window.model.index(0, COL_NUMBER).data() == "№PAR/1453")
    finally:
        window.close()
        idle_workers()
        opening.close()


def test_a_new_register_is_created_and_opened_before_the_window(tmp_path: Path) -> None:
    path = tmp_path / "new" / "register.sqlite3"
    opening = open_register(f"sqlite:///{path}")
    try:
        assert opening.is_ready  # created and migrated first: nothing left to load
        assert path.is_file()
        assert opening.register().count() == 0
        assert opening.workflow() is not None
    finally:
        opening.close()


def test_login_while_the_service_is_still_loading(qtbot: QtBot, register_file: Path) -> None:
    opening = open_register(f"sqlite:///{register_file}")
    assert opening.reading.has_users()
    opening.start()
    dialog = LoginDialog(opening)
    qtbot.addWidget(dialog)
    try:
        dialog.login_name.setText("drafter")
        dialog.login_password.setText("drafter-demo")
        dialog.try_login()  # waits for the service if it is still loading
        assert dialog.user is not None and dialog.user.login == "drafter"
        dialog.login_password.setText("wrong")
        dialog.try_login()
        assert "password" in dialog.message.text().lower()
    finally:
        idle_workers()
        opening.close()


def test_the_first_rows_are_painted_before_sqlalchemy_is_imported(register_file: Path) -> None:
    script = f"""
import sys
import threading
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from app.gui.register_window import MainWindow
from app.main import main, open_register

app = QApplication([])
window = MainWindow(open_register({f"sqlite:///{register_file}"!r}))
seen = []

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen and window.model.rowCount():
            # Neither SQLAlchemy nor ReportLab (the note file reader's enclosures) yet.
            heavy = ("sqlalchemy", "reportlab")
            seen.append(sorted(m for m in sys.modules if m.split(".")[0] in heavy))
            seen.append(window.model.rowCount())
            QTimer.singleShot(0, app.quit)
        return False

watcher = Painted()
window.table.viewport().installEventFilter(watcher)
window.show()
QTimer.singleShot(20_000, app.quit)
app.exec()
window.opening.register()  # then the register service loads (on its worker)
print(seen[0], seen[1], "sqlalchemy" in sys.modules, flush=True)
window.opening.close()
# What is measured is printed; leave without PySide6's teardown of live Qt objects, which
# under load can crash after the fact (the application itself quits through app.exec()).
import os
from PySide6.QtCore import QThreadPool
QThreadPool.globalInstance().waitForDone(10_000)
os._exit(0)
"""
    shown = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.strip()
    assert shown.startswith("[] 31 ")  # no SQLAlchemy yet, and all 31 notes listed
    assert shown.endswith(" True")


def test_a_register_service_that_cannot_load_is_said_and_stays_said(
    qtbot: QtBot, register_file: Path
) -> None:
    listed = open_register_file(f"sqlite:///{register_file}")
    assert listed is not None
    # The list reads the file; the register service is pointed where it cannot be opened.
    opening = OpeningRegister(RegisterReading(listed.listing, "sqlite:////proc/verbale/r.sqlite3"))
    window = MainWindow(opening)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(opening.failed, timeout=30_000):
            window.show()
        assert opening.error is not None and not opening.is_ready
        assert "The register could not be opened" in window.details.toPlainText()
        window.table.selectRow(3)  # another note: still said, not "Opening…" for ever
        assert "The register could not be opened" in window.details.toPlainText()
        assert not window.open_button.isEnabled()
        assert not window.history_button.isEnabled()
        # The list still works: searching reads the file.
        window.search_field.setText("1453")
        window.run_search()
        qtbot.waitUntil(lambda: window.model.index(0, COL_NUMBER).data() == "№PAR/1453")
        russian = window.switch_language("ru")
        qtbot.addWidget(russian)
        assert "Не удалось открыть реестр" in russian.details.toPlainText()
    finally:
        idle_workers()
        opening.close()


def test_a_file_that_is_not_a_register_is_said_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    damaged = tmp_path / "register.sqlite3"
    damaged.write_bytes(b"this is a letter, not a register" * 100)
    said: list[str] = []

    def read_the_message(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    answer_modal(read_the_message)
    assert main(f"sqlite:///{damaged}") == 1
    assert said and said[0].startswith("The register could not be opened: ")
    assert "not a database" in said[0]
    assert str(damaged) in said[0]


def test_a_worker_asking_first_loads_the_service_once(qtbot: QtBot, register_file: Path) -> None:
    opening = open_register(f"sqlite:///{register_file}")
    seen: list[object] = []
    try:
        with qtbot.waitSignal(opening.ready, timeout=30_000):
            # Verify or an export asks on their worker before the window has started it.
            workers = [
                threading.Thread(target=lambda: seen.append(opening.register())) for _ in range(3)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        assert len(seen) == 3 and seen[0] is seen[1] is seen[2]  # one register service
        assert opening.workflow() is not None
    finally:
        idle_workers()
        opening.close()


def test_what_the_window_needs_without_qt_is_imported_before_qt() -> None:
    # PySide6 reads the source of each module imported after it: app.main imports the window's
    # modules that do not use Qt first. Any such module still imported after Qt is named.
    script = """
import importlib.util, sys
from app.main import import_before_qt
import_before_qt()
assert not any(name.split(".")[0] in ("PySide6", "shiboken6") for name in sys.modules)
import PySide6.QtWidgets
before = set(sys.modules)
import app.gui.register_window
late = []
for name in sorted(set(sys.modules) - before):
    origin = getattr(sys.modules[name], "__file__", None) or ""
    if origin.endswith(".py") and "PySide6" not in open(origin, encoding="utf-8").read():
        late.append(name)
print(late)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    late = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    # The window's own package cannot be imported before Qt (its __init__ brings the window).
    assert [name for name in late if not name.startswith("app.gui.register_window")] == []
    assert "app.gui.register_window.views" in late  # the check sees the modules it should


def test_the_focus_ring_comes_once_the_first_rows_are_painted(
    qtbot: QtBot, register_file: Path
) -> None:
    from PySide6.QtWidgets import QApplication, QStyleFactory

    from app.gui.focus_ring import FocusRingStyle
    from app.main import open_window

    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    before = qt_app.style()
    before_name, had_ring = before.name(), isinstance(before, FocusRingStyle)
    qt_app.setStyle(QStyleFactory.create("Fusion"))  # the platform style, without the ring
    opening = open_register(f"sqlite:///{register_file}")
    try:
        with qtbot.waitSignal(opening.ready, timeout=30_000):
            window = open_window(qt_app, opening, None)
            qtbot.addWidget(window)
            assert not isinstance(qt_app.style(), FocusRingStyle)  # not before the first rows
        assert isinstance(qt_app.style(), FocusRingStyle)
        window.close()
    finally:
        idle_workers()
        opening.close()
        if not had_ring:  # as the other tests found it (the old style object is gone)
            qt_app.setStyle(QStyleFactory.create(before_name))


def test_the_toolbar_comes_after_the_first_rows_into_the_room_kept_for_it(
    qtbot: QtBot, register_file: Path
) -> None:
    from PySide6.QtCore import QEvent, QObject, QPoint
    from PySide6.QtWidgets import QApplication, QToolBar

    from app.main import open_window

    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    opening = open_register(f"sqlite:///{register_file}")
    first_frame: dict[str, object] = {}

    class FirstFrame(QObject):
        """What the officer sees in the first frame the rows are painted in."""

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not first_frame:
                room = window.findChild(QToolBar, "main_toolbar_room")
                first_frame.update(
                    rows=window.model.rowCount(),
                    furnished=window.frame is not None,
                    table_top=window.table.mapTo(window, QPoint(0, 0)).y(),
                    room=room.height() if room is not None else None,
                    menus=[action.text() for action in window.menuBar().actions()],
                )
            return False

    watcher = FirstFrame()
    try:
        with qtbot.waitSignal(opening.ready, timeout=30_000):
            window = open_window(qt_app, opening, None)
            qtbot.addWidget(window)
            window.table.viewport().installEventFilter(watcher)
        window.table.viewport().removeEventFilter(watcher)
        qtbot.waitUntil(lambda: window.findChild(QToolBar, "main_toolbar_room") is None)
        assert window.frame is not None
        toolbar = window.frame.toolbar
        titles = ["&File", "&Edit", "&View", "&Correspondence", "&Workflow", "&Help"]
        # The first frame: rows, every menu, and room for the toolbar, which comes next.
        assert first_frame["rows"] == 31
        assert first_frame["furnished"] is False
        assert first_frame["menus"] == titles
        # Once it has: as tall as its room, so the table did not move.
        assert first_frame["room"] == toolbar.height() > 20
        assert window.table.mapTo(window, QPoint(0, 0)).y() == first_frame["table_top"]
        assert [action.text() for action in window.menuBar().actions()] == titles
        assert toolbar.workflow_menu.objectName() == "main_workflow_menu"
        steps = [item.objectName() for item in toolbar.workflow_menu.actions()]
        assert {"main_menu_submit", "main_menu_approve", "main_menu_issue"} <= set(steps)
        file_menu = [action.text() for action in window.menus.file.actions()]
        assert file_menu.index("&Recent notes") == file_menu.index("&Open note") + 1
        window.close()
    finally:
        idle_workers()
        opening.close()
