"""Setting up number series: creating one, or continuing a paper register from a number.

Only an administrator or a registrar does either; each change is an audit entry naming them.
A series is never moved back past a number already given out (app.register.numbering).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain.workflow import Role
from app.i18n.messages import _
from app.register import numbering
from app.register.models import Series, User, utcnow
from app.services import audit
from app.services.register import Register, RegisterError, SeriesInfo
from app.services.users import UserInfo, parse_roles

#: Who sets up number series.
SERIES_ROLES = frozenset({Role.ADMINISTRATOR, Role.REGISTRAR})

SERIES_CREATED = "series created"
SERIES_CONTINUED = "series continued"


class SeriesRefused(RegisterError):
    """A change to the number series refused; the message says why."""


def set_up_series(
    register: Register,
    user: UserInfo,
    prefix: str,
    *,
    title: str = "",
    yearly_reset: bool = False,
    next_running: int | None = None,
    now: dt.datetime | None = None,
) -> SeriesInfo:
    """Create series `prefix` if it is new and, with `next_running`, make that the next number
    it gives out; audited, in one transaction. Refused for anyone but an administrator or a
    registrar, and for a number that would reuse one already given out."""
    when = now or utcnow()
    refusal: SeriesRefused | None = None
    with register.writing() as session:
        row = session.get(User, user.id)
        roles = parse_roles(row.roles) if row is not None and row.roles else frozenset()
        if row is None or not row.active or not roles & SERIES_ROLES:
            refusal = SeriesRefused(
                _(
                    "Only an administrator or a registrar sets up number series; {login} is "
                    "neither."
                ).format(login=user.login)
            )
            audit.append(
                session,
                audit.FAILED_ATTEMPT,
                user_login=user.login,
                detail={"attempted": "set up series", "reason": str(refusal), "series": prefix},
                at=when,
            )
        else:
            existing = session.scalars(select(Series).where(Series.prefix == prefix)).one_or_none()
            try:
                series = numbering.ensure_series(
                    session, prefix, title=title, yearly_reset=yearly_reset
                )
            except ValueError as error:
                raise SeriesRefused(str(error)) from error
            if existing is None:
                audit.append(
                    session,
                    SERIES_CREATED,
                    user_login=user.login,
                    detail={"series": prefix, "title": title, "yearly_reset": yearly_reset},
                    at=when,
                )
            if next_running is not None:
                year = numbering.counter_year(series, None)
                before = numbering.next_running(session, series)
                numbering.set_next_running(session, series, next_running, year)
                audit.append(
                    session,
                    SERIES_CONTINUED,
                    user_login=user.login,
                    detail={"series": prefix, "year": year, "next": next_running, "was": before},
                    at=when,
                )
            return Register.series_info_in(session, series)
    assert refusal is not None
    raise refusal
