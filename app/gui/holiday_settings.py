"""Holidays and working days (Edit menu): Kazakhstan's public holidays of a year as the
deadline rule counts them, and the user's own override file, edited here: extra days off by
decree, and days worked though they fall on a weekend or a holiday."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.date_entry import DateEntry
from app.i18n.dates import long_date
from app.i18n.messages import _, ui_language
from app.services.holiday_calendar import (
    HolidayFileError,
    HolidayOverrides,
    overrides_path,
    public_holidays,
    read_overrides,
    write_overrides,
)

_DAY_ROLE = Qt.ItemDataRole.UserRole


class DayList(QGroupBox):
    """A titled list of dates with a date field to add one and a button to remove one."""

    def __init__(self, title: str, name: str, days: frozenset[dt.date], parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.list = QListWidget(self)
        self.list.setObjectName(f"{name}_list")
        self.entry = DateEntry(self, optional=True)
        self.entry.setObjectName(f"{name}_entry")
        self.add_button = QPushButton(_("&Add"), self)
        self.add_button.setObjectName(f"{name}_add")
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setObjectName(f"{name}_remove")
        self.problem = QLabel(self)
        self.problem.setObjectName(f"{name}_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        adding = QHBoxLayout()
        adding.addWidget(self.entry, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(adding)
        layout.addWidget(self.problem)
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_current)
        for day in sorted(days):
            self._insert(day)

    def days(self) -> frozenset[dt.date]:
        return frozenset(self.list.item(row).data(_DAY_ROLE) for row in range(self.list.count()))

    def shown(self) -> list[str]:
        """The dates as the list shows them."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def add_typed(self) -> None:
        self.entry.read_typed()
        problem = self.entry.problem()
        day = self.entry.value()
        if problem is not None or day is None:
            self.problem.setText(problem or _("Type a date to add, e.g. 8.1.2027."))
            self.problem.show()
            return
        self.problem.hide()
        if day not in self.days():
            self._insert(day)
        self.entry.set_value(None)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def _insert(self, day: dt.date) -> None:
        row = sum(1 for other in self.days() if other < day)
        item = QListWidgetItem(long_date(day, ui_language()))
        item.setData(_DAY_ROLE, day)
        self.list.insertItem(row, item)


class HolidaySettingsDialog(QDialog):
    """Kazakhstan's public holidays of a chosen year, and the user's overrides to save."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("holiday_settings")
        self.setWindowTitle(_("Holidays and working days"))
        self.path = path or overrides_path()
        try:
            overrides = read_overrides(self.path)
            trouble = ""
        except HolidayFileError as error:
            overrides = HolidayOverrides()
            trouble = str(error) + "\n" + _("Saving replaces the file with the days below.")

        intro = QLabel(
            _(
                "A deadline whose sender moves it to the next working day skips weekends, "
                "Kazakhstan's public holidays and the extra days off below; a moved working "
                "day counts as working even on a weekend."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_label = QLabel(_("Kept in {path}").format(path=self.path), self)
        self.file_label.setObjectName("holiday_file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trouble = QLabel(trouble, self)
        self.trouble.setObjectName("holiday_file_problem")
        self.trouble.setWordWrap(True)
        self.trouble.setVisible(bool(trouble))

        self.year = QSpinBox(self)
        self.year.setObjectName("holiday_year")
        self.year.setRange(1992, 2100)
        self.year.setValue(today().year)
        self.public = QTreeWidget(self)
        self.public.setObjectName("public_holidays")
        self.public.setRootIsDecorated(False)
        self.public.setHeaderLabels([_("Date"), _("Public holiday")])
        year_label = QLabel(_("Public holidays of &year:"), self)
        year_label.setBuddy(self.year)

        self.days_off = DayList(_("Extra days off"), "extra_days_off", overrides.days_off, self)
        self.working_days = DayList(
            _("Moved working days"), "moved_working_days", overrides.working_days, self
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(year_label, 0, 0)
        grid.addWidget(self.year, 0, 1)
        grid.addWidget(self.public, 1, 0, 1, 2)
        grid.addWidget(self.days_off, 0, 2, 2, 1)
        grid.addWidget(self.working_days, 0, 3, 2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.trouble)
        layout.addLayout(grid)
        layout.addWidget(self.file_label)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self.show_year)
        self.show_year()

    def show_year(self) -> None:
        self.public.clear()
        for day, name in public_holidays(self.year.value(), ui_language()):
            self.public.addTopLevelItem(QTreeWidgetItem([long_date(day, ui_language()), name]))
        self.public.resizeColumnToContents(0)

    def public_rows(self) -> list[tuple[str, str]]:
        """The public holidays as the list shows them: (date, name)."""
        items = (self.public.topLevelItem(i) for i in range(self.public.topLevelItemCount()))
        return [(item.text(0), item.text(1)) for item in items if item is not None]

    def overrides(self) -> HolidayOverrides:
        return HolidayOverrides(self.days_off.days(), self.working_days.days())

    def save(self) -> None:
        write_overrides(self.overrides(), self.path)
        self.accept()
