"""The main window driven offscreen: search by number, Ctrl+F, the model's contract."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.gui import colours, settings
from app.gui.moments import moment_text
from app.gui.operations import run_operation
from app.gui.register_model import (
    COL_DATE,
    COL_DEADLINE,
    COL_NUMBER,
    COL_SUBJECT,
    NoteIdRole,
    RegisterModel,
    deadline_state,
)
from app.gui.register_window import VIEW_DEADLINES, VIEW_ISSUED, MainWindow
from app.i18n.messages import set_ui_language
from app.services.register import Register
from app.services.register_reading import NoteSummary
from app.services.workflow import WorkflowService

from .conftest import People


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
    assert index.data() == "29 Dec 2023"
    assert model.index(0, COL_DATE).data() == "29 Nov 2023"
    assert index.data(Qt.ItemDataRole.BackgroundRole) == QColor(colours.WARNING_BACKGROUND)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(colours.WARNING)
    # №PAR/1453 is dispatched: once its deadline has passed the silence has simply run, and
    # the row is not marked overdue (issue 17, point 7).
    assert demo_register.find_by_number("PAR/1453")[0].status == "dispatched"
    later = RegisterModel(demo_register, today=lambda: dt.date(2024, 1, 5))
    later.set_query("1453")
    assert later.index(0, COL_SUBJECT).data(Qt.ItemDataRole.ForegroundRole) is None
    # The same deadline on a note not yet dispatched is work overdue.
    summary = NoteSummary(
        1, "PAR/1", dt.date(2023, 11, 29), "", "", "issued", dt.date(2023, 12, 29)
    )
    assert deadline_state(summary, dt.date(2024, 1, 5)) == "overdue"
    assert deadline_state(summary._replace(status="dispatched"), dt.date(2024, 1, 5)) is None
    assert deadline_state(summary._replace(status="dispatched"), dt.date(2023, 12, 25)) == "near"
    early = RegisterModel(demo_register, today=lambda: dt.date(2023, 11, 30))
    early.set_query("1453")
    assert early.index(0, COL_DEADLINE).data(Qt.ItemDataRole.BackgroundRole) is None


def test_dates_in_the_interface_languages_style(demo_register: Register) -> None:
    for language, day, deadline in (
        ("ru", "29.11.2023", "29.12.2023"),
        ("kk", "29.11.2023", "29.12.2023"),
        ("en", "29 Nov 2023", "29 Dec 2023"),
    ):
        set_ui_language(language)
        model = RegisterModel(demo_register)
        model.set_query("PAR/1453")
        assert model.index(0, COL_DATE).data() == day
        assert model.index(0, COL_DEADLINE).data() == deadline


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
    assert "Log file" in about and "verbale.log" in about  # where support looks
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
        # Closing the last window ends main()'s event loop; an explicit quit() would leave a
        # quit event pending that stops the next test's timers.
        for window in windows:
            window.close()

    QTimer.singleShot(200, quit_soon)
    assert main(f"sqlite:///{tmp_path / 'fresh.sqlite3'}") == 0
    assert (tmp_path / "fresh.sqlite3").exists()


def _all_rows(window: MainWindow) -> list[str]:
    model = window.model
    while model.canFetchMore():
        model.fetchMore()
    return [str(model.index(row, COL_NUMBER).data()) for row in range(model.rowCount())]


def _all_summaries(window: MainWindow) -> list[NoteSummary]:
    _all_rows(window)
    summaries = (window.model.summary(row) for row in range(window.model.rowCount()))
    return [summary for summary in summaries if summary is not None]


def test_saved_views_without_login(qtbot: QtBot, demo_register: Register) -> None:
    today = dt.date(2023, 12, 5)
    window = MainWindow(demo_register, today=lambda: today)
    qtbot.addWidget(window)
    shown = [window.views.item(row).text() for row in range(window.views.count())]
    # "My drafts" and "Awaiting my approval" need a login.
    assert shown == ["All notes", "Issued", "Deadlines this month"]
    window.choose_view(VIEW_ISSUED)
    assert _all_rows(window) == ["№PAR/1453"]
    qtbot.waitUntil(lambda: window.count_label.text() == "1 note in this view", timeout=3000)

    window.choose_view(VIEW_DEADLINES)
    listed = [window.model.summary(row) for row in range(len(_all_rows(window)))]
    assert listed and "№PAR/1453" in [s.number_display for s in listed if s]
    everything = demo_register.search("", limit=1000)
    expected = {
        s.id
        for s in everything
        if s.deadline is not None and today <= s.deadline <= dt.date(2023, 12, 31)
    }
    assert {s.id for s in listed if s} == expected
    # The row of a deadline within 7 days is coloured; the view is remembered.
    window.close()
    again = MainWindow(demo_register, today=lambda: today)
    qtbot.addWidget(again)
    assert again.current_view() == VIEW_DEADLINES
    assert again.views.currentItem().text() == "Deadlines this month"


def test_search_within_view(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    window.choose_view(VIEW_ISSUED)
    qtbot.keyClicks(window.search_field, "silence procedure")
    qtbot.waitUntil(lambda: window.model.query == "silence procedure", timeout=3000)
    assert _all_rows(window) == ["№PAR/1453"]
    qtbot.waitUntil(lambda: "1 note matches" in window.count_label.text(), timeout=3000)


def test_language_switch_rebuilds_and_is_remembered(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    assert window.menuBar().actions()[0].text() == "&File"
    with qtbot.waitSignal(window.replaced) as blocker:
        window.language_actions["ru"].trigger()
    russian = blocker.args[0]
    qtbot.addWidget(russian)
    assert isinstance(russian, MainWindow) and russian is not window
    assert not window.isVisible() and russian.isVisible()
    assert russian.menuBar().actions()[0].text() == "&Файл"
    assert russian.views.item(0).text() == "Все ноты"
    assert russian.model.headerData(COL_NUMBER, Qt.Orientation.Horizontal) == "Номер"
    assert russian.language_actions["ru"].isChecked()
    assert settings.ui_language() == "ru"
    kazakh = russian.switch_language("kk")
    qtbot.addWidget(kazakh)
    assert kazakh.menuBar().actions()[0].text() == "&Файл"
    assert kazakh.views.item(0).text() != "Все ноты"
    assert settings.ui_language() == "kk"


def test_export_register_on_a_worker(qtbot: QtBot, demo_register: Register, tmp_path: Path) -> None:
    window = _window(qtbot, demo_register)
    window.choose_view(VIEW_ISSUED)
    target = tmp_path / "issued.csv"
    task = window.export_register(target)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000) as blocker:
        pass
    assert blocker.args == [1]
    text = target.read_text(encoding="utf-8-sig")
    assert "PAR/1453" in text and len(text.strip().splitlines()) == 2


def test_columns_and_splitter_remembered(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    window.table.horizontalHeader().resizeSection(COL_NUMBER, 173)
    window.splitter.setSizes([120, 700, 380])
    sizes = window.splitter.sizes()
    window.close()
    again = _window(qtbot, demo_register)
    assert again.table.horizontalHeader().sectionSize(COL_NUMBER) == 173
    assert again.splitter.sizes() == sizes


def test_a_stale_count_never_labels_a_newer_search(qtbot: QtBot, demo_register: Register) -> None:
    from PySide6.QtCore import QThreadPool

    # Pages of 20: the 51 notes are counted on a worker, and the figure
    window = MainWindow(demo_register, page_size=20)
    qtbot.addWidget(window)  # arrives through the event loop, after this search.
    window.search_field.setText("1453")
    window.run_search()  # one row: counted at once, while the older count may still run
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # the worker's result is delivered through the event loop
    assert window.count_label.text() == "1 note matches “1453”"
    # The details are read on a worker once the row is selected.
    qtbot.waitUntil(lambda: "PAR/1453" in window.details.toPlainText(), timeout=5000)
    assert "Action Plan" in window.details.toPlainText() and "(8 rows)" in (
        window.details.toPlainText()
    )


def test_verify_and_backup_on_workers(
    qtbot: QtBot, demo_register: Register, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from .conftest import answer_modal

    window = _window(qtbot, demo_register)
    seen: dict[str, str] = {}

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen["text"] = dialog.text()
        dialog.accept()

    answer_modal(read)
    task = window.verify_register()
    qtbot.waitUntil(lambda: "text" in seen, timeout=10000)
    assert task.result is not None and task.result.ok
    checked, entries = task.result.documents.documents_checked, task.result.audit_entries
    assert checked >= 3
    assert seen["text"] == (
        f"All {checked} issued documents are intact.\nThe audit log is whole: {entries} entries."
    )
    # An audit entry rewritten behind the application's back is said too, not only the PDFs.
    path = demo_register.sqlite_file
    assert path is not None
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET user_login = 'drafter' WHERE action = 'approve'")
    seen.clear()
    answer_modal(read)
    task = window.verify_register()
    qtbot.waitUntil(lambda: "text" in seen, timeout=10000)
    assert seen["text"] == "1 problem found in the issued documents and the audit log."

    cancelled = window.verify_register()
    with qtbot.waitSignal(cancelled.cancelled, timeout=10000):
        cancelled.cancel()

    copy = tmp_path / "copy.sqlite3"
    backup = window.backup_register(copy)
    assert backup is not None
    with qtbot.waitSignal(backup.finished, timeout=10000):
        pass
    again = Register.open(f"sqlite:///{copy}", upgrade=False)
    try:
        assert again.count("") == demo_register.count("") == 51
        assert [s.number_display for s in again.search("1453")] == ["№PAR/1453"]
    finally:
        again.close()


def test_search_runs_on_a_worker(qtbot: QtBot, demo_register: Register) -> None:
    window = _window(qtbot, demo_register)
    window.search_field.setText("silence procedure")
    task = window.run_search()
    assert task is not None
    # Nothing changed on the GUI thread yet: the rows arrive when the worker is done.
    assert window.model.query == "" and window.count_label.text() == "Searching…"
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert window.model.query == "silence procedure"
    assert 0 < window.model.rowCount() < 51
    # A result overtaken by newer typing is dropped.
    window.search_field.setText("1453")
    first = window.run_search()
    window.search_field.setText("silence procedure")
    assert window.run_search() is None  # back to what is shown
    assert first is not None
    qtbot.waitUntil(lambda: first.done, timeout=5000)
    qtbot.wait(20)
    assert window.model.query == "silence procedure"


def test_details_in_the_russian_interface(qtbot: QtBot, demo_register: Register) -> None:
    """Note type, field labels, languages and dates as a Russian-speaking officer reads them."""
    set_ui_language("ru")
    try:
        window = _window(qtbot, demo_register)
        qtbot.keyClicks(window.search_field, "1453")
        qtbot.waitUntil(lambda: "PAR/1453" in window.details.toPlainText(), timeout=3000)
        text = window.details.toPlainText()
        assert "Проект, распространяемый по процедуре умолчания" in text
        assert "silence_procedure" not in text
        assert "English, Русский, Қазақша" in text
        assert "29 ноября 2023 года" in text and "2023-11-29" not in text
        assert "Краткое название после слова «проект»:" in text
        assert "Document short genitive" not in text
        assert "(8 строк)" in text
    finally:
        set_ui_language("en")


def test_number_search_does_not_wait_for_busy_global_workers(
    qtbot: QtBot, demo_register: Register
) -> None:
    """Preview renders and exports fill the global pool; a typed number still answers at once."""
    window = _window(qtbot, demo_register)
    release = threading.Event()
    busy = QThreadPool.globalInstance()

    def occupy(_progress: object, _cancel: object) -> None:
        # Held until the test ends: a search queued behind these would never answer.
        release.wait(60)

    try:
        for _slot in range(busy.maxThreadCount()):
            run_operation(occupy, None)
        qtbot.keyClicks(window.search_field, "1453")
        qtbot.waitUntil(lambda: _number(window, 0) == "№PAR/1453", timeout=10_000)
        assert busy.activeThreadCount() == busy.maxThreadCount()  # still all held
    finally:
        release.set()
        busy.waitForDone(5000)


def test_russian_view_titles_are_not_cut(qtbot: QtBot, office: Register, people: People) -> None:
    set_ui_language("ru")
    try:
        window = MainWindow(office, WorkflowService(office), people.approver)
        qtbot.addWidget(window)
        window.resize(1280, 760)
        window.show()
        qtbot.waitExposed(window)
        views = window.views
        titles = [views.item(row).text() for row in range(views.count())]
        assert "Ожидают моего утверждения" in titles
        for row in range(views.count()):
            shown = views.visualItemRect(views.item(row))
            needed = views.fontMetrics().horizontalAdvance(views.item(row).text())
            assert needed < views.viewport().width(), (views.item(row).text(), shown)
    finally:
        set_ui_language("en")


def test_the_model_stays_consistent_while_paging_and_sorting(
    qtmodeltester: ModelTester, demo_register: Register
) -> None:
    model = RegisterModel(demo_register, page_size=7, count_now=False)
    qtmodeltester.check(model, force_py=True)  # watches every change from now on
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    model.sort(COL_DEADLINE, Qt.SortOrder.DescendingOrder)
    model.fetchMore(QModelIndex())
    model.clear_sort()
    model.fetchMore(QModelIndex())
    shown = [model.index(row, COL_NUMBER).data() for row in range(model.rowCount())]
    summaries = [model.summary(row) for row in range(model.rowCount())]
    assert all(summary is not None for summary in summaries)
    assert shown == [summary.number_display for summary in summaries if summary is not None]
    ids = [model.index(row, COL_NUMBER).data(NoteIdRole) for row in range(model.rowCount())]
    assert ids == [model.note_id(row) for row in range(model.rowCount())]
    assert len(set(ids)) == len(ids)


def test_clicking_a_header_sorts_on_a_worker_keeping_the_note(
    qtbot: QtBot, demo_register: Register
) -> None:
    window = _window(qtbot, demo_register)
    window.table.selectRow(5)
    chosen = window.current_note_id()
    window.table.sortByColumn(COL_DEADLINE, Qt.SortOrder.AscendingOrder)  # a header click
    assert window.count_label.text() == "Sorting…"  # nothing sorted on this thread yet
    qtbot.waitUntil(lambda: window._search_task is None)
    rows = _all_summaries(window)
    deadlines = [summary.deadline for summary in rows]
    dated = [day for day in deadlines if day is not None]
    assert dated and dated == sorted(dated)
    # Notes without a deadline come after every dated one, not before.
    assert deadlines[: len(dated)] == dated
    assert window.current_note_id() == chosen
    window.table.sortByColumn(COL_NUMBER, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: window._search_task is None)
    numbered = [summary.number for summary in _all_summaries(window) if summary.number]
    assert numbered[0] == "PAR/1453"  # the highest number of the demo register
    assert window.table.horizontalHeader().sortIndicatorSection() == COL_NUMBER


def test_a_sort_that_moves_the_chosen_note_away_chooses_no_other(
    qtbot: QtBot, demo_register: Register
) -> None:
    window = MainWindow(demo_register, page_size=5)
    qtbot.addWidget(window)
    window.show()
    window.table.selectRow(4)
    chosen = window.current_note_id()
    assert chosen is not None
    window.table.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)  # oldest first
    qtbot.waitUntil(lambda: window._search_task is None)
    assert window.model.row_of(chosen) is None  # further down than the rows shown
    assert window.current_note_id() is None
    assert window.details.toPlainText() == "Select a note to see it here."


def test_history_times_are_local_in_the_details_and_the_history_dialog(
    qtbot: QtBot, demo_register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    try:
        window = _window(qtbot, demo_register)
        window.search_field.setText("1453")
        window.run_search()
        qtbot.waitUntil(lambda: window.current_note_id() is not None)
        record = demo_register.load(window.current_note_id() or 0)
        first = record.history[0].at  # kept in UTC, without a zone
        here = first.replace(tzinfo=dt.UTC).astimezone()
        assert here.utcoffset() != dt.timedelta(0)
        shown = moment_text(first)
        assert shown.endswith(f"{here:%H:%M}")
        qtbot.waitUntil(lambda: shown in window.details.toPlainText(), timeout=5000)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
