"""A spreadsheet cell's value as the spreadsheet shows it: its number format applied.

A plan typed in Excel has numbers stored as numbers (`1.1` in the number column, `1.10` shown
with the format `0.00`, a date shown `15.03.2024`): the import must read what the officer sees,
not `1.1` or `2024-03-15 00:00:00`. Formats follow ECMA-376 §18.8.31: up to four sections
(positive; negative; zero; text), literal text in quotes or after a backslash, `0 # ?` digits,
`.` `,` `%` and `E+`, dates and times (`d dd ddd dddd m mm mmm mmmm yy yyyy h hh mm ss AM/PM`,
`m` after `h` or before `s` being minutes), and a locale tag (`[$-419]`) choosing the month names
(Russian, Kazakh or English, CLDR's, precomputed from Babel in app.i18n.cldr_facts).

(The Python port of SheetJS's SSF was tried first: it reads `DD.MM.YYYY` as day, minutes, year
and fails to start with today's Babel; so the common cases are done here.)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from typing import Any, Final

from app.i18n.cldr_facts import DAYS, MONTHS

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NUMBER_TOKENS = re.compile(
    r'"[^"]*"|\\.|_.|\*.|[0#?][0#?,]*(?:\.[0#?]*)?(?:[Ee][+-][0#]+)?|\.[0#?]+|%|.'
)
_PLACES = re.compile(r"[0#?][0#?,]*(?:\.[0#?]*)?(?:[Ee][+-][0#]+)?|\.[0#?]+")
_LOCALE = re.compile(r"\[\$[^\]-]*-([0-9A-Fa-f]+)\]")
_DATE_TOKENS = re.compile(
    r'"[^"]*"|\\.|_.|\*.|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|A/P|\.0+|.',
    re.IGNORECASE,
)
#: Windows locale ids of the languages the application knows (others: English names).
_LCID_LANGUAGES: Final = {0x419: "ru", 0x43F: "kk", 0x409: "en", 0x809: "en"}
_EXCEL_EPOCH: Final = dt.datetime(1899, 12, 30)


def cell_text(value: Any, number_format: str | None = "General") -> str:
    """The text a spreadsheet shows for `value` under `number_format`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    code = (number_format or "General").strip() or "General"
    try:
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            return _date_text(_as_datetime(value), code)
        if isinstance(value, int | float):
            if not math.isfinite(value):
                return str(value)
            if is_date_code(code):
                return _date_text(_EXCEL_EPOCH + dt.timedelta(days=float(value)), code)
            return number_text(float(value), code)
    except (ValueError, OverflowError, IndexError):
        pass  # a format this module cannot apply: show the value plainly
    return _general(float(value)) if isinstance(value, int | float) else str(value)


def _as_datetime(value: dt.datetime | dt.date | dt.time | dt.timedelta) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return dt.datetime.combine(_EXCEL_EPOCH.date(), value)
    return _EXCEL_EPOCH + value


def _sections(code: str) -> list[str]:
    """The format's sections, split at `;` outside quotes."""
    parts, current, quoted = [], [], False
    escape = False
    for char in code:
        if escape:
            current.append(char)
            escape = False
        elif char == "\\":
            current.append(char)
            escape = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@cache
def is_date_code(code: str) -> bool:
    """True when the format shows a date or time."""
    bare = _BRACKETS.sub("", _QUOTED.sub("", _sections(code)[0]))
    return bool(re.search(r"[dmyhs]", bare, re.IGNORECASE)) and "general" not in bare.lower()


def _general(value: float) -> str:
    """Excel's General format: up to 11 significant digits, no trailing zeros."""
    if value == int(value) and abs(value) < 1e11:
        return str(int(value))
    if abs(value) >= 1e11 or abs(value) < 1e-9:
        mantissa, exponent = f"{value:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"
    digits = max(0, 10 - math.floor(math.log10(abs(value))))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _literal(part: str) -> str:
    """A format part's literal text: quotes and escapes resolved, spacing marks dropped."""
    text = []
    for match in re.finditer(r'"([^"]*)"|\\(.)|_.|\*.|(.)', part, re.DOTALL):
        quoted, escaped, plain = match.groups()
        if quoted is not None:
            text.append(quoted)
        elif escaped is not None:
            text.append(escaped)
        elif plain is not None:
            text.append(plain)
        else:
            text.append(" " if match.group(0).startswith("_") else "")
    return "".join(text)


def number_text(value: float, code: str) -> str:
    sections = _sections(code)
    section = sections[0]
    negative_has_own = False
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, negative_has_own = sections[1], True
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    section = _BRACKETS.sub("", section)
    if section.strip().lower() in ("general", ""):
        return _general(abs(value) if negative_has_own else value)
    if section.strip() == "@":
        return _general(value)
    magnitude = abs(value) if negative_has_own or value >= 0 else -value
    sign = "-" if value < 0 and not negative_has_own else ""
    # Find the digits pattern: the run of 0 # ? , . % E+ outside literals.
    # The number's pattern is the first run of digit places (with one decimal point); a
    # second point or run is literal text, as in `0.0.` (3 -> 3.0.).
    tokens = [match.group(0) for match in _NUMBER_TOKENS.finditer(section)]
    places = next((i for i, token in enumerate(tokens) if _PLACES.fullmatch(token)), None)
    if places is None:
        return _literal(section)
    magnitude *= 100 ** tokens.count("%")
    out = [
        _digits(magnitude, token) if index == places else _literal(token)
        for index, token in enumerate(tokens)
    ]
    return sign + "".join(out)


