"""Kazakhstan's public holidays from the `holidays` library and the user's override file: the
days off that move an objection deadline when the sender's profile says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.deadlines import effective_deadline
from app.services.holiday_calendar import (
    HolidayFileError,
    HolidayOverrides,
    load_calendar,
    overrides_path,
    public_holidays,
    read_overrides,
    write_overrides,
)


def moved(deadline: dt.date, path: Path) -> dt.date:
    calendar = load_calendar(path)
    return effective_deadline(deadline, calendar.days_off, True, calendar.working_days)


def test_2027_new_year_and_christmas_are_days_off(tmp_path: Path) -> None:
    days_off = load_calendar(tmp_path / "none.toml").days_off
    # 2 January 2027 is a Saturday: its day off is carried over to Monday 4 January.
    for day in (dt.date(2027, 1, 1), dt.date(2027, 1, 2), dt.date(2027, 1, 4)):
        assert day in days_off
    assert dt.date(2027, 1, 7) in days_off  # Orthodox Christmas, a Thursday
    assert dt.date(2027, 1, 5) not in days_off and dt.date(2027, 1, 6) not in days_off
    assert moved(dt.date(2027, 1, 1), tmp_path / "none.toml") == dt.date(2027, 1, 5)
    assert moved(dt.date(2027, 1, 7), tmp_path / "none.toml") == dt.date(2027, 1, 8)


def test_2030_nowruz_and_capital_day_move_a_deadline(tmp_path: Path) -> None:
    none = tmp_path / "none.toml"
    # Nowruz: Thursday 21 to Saturday 23 March 2030, the Saturday's day off on Monday 25.
    assert moved(dt.date(2030, 3, 21), none) == dt.date(2030, 3, 26)
    # Capital Day, Saturday 6 July 2030, carried over to Monday 8 July.
    assert moved(dt.date(2030, 7, 6), none) == dt.date(2030, 7, 9)
    # An ordinary Wednesday stays.
    assert moved(dt.date(2030, 6, 12), none) == dt.date(2030, 6, 12)


def test_public_holidays_are_listed_by_name_in_date_order() -> None:
    listed = public_holidays(2027, "en")
    days = [day for day, _name in listed]
    assert days == sorted(days)
    assert (dt.date(2027, 12, 16), "Independence Day") in listed
    kazakh = dict(public_holidays(2027, "kk"))
    assert kazakh[dt.date(2027, 12, 16)] != "Independence Day"


def test_the_override_file_is_written_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(tmp_path / "config"))
    assert read_overrides() == HolidayOverrides()  # no file yet
    overrides = HolidayOverrides(
        days_off=frozenset({dt.date(2027, 1, 8), dt.date(2027, 1, 5)}),
        working_days=frozenset({dt.date(2027, 1, 9)}),
    )
    path = write_overrides(overrides)
    assert path == overrides_path() == tmp_path / "config" / "holidays.toml"
    assert "days_off = [2027-01-05, 2027-01-08]" in path.read_text(encoding="utf-8")
    assert read_overrides() == overrides
    calendar = load_calendar()
    assert dt.date(2027, 1, 8) in calendar.days_off
    assert dt.date(2027, 1, 9) in calendar.working_days
    # A moved working day is not a day off even when the library has a holiday on it.
    write_overrides(HolidayOverrides(working_days=frozenset({dt.date(2027, 1, 4)})))
    assert dt.date(2027, 1, 4) not in load_calendar().days_off


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("days_off = 2027-01-08\n", "days_off must be a list of dates"),
        ('working_days = ["9 January"]\n', "working_days must be a list of dates"),
        ("days_off = [2027-01-08T09:00:00]\n", "days_off must be a list of dates"),
        ("holidays = [2027-01-08]\n", "holidays is not a setting"),
        ("days_off = [\n", "cannot be read as TOML"),
    ],
)
def test_a_broken_override_file_is_a_sentence_naming_the_file(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HolidayFileError, match=says) as raised:
        read_overrides(path)
    assert str(path) in str(raised.value)
