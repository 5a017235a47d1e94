"""The number series the officer last saved a note in: a new note starts in it."""

from __future__ import annotations

from app.gui import settings

LAST_SERIES_KEY = "note/lastSeries"


def last_series() -> str | None:
    return settings.text_value(LAST_SERIES_KEY) or None


def remember_series(prefix: str) -> None:
    if prefix:
        settings.set_value(LAST_SERIES_KEY, prefix)
