"""Holidays and working days in the settings: the year's public holidays of Kazakhstan as the
officer reads them, and the override file edited and saved from the dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.gui.holiday_settings import HolidaySettingsDialog
from app.gui.register_window import MainWindow
from app.services.holiday_calendar import HolidayOverrides, read_overrides, write_overrides
from app.services.register import Register

from .conftest import answer_modal


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(folder))
    return folder / "holidays.toml"


def test_the_years_public_holidays_are_shown_by_date_and_name(qtbot: QtBot, config: Path) -> None:
    dialog = HolidaySettingsDialog(today=lambda: dt.date(2027, 6, 1))
    qtbot.addWidget(dialog)
    rows = dialog.public_rows()
    assert rows[0] == ("1 January 2027", "New Year's Day")
    assert ("4 January 2027", "New Year's Day (observed)") in rows
    assert ("16 December 2027", "Independence Day") in rows
    dialog.year.setValue(2030)
    assert ("8 July 2030", "Capital Day (observed)") in dialog.public_rows()
    assert str(config) in dialog.file_label.text()


def test_days_typed_are_added_removed_and_saved_to_the_override_file(
    qtbot: QtBot, config: Path
) -> None:
    write_overrides(HolidayOverrides(days_off=frozenset({dt.date(2027, 1, 8)})))
    dialog = HolidaySettingsDialog(today=lambda: dt.date(2027, 1, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.days_off.shown() == ["8 January 2027"]

    qtbot.keyClicks(dialog.days_off.entry, "5.1.2027")
    qtbot.mouseClick(dialog.days_off.add_button, Qt.MouseButton.LeftButton)
    assert dialog.days_off.shown() == ["5 January 2027", "8 January 2027"]
    dialog.days_off.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.days_off.remove_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.working_days.entry, "9 January 2027")
    qtbot.mouseClick(dialog.working_days.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.working_days.entry, "the ninth")
    qtbot.mouseClick(dialog.working_days.add_button, Qt.MouseButton.LeftButton)
    assert dialog.working_days.problem.isVisible()
    assert dialog.working_days.shown() == ["9 January 2027"]

    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert read_overrides() == HolidayOverrides(
        days_off=frozenset({dt.date(2027, 1, 5)}), working_days=frozenset({dt.date(2027, 1, 9)})
    )


def test_a_broken_override_file_is_said_and_replaced_on_saving(qtbot: QtBot, config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("days_off = 8 January\n", encoding="utf-8")
    dialog = HolidaySettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.trouble.isVisible()
    assert "cannot be read as TOML" in dialog.trouble.text()
    dialog.save()
    assert read_overrides() == HolidayOverrides()


def test_the_register_window_opens_the_settings_from_the_file_menu(
    qtbot: QtBot, office: Register, config: Path
) -> None:
    window = MainWindow(office)
    qtbot.addWidget(window)
    (file_menu,) = [m for m in window.menuBar().actions() if m.text() == "&File"]
    named = "holiday_settings_action"
    (opening,) = [a for a in file_menu.menu().actions() if a.objectName() == named]
    seen: list[str] = []

    def close(dialog: object) -> None:
        assert isinstance(dialog, HolidaySettingsDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    answer_modal(close)
    opening.trigger()
    assert seen == ["Holidays and working days"]
