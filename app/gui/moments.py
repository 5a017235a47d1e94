"""Moments the register keeps (in UTC) as the officer reads them: local time, the interface
language's date."""

from __future__ import annotations

import datetime as dt

from app.i18n.messages import ui_language


def local(at: dt.datetime) -> dt.datetime:
    """`at` in the computer's time zone; a time without a zone is the register's UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone()


def moment_text(at: dt.datetime) -> str:
    """`29 November 2023, 14:05` / `29 ноября 2023 года, 14:05` in local time."""
    # Babel (behind long_date) loads on the first date shown, not at start-up.
    from app.i18n.dates import long_date

    here = local(at)
    try:
        day = long_date(here.date(), ui_language())
    except ValueError:
        day = here.date().isoformat()
    return f"{day}, {here:%H:%M}"
