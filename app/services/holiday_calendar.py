"""The days that move an objection deadline: Kazakhstan's public holidays as the `holidays`
library keeps them (days off carried over from a weekend included), and the user's own
override file in their configuration folder for what a government decree announces each year:
extra days off, and working days moved onto a weekend.

The override file is `holidays.toml` in the user's configuration folder:

    days_off = [2027-01-08]
    working_days = [2027-01-09]

The `holidays` library is imported on the first deadline asked, never on a render's path.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n.messages import _
from app.paths import user_config_dir
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from holidays import HolidayBase

#: Whose public holidays count: the Republic of Kazakhstan (the secretariat's duty station).
COUNTRY = "KZ"
OVERRIDES_FILE = "holidays.toml"
_KEYS = ("days_off", "working_days")
#: The languages the holiday library names Kazakhstan's holidays in, by interface language.
_NAME_LANGUAGES = {"en": "en_US", "kk": "kk", "ru": "en_US"}


class HolidayFileError(RegisterError):
    """The override file cannot be read: the message names the file and the key."""


@dataclass(frozen=True)
class HolidayOverrides:
    """What the user adds to the public holidays: extra days off, and moved working days."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)


def overrides_path() -> Path:
    """Where the user's override file is (it need not exist)."""
    return user_config_dir() / OVERRIDES_FILE


def read_overrides(path: Path | None = None) -> HolidayOverrides:
    """The user's overrides; none when the file does not exist."""
    path = path or overrides_path()
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        return HolidayOverrides()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise HolidayFileError(
            _("{path} cannot be read as TOML: {error}").format(path=path, error=error)
        ) from error
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise HolidayFileError(
            _("{path}: {key} is not a setting; the file holds days_off and working_days.").format(
                path=path, key=unknown[0]
            )
        )
    return HolidayOverrides(
        days_off=_dates(path, "days_off", raw), working_days=_dates(path, "working_days", raw)
    )


def _dates(path: Path, key: str, raw: dict[str, Any]) -> frozenset[dt.date]:
    days = raw.get(key, [])
    if not isinstance(days, list) or not all(
        isinstance(day, dt.date) and not isinstance(day, dt.datetime) for day in days
    ):
        raise HolidayFileError(
            _("{path}: {key} must be a list of dates like 2027-01-08.").format(path=path, key=key)
        )
    return frozenset(days)


def write_overrides(overrides: HolidayOverrides, path: Path | None = None) -> Path:
    """Save the overrides (the whole file anew, replaced in one step); the file's path."""
    path = path or overrides_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Days that move objection deadlines besides Kazakhstan's public holidays.",
        "# days_off: extra days off (by decree); working_days: days worked though a weekend",
        "# or a holiday. Dates as YYYY-MM-DD.",
        f"days_off = {_toml_dates(overrides.days_off)}",
        f"working_days = {_toml_dates(overrides.working_days)}",
    ]
    temporary = path.with_name(path.name + ".new")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def _toml_dates(days: Iterable[dt.date]) -> str:
    return "[" + ", ".join(day.isoformat() for day in sorted(days)) + "]"


def public_holidays(year: int, ui_language: str = "en") -> list[tuple[dt.date, str]]:
    """Kazakhstan's public holidays of `year` with their names, in date order."""
    import holidays

    language = _NAME_LANGUAGES.get(ui_language, "en_US")
    days = holidays.country_holidays(COUNTRY, years=year, language=language)
    return sorted(days.items())


class DaysOff(Container[dt.date]):
    """Kazakhstan's public holidays and the user's extra days off, less the moved working
    days: `day in days_off`. Each year's holidays are worked out when a day of it is asked."""

    def __init__(self, overrides: HolidayOverrides) -> None:
        self.overrides = overrides
        self._public: HolidayBase | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date) or day in self.overrides.working_days:
            return False
        return day in self.overrides.days_off or day in self._public_holidays()

    def _public_holidays(self) -> HolidayBase:
        if self._public is None:
            import holidays

            self._public = holidays.country_holidays(COUNTRY)
        return self._public


@dataclass(frozen=True)
class WorkingCalendar:
    """The days off and the moved working days the deadline rule takes."""

    days_off: Container[dt.date]
    working_days: Container[dt.date]


def load_calendar(path: Path | None = None) -> WorkingCalendar:
    """Kazakhstan's calendar with the user's overrides (from `path`, else their file)."""
    overrides = read_overrides(path)
    return WorkingCalendar(DaysOff(overrides), overrides.working_days)


def fixed_calendar(days_off: Iterable[dt.date]) -> WorkingCalendar:
    """Exactly these days off and no moved working days (tests, a replay of a day's work)."""
    return WorkingCalendar(frozenset(days_off), frozenset())
