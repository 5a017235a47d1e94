"""The date field as an officer uses it: typed over, read on leaving, shown back in the
interface's style, a calendar on F4 / Alt+Down at the note's month, Tab always leaves it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.gui.date_entry import DateEntry
from app.i18n.messages import set_ui_language


def form(qtbot: QtBot, **options: object) -> tuple[QWidget, QLineEdit, DateEntry, QLineEdit]:
    """A field between two others, shown and focused on the one before it."""
    host = QWidget()
    layout = QVBoxLayout(host)
    before = QLineEdit(host)
    entry = DateEntry(host, **options)  # type: ignore[arg-type]
    after = QLineEdit(host)
    for widget in (before, entry, after):
        layout.addWidget(widget)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    return host, before, entry, after


def type_text(widget: QWidget, text: str) -> None:
    """Type key by key (QTest's keyClicks sends Latin-1 only; Cyrillic goes as key events)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def test_typed_over_a_date_read_on_leaving(qtbot: QtBot) -> None:
    _host, before, entry, after = form(qtbot)
    entry.set_value(dt.date(2023, 1, 5))
    for typed in ("29 November 2023", "29.11.2023", "29/11/2023", "2023-11-29", "29 Nov 2023"):
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        assert entry.hasFocus()
        qtbot.keyClicks(entry, typed)  # over the whole date: Tab selected it
        qtbot.keyClick(entry, Qt.Key.Key_Tab)
        assert after.hasFocus(), "Tab leaves the field"
        assert entry.value() == dt.date(2023, 11, 29), typed
        assert entry.text() == "29 November 2023"
        entry.set_value(dt.date(2023, 1, 5))
        before.setFocus()


def test_shown_back_in_russian_and_kazakh(qtbot: QtBot) -> None:
    set_ui_language("ru")
    _host, before, entry, _after = form(qtbot)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    type_text(entry, "29 қараша 2023")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert entry.text() == "29 ноября 2023"
    set_ui_language("kk")
    _host, before, kazakh, _after = form(qtbot)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    type_text(kazakh, "29 ноября 2023")
    qtbot.keyClick(kazakh, Qt.Key.Key_Return)
    assert kazakh.text() == "29 қараша 2023"


def test_an_empty_optional_date_takes_typing_without_a_dash(qtbot: QtBot) -> None:
    _host, before, entry, after = form(qtbot, optional=True)
    assert entry.value() is None and entry.text() == ""
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry, "29 December 2023")
    assert entry.text() == "29 December 2023"  # nothing glued to it
    qtbot.keyClick(entry, Qt.Key.Key_Tab)
    assert entry.value() == dt.date(2023, 12, 29)
    # Emptied, it is no date again.
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClick(entry, Qt.Key.Key_Delete)
    qtbot.keyClick(entry, Qt.Key.Key_Tab)
    assert after.hasFocus()
    assert entry.value() is None


def test_what_is_no_date_is_said_and_kept(qtbot: QtBot) -> None:
    _host, before, entry, after = form(qtbot)
    entry.set_value(dt.date(2023, 11, 29))
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry, "31.11.2023")
    qtbot.keyClick(entry, Qt.Key.Key_Tab)
    assert after.hasFocus(), "no trap: the officer may come back to it"
    assert entry.text() == "31.11.2023"
    assert entry.problem() is not None and "November 2023 has no day 31" in entry.problem()
    assert entry.toolTip() == entry.problem()
    assert entry.value() == dt.date(2023, 11, 29)
    # A required date emptied keeps its date and says one is needed.
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClick(entry, Qt.Key.Key_Delete)
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert "A date is needed here" in (entry.problem() or "")


def test_forty_tabs_never_stay_in_it(qtbot: QtBot) -> None:
    _host, before, entry, after = form(qtbot, optional=True)
    visited = []
    for _ in range(40):
        qtbot.keyClick(qtbot_focus(before), Qt.Key.Key_Tab)
        visited.append(focused())
    assert visited.count(entry) <= 14  # once per round of three widgets
    assert visited[:3] == [entry, after, before]


def qtbot_focus(fallback: QWidget) -> QWidget:
    widget = focused()
    return widget if widget is not None else fallback


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_calendar_opens_at_the_notes_month_on_f4_and_alt_down(qtbot: QtBot) -> None:
    note_date = dt.date(2023, 11, 29)
    _host, before, entry, _after = form(qtbot, optional=True, reference=lambda: note_date)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.keyClick(entry, Qt.Key.Key_F4)
    popup = entry.calendar_popup()
    qtbot.waitUntil(popup.isVisible)
    calendar = popup.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2023, 11)
    # A day picked with the keyboard: a month on, Enter.
    assert focused() is not None and calendar.isAncestorOf(focused())
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert entry.value() == dt.date(2023, 12, 29)
    assert entry.hasFocus()
    # Alt+Down opens it at the field's own date; Escape closes it, nothing changed.
    qtbot.keyClick(entry, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(popup.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2023, 12)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert entry.value() == dt.date(2023, 12, 29)


def test_no_red_frame_in_the_calendar(qtbot: QtBot) -> None:
    _host, _before, entry, _after = form(qtbot, optional=True)
    # The note editor frames a field with a problem in red; the calendar must not take it.
    entry.setStyleSheet("border: 2px solid #c0392b;")
    entry.open_calendar()
    popup = entry.calendar_popup()
    qtbot.waitUntil(popup.isVisible)
    image = popup.grab().toImage()
    red = QColor("#c0392b").rgb()
    reds = sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == red
    )
    assert reds == 0
    popup.close()
    # Whereas the field itself shows it (the check above can see red).
    field = entry.grab().toImage()
    assert any(field.pixel(x, field.height() // 2) == red for x in range(4))
