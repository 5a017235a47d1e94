"""The phrase a reply carries in each language, and the Kazakh date before a noun.

en "in reply to its Note No. 12/345 of 10 December 2023", ru "в ответ на ноту № 12/345 от
10 декабря 2023 года", kk "2023 жылғы 10 желтоқсандағы № 12/345 нотаға жауап ретінде". The
number is the sender's as written, its own "No." / "№" taken off and the language's put on.
"""

from __future__ import annotations

import datetime as dt
import re

from app.i18n.dates import long_date

_NUMBER_SIGN = re.compile(r"^\s*(?:No\.?|Nr\.?|N°|№)\s*", re.IGNORECASE)
_KAZAKH_MONTHS_ATTRIBUTIVE = (
    "қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы",
)  # fmt: skip


def bare_number(written: str) -> str:
    """`No. 12/345` -> `12/345` (the number without its sign)."""
    return _NUMBER_SIGN.sub("", written).strip()


def kazakh_attributive_date(day: dt.date) -> str:
    """`2023 жылғы 10 желтоқсандағы` (the date as it stands before a noun)."""
    return f"{day.year} жылғы {day.day} {_KAZAKH_MONTHS_ATTRIBUTIVE[day.month - 1]}"


def reply_phrase(number: str, day: dt.date, language: str) -> str:
    """The words that tie a reply to the note it answers, in `language` (en, ru, kk)."""
    bare = bare_number(number)
    if language == "ru":
        return f"в ответ на ноту № {bare} от {long_date(day, 'ru')}"
    if language == "kk":
        return f"{kazakh_attributive_date(day)} № {bare} нотаға жауап ретінде"
    return f"in reply to its Note No. {bare} of {long_date(day, 'en')}"
