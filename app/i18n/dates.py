"""Dates, place lines and enclosure lines in the style of the secretariat's notes.

The month names are CLDR's (app.i18n.cldr_facts, precomputed from Babel): a render does not
load Babel's locale data for twelve words.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from app.i18n.cldr_facts import MONTHS

#: The long date of each document language, as CLDR patterns `d MMMM y`, `d MMMM y 'года'` and
#: `y 'жылғы' d MMMM` give it (tests/i18n/test_cldr_facts.py holds them equal to Babel's).
_LONG_DATE_FORMS: Final[dict[str, str]] = {
    "en": "{day} {month} {year}",
    "ru": "{day} {month} {year} года",
    "kk": "{year} жылғы {day} {month}",
}
#: The languages a document is written in, which have a long date.
DOCUMENT_LANGUAGES: Final = frozenset(_LONG_DATE_FORMS)

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
        form = _LONG_DATE_FORMS[language]
    except KeyError:
        raise ValueError(f"no date style for language {language!r}") from None
    month = MONTHS[language]["format"]["wide"][day.month - 1]
    if case == "nominative":
        return form.format(day=day.day, month=month, year=day.year)
    if case == "ablative" and language == "kk":
        return form.format(day=day.day, month=_KAZAKH_MONTH_ABLATIVE[month], year=day.year)
    raise ValueError(f"no {case} date form for language {language!r}")


def interface_date(day: dt.date) -> str:
    """A date in a sentence of the interface (a dialog, a refusal), in the style of the
    interface language: `29 November 2023`, `29 ноября 2023 года`, `2023 жылғы 29 қараша`."""
    from app.i18n.messages import ui_language

    language = ui_language()
    return long_date(day, language if language in DOCUMENT_LANGUAGES else "en")


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
