"""Dates on the command line as people type them: `2023-11-29`, `29.11.2023`, `29 November
2023`, `29 ноября 2023`."""

from __future__ import annotations

import argparse
import datetime as dt


def typed_date(text: str) -> dt.date:
    """An argparse type: the date in `text`, or an error saying what is wrong and how to
    type one."""
    from app.i18n.date_input import DateNotUnderstood, parse_typed_date
    from app.i18n.messages import _

    try:
        parsed = parse_typed_date(text)
    except DateNotUnderstood as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if parsed is None:
        raise argparse.ArgumentTypeError(_("Give a date, such as 29.11.2023."))
    return parsed
