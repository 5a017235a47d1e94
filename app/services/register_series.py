"""Number series of the register: created, listed, numbers given out, cancelled."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.number import NoteNumber
from app.register import numbering
from app.register.models import AllocatedNumber, Series
from app.services.register_core import RegisterCore
from app.services.register_reading import RegisterError
from app.services.register_records import SeriesInfo


class RegisterSeries(RegisterCore):
    """The register's number series."""

    def ensure_series(
        self,
        prefix: str,
        *,
        title: str = "",
        yearly_reset: bool = False,
        next_running: int | None = None,
    ) -> SeriesInfo:
        with self._writing() as session:
            series = numbering.ensure_series(
                session, prefix, title=title, yearly_reset=yearly_reset
            )
            if next_running is not None:
                year = numbering.counter_year(series, None)
                numbering.set_next_running(session, series, next_running, year)
            return self.series_info_in(session, series)

    def list_series(self) -> list[SeriesInfo]:
        with self.db.reading() as session:
            rows = session.scalars(select(Series).order_by(Series.prefix)).all()
            return [self.series_info_in(session, row) for row in rows]

    @staticmethod
    def series_info_in(session: Session, series: Series) -> SeriesInfo:
        """A series as listed, read in the caller's session."""
        last = session.scalar(
            select(func.max(AllocatedNumber.running)).where(AllocatedNumber.series_id == series.id)
        )
        return SeriesInfo(series.prefix, series.title, series.yearly_reset, last or 0)

    def allocate_number(self, prefix: str, day: dt.date | None = None) -> NoteNumber:
        """Give out the next number of a series on its own (reserved, not yet used)."""
        with self._writing() as session:
            series = numbering.get_series(session, prefix)
            allocated = numbering.allocate(session, series, day=day)
            return NoteNumber(series.prefix, allocated.running)

    def next_number(self, prefix: str, day: dt.date) -> int:
        """The running number series `prefix` will give out next for a note dated `day`
        (1 for a series not created yet)."""
        with self.db.reading() as session:
            series = session.scalars(select(Series).where(Series.prefix == prefix)).one_or_none()
            return 1 if series is None else numbering.next_running(session, series, day)

    def cancel_number(self, number: NoteNumber, reason: str) -> None:
        """Mark a reserved number cancelled: it stays in the register and is never reused."""
        with self._writing() as session:
            series = numbering.get_series(session, number.prefix)
            row = session.scalars(
                select(AllocatedNumber).where(
                    AllocatedNumber.series_id == series.id,
                    AllocatedNumber.running == number.running,
                )
            ).first()
            if row is None:
                raise RegisterError(f"{number} was never given out")
            if row.state == "used":
                raise RegisterError(f"{number} belongs to an issued note and cannot be cancelled")
            row.state = "cancelled"
            row.reason = reason

    def number_states(self, prefix: str) -> dict[int, str]:
        """Every number given out in a series: running -> allocated / used / cancelled."""
        with self.db.reading() as session:
            series = numbering.get_series(session, prefix)
            rows = session.execute(
                select(AllocatedNumber.running, AllocatedNumber.state).where(
                    AllocatedNumber.series_id == series.id
                )
            ).all()
            return {running: state for running, state in rows}
