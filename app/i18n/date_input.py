"""Dates as officers type them: `29.11.2023`, `29/11/2023`, `2023-11-29`, `29 Nov 2023`,
`29 November 2023`, `29 ноября 2023 года`, `2023 жылғы 29 қараша` — read back into a date, and
a date shown in the interface language's style for a field (`29 ноября 2023`)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Final

from app.i18n.messages import _

#: Words around a date that say nothing about it: "29 ноября 2023 года", "2023 жылғы 29 қараша".
_FILLER: Final = frozenset({"года", "год", "г", "жылғы", "жыл", "ж", "of", "the", "th", "st", "nd"})
_NUMERIC_DAY_FIRST: Final = re.compile(r"(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4}|\d{2})")
_NUMERIC_YEAR_FIRST: Final = re.compile(r"(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})")
_WORDS: Final = re.compile(r"\d+|[^\W\d_]+")
#: The shortest start of a month name taken for it ("nov", "ноя", "қар").
_SHORTEST_PREFIX: Final = 3
_ENTRY_PATTERN: Final = "d MMMM y"


class DateNotUnderstood(ValueError):
    """What was typed is not a date; the message says what is wrong and how to type one."""


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Every month name and abbreviation of English, Russian and Kazakh (CLDR, both the
    format and stand-alone forms: `ноября` and `ноябрь`), folded to lower case, to its number."""
    from babel import Locale  # imported when first needed: Babel is slow to load

    names: dict[str, int] = {"sept": 9}  # the British "Sept"
    for language in ("en", "ru", "kk"):
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names[name.casefold().rstrip(".")] = number
    return names


def _month_of(word: str) -> int | None:
    """The month `word` names, whole or by a start no other month shares; None if none does."""
    names = _month_names()
    if word in names:
        return names[word]
    if len(word) < _SHORTEST_PREFIX:
        return None
    found = {number for name, number in names.items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _not_understood(typed: str) -> DateNotUnderstood:
    return DateNotUnderstood(
        _("“{typed}” is not a date: type it as 29.11.2023 or 29 November 2023.").format(typed=typed)
    )


def _make(typed: str, year: int, month: int, day: int) -> dt.date:
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        message = _("“{typed}”: there is no month {month}; the day comes first, as in 29.11.2023.")
        raise DateNotUnderstood(message.format(typed=typed, month=month))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(
            _("“{typed}”: {month_year} has no day {day}.").format(
                typed=typed, month_year=_month_year(year, month), day=day
            )
        ) from None


def _month_year(year: int, month: int) -> str:
    from babel.dates import format_date

    from app.i18n.messages import ui_language

    return format_date(dt.date(year, month, 1), "LLLL y", locale=ui_language())


def parse_typed_date(typed: str, reference: dt.date | None = None) -> dt.date | None:
    """The date in `typed`, day first as the secretariat writes (`29.11.2023` is 29 November),
    or year first in ISO style; month names in English, Russian or Kazakh, whole, abbreviated
    or by their first letters, in any case. Nothing typed gives None. A day and month without
    a year take `reference`'s year. Raises DateNotUnderstood saying what is wrong."""
    text = " ".join(typed.split())
    if not text:
        return None
    if match := _NUMERIC_YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return _make(text, year, month, day)
    if match := _NUMERIC_DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return _make(text, year, month, day)
    words = [word for word in _WORDS.findall(text.casefold()) if word not in _FILLER]
    numbers = [word for word in words if word.isdigit()]
    names = [word for word in words if not word.isdigit()]
    if len(names) != 1 or not 1 <= len(numbers) <= 2:
        raise _not_understood(text)
    named = _month_of(names[0])
    if named is None:
        raise DateNotUnderstood(
            _("“{typed}”: “{word}” is not a month.").format(typed=text, word=names[0])
        )
    if len(numbers) == 1:
        if reference is None or len(numbers[0]) > 2:
            raise _not_understood(text)
        return _make(text, reference.year, named, int(numbers[0]))
    # The year is the four-digit number ("2023 жылғы 29 қараша"), else the second one.
    first, second = numbers
    if len(first) == 4 and len(second) <= 2:
        return _make(text, int(first), named, int(second))
    if len(first) > 2:
        raise _not_understood(text)
    return _make(text, int(second), named, int(first))


def entry_date_text(day: dt.date, language: str) -> str:
    """A date as a field shows it: `29 November 2023`, `29 ноября 2023`, `29 қараша 2023`."""
    from babel.dates import format_date

    return format_date(day, _ENTRY_PATTERN, locale=language)
