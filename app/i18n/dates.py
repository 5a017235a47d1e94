"""Dates, place lines and enclosure lines in the style of the secretariat's notes (Babel, CLDR)."""

from __future__ import annotations

import datetime as dt
from typing import Final

_LONG_DATE_PATTERNS: Final[dict[str, str]] = {
    "en": "d MMMM y",
    "ru": "d MMMM y 'года'",
    "kk": "y 'жылғы' d MMMM",
}

# Kazakh ablative ("from / by the date"): the suffix follows the month name's last sound and
# vowel harmony. Spelled out per month so no guesswork reaches a note.
_KAZAKH_MONTH_ABLATIVE: Final[dict[str, str]] = {
    "қаңтар": "қаңтардан",
    "ақпан": "ақпаннан",
    "наурыз": "наурыздан",
    "сәуір": "сәуірден",
    "мамыр": "мамырдан",
    "маусым": "маусымнан",
    "шілде": "шілдеден",
    "тамыз": "тамыздан",
    "қыркүйек": "қыркүйектен",
    "қазан": "қазаннан",
    "қараша": "қарашадан",
    "желтоқсан": "желтоқсаннан",
}

_ENGLISH_MONTHS_SHORT: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
)  # fmt: skip

_ENCLOSURE_LINES: Final[dict[str, tuple[str, str, str]]] = {
    "en": ("Enclosure:", "as stated,", "on {pages} p."),
    "ru": ("Приложение:", "упомянутое,", "на {pages} л."),
    "kk": ("Қосымша:", "аталған,", "{pages} п."),
}


def long_date(day: dt.date, language: str, case: str = "nominative") -> str:
    """`29 December 2023`, `29 декабря 2023 года`, `2023 жылғы 29 желтоқсан`.

    `case="ablative"` gives the Kazakh form used with deadlines: `2023 жылғы 29 желтоқсаннан`.
    """
    try:
        pattern = _LONG_DATE_PATTERNS[language]
    except KeyError:
        raise ValueError(f"no date style for language {language!r}") from None
    from babel.dates import format_date  # imported when first needed: Babel is slow to load

    text = format_date(day, pattern, locale=language)
    if case == "nominative":
        return text
    if case == "ablative" and language == "kk":
        month = text.rsplit(" ", 1)[-1]
        return text[: -len(month)] + _KAZAKH_MONTH_ABLATIVE[month]
    raise ValueError(f"no {case} date form for language {language!r}")


def short_date(day: dt.date, language: str) -> str:
    """A date in a list or a table column: `29 Nov 2023` in English (day first, as the
    secretariat writes, never the American 11/29/23), `29.11.2023` in Russian and Kazakh."""
    if language == "en":
        return f"{day.day} {_ENGLISH_MONTHS_SHORT[day.month - 1]} {day.year}"
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def place_and_date(city: str, day: dt.date, language: str) -> str:
    """`Astana, 29 November 2023` / `город Астана, 29 ноября 2023 года` / `Астана қаласы, ...`."""
    return f"{city}, {long_date(day, language)}"


def enclosure_lines(pages: int, language: str) -> tuple[str, str, str]:
    """The enclosure line as the reference sets it, on three lines."""
    head, stated, count = _ENCLOSURE_LINES[language]
    return head, stated, count.format(pages=pages)


def enclosure_line(pages: int, language: str) -> str:
    """`Enclosure: as stated, on 6 p.` / `Приложение: упомянутое, на 6 л.` / `Қосымша: ...`."""
    return " ".join(enclosure_lines(pages, language))
