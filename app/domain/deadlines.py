"""Objection deadlines: whether a weekend or a holiday moves one to the next working day.

Weekends and the configured holidays move a deadline only when the sender profile says so
(`SenderProfile.deadline_moves_to_working_day`); otherwise the date written in the note holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

SATURDAY = 5


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """True for Monday to Friday unless the day is one of the holidays."""
    return day.weekday() < SATURDAY and day not in holidays


def effective_deadline(
    deadline: dt.date, holidays: Collection[dt.date], moves_to_working_day: bool
) -> dt.date:
    """The day objections are due: the deadline itself, or, when the sender's rule moves it,
    the first working day on or after it."""
    if not moves_to_working_day:
        return deadline
    day = deadline
    # Ends: the holidays are finitely many, so a weekday after the last of them is working;
    # the calendar's last day (a Friday) ends it too.
    while not is_working_day(day, holidays) and day < dt.date.max:
        day += dt.timedelta(days=1)
    return day
