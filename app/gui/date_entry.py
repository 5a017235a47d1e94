"""A date field that takes dates as people type them (`29.11.2023`, `29 Nov 2023`,
`29 ноября 2023`, `29 қараша 2023`), reads them when the officer leaves the field and shows
them back in the interface language's style, with a calendar on F4 or Alt+Down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui import colours
from app.gui.icons import icon
from app.i18n.date_input import DateNotUnderstood, entry_date_text, parse_typed_date
from app.i18n.messages import _, ui_language

#: How a date the officer typed and Verbale could not read is marked (its own selector, so the
#: frame never spreads to other widgets).
_NOT_UNDERSTOOD_STYLE = f"DateEntry {{ {colours.PROBLEM_BORDER} }}"


class CalendarPopup(QFrame):
    """The month to pick a day from. A window of its own (no parent), so no style sheet of
    the field (a problem's red frame) reaches into it."""

    picked = Signal(QDate)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Popup)
        self.setObjectName("date_entry_calendar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self.picked)
        self.calendar.activated.connect(self.picked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateEntry(QLineEdit):
    """A date typed freely. `optional` fields may stay empty (value None); the others keep
    their last date when emptied. `reference` gives the date the calendar opens at when the
    field is empty (the note's date) and the year of a date typed without one."""

    value_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        reference: Callable[[], dt.date | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self._reference = reference
        self._value: dt.date | None = None if optional else dt.date.today()
        self._problem: str | None = None
        self._popup: CalendarPopup | None = None
        self._outer_style = ""
        self.setPlaceholderText(
            _("none — type e.g. 29.11.2023") if optional else _("e.g. 29.11.2023")
        )
        self.calendar_action = self.addAction(
            icon("calendar"), QLineEdit.ActionPosition.TrailingPosition
        )
        self.calendar_action.setObjectName("open_calendar")
        self.calendar_action.setToolTip(_("Choose from a calendar (F4)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.editingFinished.connect(self.read_typed)
        self._show_value()

    # -- the value ------------------------------------------------------------------------

    def value(self) -> dt.date | None:
        """The date last read from the field (None: an optional field left empty)."""
        return self._value

    def set_value(self, day: dt.date | None) -> None:
        """Show `day` (None empties an optional field) and forget any unread typing."""
        if day is None and not self.optional:
            raise ValueError("this date field needs a date")
        self._problem = None
        changed = day != self._value
        self._value = day
        self._show_value()
        if changed:
            self.value_changed.emit()

    def problem(self) -> str | None:
        """Why the text in the field is not read as a date, or None if it is."""
        return self._problem

    def read_typed(self) -> None:
        """Read what the officer typed (on leaving the field or Enter) and show it back in
        the interface's style; text that is no date stays, marked, with the reason."""
        reference = self._reference() if self._reference else None
        try:
            day = parse_typed_date(self.text(), reference or self._value)
        except DateNotUnderstood as error:
            self._show_problem(str(error))
            return
        if day is None and not self.optional:
            self._show_problem(_("A date is needed here, e.g. 29.11.2023."))
            return
        self.set_value(day)

    def _show_value(self) -> None:
        self.setText(entry_date_text(self._value, ui_language()) if self._value else "")
        self.setProperty("not_understood", False)
        self._apply_style()
        self.setToolTip("")
        self.setAccessibleDescription("")

    def _show_problem(self, message: str) -> None:
        self._problem = message
        self.setProperty("not_understood", True)
        self._apply_style()
        self.setToolTip(message)
        self.setAccessibleDescription(message)

    def setStyleSheet(self, styleSheet: str) -> None:
        """A style from outside (the editor's problem frame) kept beside the field's own."""
        self._outer_style = styleSheet
        self._apply_style()

    def _apply_style(self) -> None:
        own = _NOT_UNDERSTOOD_STYLE if self._problem else ""
        super().setStyleSheet("\n".join(part for part in (self._outer_style, own) if part))

    # -- the calendar -----------------------------------------------------------------------

    def calendar_popup(self) -> CalendarPopup:
        """The calendar (made on first use)."""
        if self._popup is None:
            self._popup = CalendarPopup()
            self._popup.picked.connect(self._picked)
            self.destroyed.connect(self._popup.deleteLater)
        return self._popup

    def open_calendar(self) -> None:
        """Show the calendar under the field, at the field's date, or else at the note's
        month (`reference`), or else this month."""
        if self.isReadOnly() or not self.isEnabled():
            return
        self.read_typed()
        popup = self.calendar_popup()
        calendar = popup.calendar
        locale = QLocale(ui_language())
        calendar.setLocale(locale)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)  # the locale set Sunday for English
        reference = self._reference() if self._reference else None
        shown = self._value or reference or dt.date.today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        calendar.setCurrentPage(shown.year, shown.month)
        popup.adjustSize()
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.show()
        calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        popup = self.calendar_popup()
        popup.close()
        self.set_value(dt.date(day.year(), day.month(), day.day()))
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier
        ):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.selectAll()  # typing over the date replaces all of it

    def event(self, event: QEvent) -> bool:
        # F4 reaches the field even where a window binds it (the field is the focus).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F4
            and not event.modifiers()
        ):
            event.accept()
            return True
        return super().event(event)