def _digits(value: float, pattern: str) -> str:
    exponent_match = re.search(r"[Ee][+-]", pattern)
    if exponent_match:
        mantissa_pattern = pattern[: exponent_match.start()]
        exponent_digits = len(pattern) - exponent_match.end()
        exponent = math.floor(math.log10(value)) if value else 0
        mantissa = value / 10**exponent if value else 0.0
        body = _digits(mantissa, mantissa_pattern)
        sign = "-" if exponent < 0 else ("+" if pattern[exponent_match.start() + 1] == "+" else "")
        return f"{body}E{sign}{abs(exponent):0{exponent_digits}d}"
    # Trailing commas scale by thousands; a comma between digits groups them.
    while pattern.endswith(","):
        value /= 1000
        pattern = pattern[:-1]
    whole_pattern, _dot, fraction_pattern = pattern.partition(".")
    grouped = "," in whole_pattern
    whole_pattern = whole_pattern.replace(",", "")
    decimals = len(fraction_pattern)
    rounded = f"{value:.{decimals}f}"
    whole, _point, fraction = rounded.partition(".")
    minimum = whole_pattern.count("0")
    if whole == "0" and minimum == 0:
        whole = ""
    whole = whole.rjust(minimum, "0")
    if grouped and whole:
        whole = f"{int(whole):,}"
    if decimals:
        # `#` and `?` after the point drop trailing zeros (`?` keeps their room).
        required = len(fraction_pattern.rstrip("#?"))
        kept = fraction.rstrip("0")
        kept = kept.ljust(required, "0")
        spaces = len(fraction_pattern) - len(fraction_pattern.rstrip("?"))
        fraction = kept + " " * max(0, min(spaces, decimals - len(kept)))
        return f"{whole}.{fraction}" if fraction or _dot else whole
    return whole or ("0" if minimum else "")


def _locale(code: str) -> str:
    found = _LOCALE.search(code)
    if not found:
        return "en"
    return _LCID_LANGUAGES.get(int(found.group(1), 16) & 0xFFFF, "en")


def _month_names(language: str, width: str, context: str) -> tuple[str, ...]:
    """January..December (index 0..11) in `language` (CLDR, precomputed from Babel)."""
    return MONTHS[language][context][width]


def _day_names(language: str, width: str) -> tuple[str, ...]:
    """Monday..Sunday (index 0..6) in `language`, format context."""
    return DAYS[language][width]


def _date_text(moment: dt.datetime, code: str) -> str:
    section = _sections(code)[0]
    language = _locale(section)
    section = _BRACKETS.sub("", section)
    tokens = [match.group(0) for match in _DATE_TOKENS.finditer(section)]
    lowered = [token.lower() for token in tokens]
    twelve_hour = any(token in ("am/pm", "a/p") for token in lowered)
    has_day = any(token.startswith("d") and len(token) <= 2 for token in lowered)
    out: list[str] = []
    for index, token in enumerate(tokens):
        low = lowered[index]
        if low in ("yyyy",):
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in ("m", "mm") and _is_minutes(lowered, index):
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
        elif low == "mm":
            out.append(f"{moment.month:02d}")
        elif low == "m":
            out.append(str(moment.month))
        elif low in ("mmm", "mmmm", "mmmmm"):
            width = {"mmm": "abbreviated", "mmmm": "wide", "mmmmm": "narrow"}[low]
            context = "format" if has_day else "stand-alone"
            out.append(_month_names(language, width, context)[moment.month - 1])
        elif low in ("d", "dd"):
            out.append(f"{moment.day:02d}" if low == "dd" else str(moment.day))
        elif low in ("ddd", "dddd"):
            width = "abbreviated" if low == "ddd" else "wide"
            out.append(_day_names(language, width)[moment.weekday()])
        elif low in ("h", "hh"):
            hour = moment.hour % 12 or 12 if twelve_hour else moment.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("s", "ss"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low.startswith(".0"):
            digits = len(low) - 1
            out.append("." + f"{moment.microsecond / 1e6:.{digits}f}"[2:])
        elif low == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        elif low == "a/p":
            out.append("A" if moment.hour < 12 else "P")
        else:
            out.append(_literal(token))
    return "".join(out)


def _is_minutes(tokens: list[str], index: int) -> bool:
    """`m`/`mm` is minutes right after an hour or right before seconds (literals between)."""
    for before in reversed(tokens[:index]):
        if before in ("h", "hh"):
            return True
        if re.fullmatch(r"[a-z/]+", before):
            break
    for after in tokens[index + 1 :]:
        if after in ("s", "ss"):
            return True
        if re.fullmatch(r"[a-z/]+", after):
            break
    return False
