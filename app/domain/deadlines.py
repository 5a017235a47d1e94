"""Objection deadlines: whether a weekend or a holiday moves one to the next working day.

Weekends and the configured holidays move a deadline only when the sender profile says so
(`SenderProfile.deadline_moves_to_working_day`); otherwise the date written in the note holds.
A day in `working_days` (a Saturday worked in exchange for a day off, by decree) is a working
day whatever else it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container

SATURDAY = 5


def is_working_day(
    day: dt.date, holidays: Container[dt.date], working_days: Container[dt.date] = frozenset()
) -> bool:
    """True for Monday to Friday unless the day is one of the holidays, and for any day that
    is one of the moved working days."""
    if day in working_days:
        return True
    return day.weekday() < SATURDAY and day not in holidays


def effective_deadline(
    deadline: dt.date,
    holidays: Container[dt.date],
    moves_to_working_day: bool,
    working_days: Container[dt.date] = frozenset(),
) -> dt.date:
    """The day objections are due: the deadline itself, or, when the sender's rule moves it,
    the first working day on or after it."""
    if not moves_to_working_day:
        return deadline
    day = deadline
    # Ends: no calendar has a year without a working weekday; the calendar's last day
    # (a Friday) ends it too.
    while not is_working_day(day, holidays, working_days) and day < dt.date.max:
        day += dt.timedelta(days=1)
    return day
