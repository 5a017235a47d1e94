"""Number series: atomic allocation of the next running number, never reused."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.number import NoteNumber
from app.register.models import AllocatedNumber, NoteRow, Series, SeriesCounter


class NumberingError(ValueError):
    pass


def get_series(session: Session, prefix: str) -> Series:
    series = session.scalars(select(Series).where(Series.prefix == prefix)).one_or_none()
    if series is None:
        raise NumberingError(f"there is no number series {prefix!r} in the register")
    return series


def ensure_series(
    session: Session, prefix: str, *, title: str = "", yearly_reset: bool = False
) -> Series:
    NoteNumber(prefix, 1)  # validates the prefix
    series = session.scalars(select(Series).where(Series.prefix == prefix)).one_or_none()
    if series is None:
        series = Series(prefix=prefix, title=title, yearly_reset=yearly_reset)
        session.add(series)
        session.flush()
    return series


def counter_year(series: Series, day: dt.date | None) -> int:
    if not series.yearly_reset:
        return 0
    return (day or dt.date.today()).year


def allocate(
    session: Session, series: Series, *, day: dt.date | None = None, note_id: int | None = None
) -> AllocatedNumber:
    """Give out the next number of `series`. Call inside a write transaction (BEGIN IMMEDIATE
    on SQLite, a row lock on the counter elsewhere): the counter update and the record of the
    number commit together, or neither does."""
    year = counter_year(series, day)
    running = session.execute(
        update(SeriesCounter)
        .where(SeriesCounter.series_id == series.id, SeriesCounter.year == year)
        .values(last_running=SeriesCounter.last_running + 1)
        .returning(SeriesCounter.last_running)
    ).scalar_one_or_none()
    if running is None:
        # First number of the series (or of the year): start after any number already used.
        # On a server another workstation may insert the same counter at the same moment: the
        # loser's insert (in a savepoint) fails on the counter's key, and it takes the next
        # number from the winner's row, as if it had come second.
        running = _last_used(session, series, year) + 1
        try:
            with session.begin_nested():
                session.execute(
                    insert(SeriesCounter).values(
                        series_id=series.id, year=year, last_running=running
                    )
                )
        except IntegrityError:
            running = session.execute(
                update(SeriesCounter)
                .where(SeriesCounter.series_id == series.id, SeriesCounter.year == year)
                .values(last_running=SeriesCounter.last_running + 1)
                .returning(SeriesCounter.last_running)
            ).scalar_one_or_none()
            if running is None:  # not a counter inserted meanwhile: a rule refused it
                raise
    number = AllocatedNumber(
        series_id=series.id,
        year=year,
        running=running,
        state="used" if note_id else "allocated",
        note_id=note_id,
    )
    session.add(number)
    session.flush()
    return number


def next_running(session: Session, series: Series, day: dt.date | None = None) -> int:
    """The running number `allocate` would give out next for a note dated `day` (a look only:
    another workstation may take it first)."""
    year = counter_year(series, day)
    counter = session.get(SeriesCounter, (series.id, year))
    if counter is not None:
        return int(counter.last_running) + 1
    return _last_used(session, series, year) + 1


def _last_used(session: Session, series: Series, year: int) -> int:
    used = session.scalar(
        select(func.max(AllocatedNumber.running)).where(
            AllocatedNumber.series_id == series.id, AllocatedNumber.year == year
        )
    )
    return int(used or 0)


def set_next_running(session: Session, series: Series, next_running: int, year: int = 0) -> None:
    """Continue an existing paper register: the next number given out will be `next_running`.
    Never moves backwards past a number already given out."""
    used = session.scalar(
        select(func.max(AllocatedNumber.running)).where(
            AllocatedNumber.series_id == series.id, AllocatedNumber.year == year
        )
    )
    noted = session.scalar(select(func.max(NoteRow.running)).where(NoteRow.series_id == series.id))
    floor = max(used or 0, noted or 0)
    if next_running <= floor:
        raise NumberingError(
            f"{series.prefix}/{next_running} would reuse a number; the last one given out is "
            f"{series.prefix}/{floor}"
        )
    counter = session.get(SeriesCounter, (series.id, year))
    if counter is None:
        session.add(SeriesCounter(series_id=series.id, year=year, last_running=next_running - 1))
    else:
        counter.last_running = next_running - 1
    session.flush()
