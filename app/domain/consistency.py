"""The parallel-text consistency check: do the language versions of a note say the same thing?

The versions of a note are equally authentic, so every date, number and note number one of
them mentions must be mentioned by the others, the enclosure line must print the same page
count, and an enclosed plan must have the same rows and numbering in each of its languages.

Texts are compared per field and paragraph when every language has the same number of
paragraphs (that is how officers write parallel texts), otherwise per field as a whole. A date
whose year one language leaves out ("29 December" beside "29 декабря 2023 года") agrees with
any year. Pure functions: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final

from app.domain.languages import LANGUAGE_ORDER, in_binding_order
from app.domain.note import Note
from app.domain.number import NoteNumber
from app.domain.plan import Item, Plan, Section

DATE: Final = "date"
NUMBER: Final = "number"
NOTE_NUMBER: Final = "note number"
ENCLOSURE_PAGES: Final = "enclosure pages"
PLAN_ROWS: Final = "plan rows"
PLAN_NUMBERING: Final = "plan numbering"

#: The field name of a plan's table rows; their Place.paragraph is the row number.
PLAN: Final = "plan"

#: The developer's English form of each kind (`str(discrepancy)`, the audit log); an officer
#: reads the sentences of app.i18n.problems instead.
_DEVELOPER_HEADLINES: Final[dict[str, str]] = {
    DATE: "Dates disagree",
    NUMBER: "Numbers disagree",
    NOTE_NUMBER: "Note numbers disagree",
    ENCLOSURE_PAGES: "Enclosure page counts disagree",
    PLAN_ROWS: "Plan row counts disagree",
    PLAN_NUMBERING: "Plan numbering disagrees",
}

#: The enclosure line's page count as each language prints it (see the reference note).
_PAGES_PHRASES: Final[dict[str, str]] = {"en": "on {} p.", "ru": "на {} л.", "kk": "{} п."}


@dataclass(frozen=True)
class Place:
    """Where a language version says something. `paragraph` is 1-based (the row number for
    field "plan", the enclosure's position for "enclosure"); 0 means the field as a whole.
    `text` is the phrase as written, empty where the language says nothing of it."""

    language: str
    field: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class Discrepancy:
    """One disagreement between language versions, naming every place involved, as data:
    `kind` (DATE, NUMBER, ...), its `places` and, for PLAN_ROWS, `params["missing"]` (each
    language's rows without text). app.i18n.problems tells it in the interface language."""

    kind: str
    places: tuple[Place, ...]
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        """The developer's English form (tests, logs, the audit trail)."""
        if self.kind == PLAN_ROWS:
            counted = ", ".join(
                f"{place.language} plan has {place.text} rows" for place in self.places
            )
            missing = self.params.get("missing", {})
            assert isinstance(missing, Mapping)
            details = "; ".join(
                f"{language} has no text in row{'s' if len(rows) > 1 else ''} "
                + ", ".join(str(row) for row in rows)
                for language, rows in missing.items()
                if rows
            )
            return f"{_DEVELOPER_HEADLINES[PLAN_ROWS]}: {counted} ({details})."
        return _message(self.kind, self.places)


# --- Recognising what a text mentions ---------------------------------------------------------

_EN_MONTHS: Final[dict[str, int]] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
#: Russian months in the genitive, as dates write them ("30 декабря").
_RU_MONTHS: Final[dict[str, int]] = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
#: Kazakh months; a date may add a case ending (желтоқсанға, желтоқсаннан, желтоқсанда).
_KK_MONTHS: Final[dict[str, int]] = {
    "қаңтар": 1,
    "ақпан": 2,
    "наурыз": 3,
    "сәуір": 4,
    "мамыр": 5,
    "маусым": 6,
    "шілде": 7,
    "тамыз": 8,
    "қыркүйек": 9,
    "қазан": 10,
    "қараша": 11,
    "желтоқсан": 12,
}


def _alternatives(words: Sequence[str]) -> str:
    # Longest first, so "sept" wins over "sep" and "september" over both.
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


_NOT_WORD_BEFORE = r"(?<![\w])"
_NOT_DIGIT_AFTER = r"(?!\d)"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"

# "29 December 2023", "29th of December", "29 Dec.", "December 29, 2023", "Dec 29th".
# English month names need their capital, so the verb "may" is never a month.
_EN_FULL = [name for name in _EN_MONTHS if len(name) > 4 or name in ("may", "june", "july")]
_EN_SHORT = [name for name in _EN_MONTHS if name not in _EN_FULL]


def _capitalised(names: Sequence[str]) -> str:
    return _alternatives([name.capitalize() for name in names] + [name.upper() for name in names])


# An abbreviation may take a full stop ("Dec."); a full name's following stop ends the sentence.
_EN_MONTH = rf"(?P<month>{_capitalised(_EN_FULL)}|(?:{_capitalised(_EN_SHORT)})\.?)"
_EN_DAY_FIRST = re.compile(
    rf"{_NOT_WORD_BEFORE}{_DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+{_EN_MONTH}(?!\w)"
    rf"(?:,?\s+{_YEAR}{_NOT_DIGIT_AFTER})?"
)
_EN_MONTH_FIRST = re.compile(
    rf"{_NOT_WORD_BEFORE}{_EN_MONTH}\s+{_DAY}(?:st|nd|rd|th)?{_NOT_DIGIT_AFTER}(?![.,]\d)"
    rf"(?:,?\s+{_YEAR}{_NOT_DIGIT_AFTER})?"
)
# "30 декабря 2023 года", "30 декабря 2023 г.", "30 декабря".
_RU_DATE = re.compile(
    rf"{_NOT_WORD_BEFORE}{_DAY}(?:-?го)?\s+(?P<month>{_alternatives(list(_RU_MONTHS))})(?!\w)"
    rf"(?:\s+{_YEAR}{_NOT_DIGIT_AFTER})?",
    re.IGNORECASE,
)
# "2023 жылғы 29 желтоқсан", "2023 ж. 29 желтоқсаннан", "29 желтоқсанға"; in a range
# "2023 жылғы 12-14 қазанда" the first day stays a number, as "12" does in "12-14 October 2023".
_KK_DATE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_YEAR}\s*(?:жылғы|жылдың|ж\.)\s*)?"
    rf"(?:(?P<first>\d{{1,2}})\s*[-–—]\s*)?{_DAY}(?:-?ші|-?шы|-?сі|-?сы)?\s+"
    rf"(?P<month>{_alternatives(list(_KK_MONTHS))})\w*",
    re.IGNORECASE,
)
# "2023 жылғы желтоқсанның 29-ы": the month in the genitive before the day.
_KK_MONTH_FIRST = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_YEAR}\s*(?:жылғы|жылдың|ж\.)\s*)?"
    rf"(?P<month>{_alternatives(list(_KK_MONTHS))})(?:ның|нің|дың|дің|тың|тің)\s+"
    rf"{_DAY}{_NOT_DIGIT_AFTER}(?:-?[^\W\d_]+)?",
    re.IGNORECASE,
)
# "29.12.2023", "2023-12-29".
_DOTTED_DATE = re.compile(
    rf"{_NOT_WORD_BEFORE}{_DAY}\.(?P<nmonth>\d{{1,2}})\.{_YEAR}{_NOT_DIGIT_AFTER}"
)
_ISO_DATE = re.compile(rf"{_NOT_WORD_BEFORE}{_YEAR}-(?P<nmonth>\d{{1,2}})-{_DAY}{_NOT_DIGIT_AFTER}")

# "№PAR/1453", "№ PAR/1453", "PAR/1453", "№ PAR-1453" (the dash only after the sign, so
# "COVID-19" stays a number). Capitals may be Cyrillic look-alikes (РАR); NoteNumber decides.
_NOTE_NUMBER = re.compile(
    r"(?:№\s*(?P<signed>[A-ZА-Я]{1,16}\s*[/\-]\s*\d{1,9})"
    r"|(?<![\w/])(?P<bare>[A-ZА-Я]{1,16}\s*/\s*\d{1,9}))(?!\d)"
)

# Digit groups: "1,000", "1 000" (any space) and "1000" are one number; "1.5" and "1,5" too;
# a time "10:30" reads like "10.30", so "10:00" and "10.00" agree with "10 a.m.".
_GROUP_SEPARATOR = "[,\u0020\u00a0\u202f\u2009]"
_NUMBER = re.compile(
    rf"{_NOT_WORD_BEFORE}(?P<whole>\d{{1,3}}(?:{_GROUP_SEPARATOR}\d{{3}})+(?!\d)|\d+)"
    r"(?:[.,](?P<fraction>\d+)|:(?P<minutes>\d{2})(?!\d))?"
)

# A number typed at the head of a plan row's text: "2.1", "2.1.", "7.", "II.", "7)" (a bare
# "8" is the start of "8 seminars").
_ROW_NUMBERING = re.compile(r"^\s*(?P<number>(?:\d+\.)+\d*|\d+\)|[IVXLCDM]+[.)])(?=\s)")


Span = tuple[int, int]


@dataclass(frozen=True)
class _Mention:
    """Something a text mentions: its kind, a comparable value, the phrase and its paragraph."""

    kind: str
    value: tuple[object, ...]
    phrase: str
    paragraph: int


def _month_day(month: int, day: int, year: int | None) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year, so 29 February passes
    except ValueError:
        return False
    return True


def _dates(text: str) -> Iterator[tuple[int, int, tuple[object, ...], Span]]:
    """Every date in the text as (start, end, (month, day, year or None), span left unread):
    the unread span is the first day of a Kazakh range, read as a number like the others'."""
    # Every language is searched with every pattern: an English version may quote a Russian
    # date and the other way round.
    patterns: list[tuple[re.Pattern[str], Mapping[str, int]]] = [
        (_EN_DAY_FIRST, _EN_MONTHS),
        (_EN_MONTH_FIRST, _EN_MONTHS),
        (_RU_DATE, _RU_MONTHS),
        (_KK_DATE, _KK_MONTHS),
        (_KK_MONTH_FIRST, _KK_MONTHS),
    ]
    taken: list[tuple[int, int]] = []
    for pattern in (_DOTTED_DATE, _ISO_DATE):
        for match in pattern.finditer(text):
            numeric = (int(match["nmonth"]), int(match["day"]), int(match["year"]))
            if _month_day(*numeric) and not _overlaps(match.span(), taken):
                taken.append(match.span())
                yield match.start(), match.end(), numeric, (0, 0)
    for pattern, months in patterns:
        for match in pattern.finditer(text):
            month_word = match["month"].rstrip(".").lower()
            named_month = _month_number(month_word, months)
            day = int(match["day"])
            year = int(match["year"]) if match["year"] else None
            if named_month is None or not _month_day(named_month, day, year):
                continue
            if _overlaps(match.span(), taken):
                continue
            taken.append(match.span())
            ranged = "first" in pattern.groupindex and match["first"] is not None
            unread = match.span("first") if ranged else (0, 0)
            yield match.start(), match.end(), (named_month, day, year), unread


def _month_number(word: str, months: Mapping[str, int]) -> int | None:
    if word in months:
        return months[word]
    # A Kazakh month with its case ending: the longest month name it starts with.
    for name in sorted(months, key=len, reverse=True):
        if word.startswith(name):
            return months[name]
    return None


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the given spans blanked out, so their digits are not read twice."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _mentions(text: str, paragraph: int) -> list[_Mention]:
    """Every date, note number and other number the text mentions, in reading order."""
    found: list[tuple[int, _Mention]] = []
    spans: list[tuple[int, int]] = []
    for start, end, value, unread in _dates(text):
        if unread[0] < unread[1]:
            spans.extend([(start, unread[0]), (unread[1], end)])
        else:
            spans.append((start, end))
        found.append((start, _Mention(DATE, value, text[start:end].strip(), paragraph)))
    masked = _mask(text, spans)
    for match in _NOTE_NUMBER.finditer(masked):
        written = match["signed"] or match["bare"]
        try:
            number = NoteNumber.parse(written)
        except ValueError:
            continue
        spans.append(match.span())
        phrase = text[match.start() : match.end()]
        found.append((match.start(), _Mention(NOTE_NUMBER, (number.code,), phrase, paragraph)))
    masked = _mask(text, spans)
    for match in _NUMBER.finditer(masked):
        amount = _number_value(match["whole"], match["fraction"] or match["minutes"])
        if amount is None:
            continue
        phrase = text[match.start() : match.end()]
        found.append((match.start(), _Mention(NUMBER, (amount,), phrase, paragraph)))
    found.sort(key=lambda pair: pair[0])
    return [mention for _, mention in found]


def _number_value(whole: str, fraction: str | None) -> str | None:
    digits = re.sub(r"\D", "", whole)
    try:
        value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        return None
    # normalize() makes 1.50 and 1.5 equal; format 'f' keeps 1000 from becoming 1E+3.
    return format(value.normalize(), "f")


# --- Comparing --------------------------------------------------------------------------------


def _agree(one: _Mention, other: _Mention) -> bool:
    if one.kind != other.kind:
        return False
    if one.kind == DATE:
        month, day, year = one.value
        other_month, other_day, other_year = other.value
        same_day = (month, day) == (other_month, other_day)
        return same_day and (year is None or other_year is None or year == other_year)
    return one.value == other.value


def _label(place: Place) -> str:
    if place.field == PLAN and place.paragraph:
        return f"{place.language} plan row {place.paragraph}"
    if place.paragraph:
        return f"{place.language} {place.field} ¶{place.paragraph}"
    return f"{place.language} {place.field}"


def _message(kind: str, places: Sequence[Place]) -> str:
    parts = []
    for place in places:
        if place.text:
            parts.append(f'{_label(place)} says "{place.text}"')
        else:
            parts.append(f"{_label(place)} mentions no such {kind}")
    return f"{_DEVELOPER_HEADLINES[kind]}: {', '.join(parts)}."


def _compare(
    field: str,
    mentions: Mapping[str, Sequence[_Mention]],
    whole_field: bool,
    paragraph: int,
) -> list[Discrepancy]:
    """Discrepancies between the mentions each language makes in one paragraph (or field)."""
    found: list[Discrepancy] = []
    languages = list(mentions)
    if len(languages) < 2:
        return found
    for kind in (DATE, NOTE_NUMBER, NUMBER):
        said = {lang: [m for m in mentions[lang] if m.kind == kind] for lang in languages}
        # A mention is matched when every other language mentions something that agrees with
        # it. How often each says it does not matter: a translation may say "the date" the
        # second time.
        left: dict[str, list[_Mention]] = {}
        for language in languages:
            unmatched: list[_Mention] = []
            for mention in said[language]:
                if any(m.value == mention.value for m in unmatched):
                    continue
                others = (other for other in languages if other != language)
                if not all(any(_agree(mention, m) for m in said[other]) for other in others):
                    unmatched.append(mention)
            left[language] = unmatched
        # What is left disagrees: pair the leftovers of each language in reading order.
        rounds = max(len(rest) for rest in left.values())  # 0 when all agree
        for index in range(rounds):
            places = []
            for language in languages:
                rest = left[language]
                if index < len(rest):
                    mention = rest[index]
                    at = mention.paragraph if whole_field else paragraph
                    places.append(Place(language, field, at, mention.phrase))
                else:
                    places.append(Place(language, field, 0 if whole_field else paragraph, ""))
            found.append(Discrepancy(kind, tuple(places)))
    return found


def _compare_texts(field: str, texts: Mapping[str, Sequence[str]]) -> list[Discrepancy]:
    """Compare one field's paragraphs across languages; languages with no text are left out."""
    present = {language: paragraphs for language, paragraphs in texts.items() if paragraphs}
    if len(present) < 2:
        return []
    counts = {len(paragraphs) for paragraphs in present.values()}
    found: list[Discrepancy] = []
    if len(counts) == 1:
        for index in range(counts.pop()):
            mentions = {
                language: _mentions(paragraphs[index], index + 1)
                for language, paragraphs in present.items()
            }
            found.extend(_compare(field, mentions, whole_field=False, paragraph=index + 1))
        return found
    mentions = {
        language: [
            mention
            for index, paragraph in enumerate(paragraphs, start=1)
            for mention in _mentions(paragraph, index)
        ]
        for language, paragraphs in present.items()
    }
    return _compare(field, mentions, whole_field=True, paragraph=0)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"\n\s*\n", text) if part.strip())


def _field_keys(note: Note, languages: Sequence[str]) -> list[str]:
    keys: list[str] = []
    for language in languages:
        for key in note.fields.get(language, {}):
            if key not in keys:
                keys.append(key)
    return keys


def _plan_discrepancies(plan: Plan, field: str) -> list[Discrepancy]:
    """Rows, numbering, dates and numbers of a plan's language versions."""
    languages = in_binding_order(plan.languages)
    found: list[Discrepancy] = []
    if len(languages) < 2:
        return found
    found.extend(
        _compare_texts(
            f"{field} title",
            {lang: _paragraphs(plan.title.get(lang, "")) for lang in languages},
        )
    )
    for index, block in enumerate(plan.preamble, start=1):
        mentions = {
            language: _mentions(block.text(language), index)
            for language in languages
            if block.text(language).strip()
        }
        found.extend(_compare(f"{field} preamble", mentions, whole_field=False, paragraph=index))

    missing: dict[str, list[int]] = {language: [] for language in languages}
    for number, row in enumerate(plan.rows, start=1):
        texts = {language: _row_text(row, language) for language in languages}
        if any(texts.values()):
            for language, text in texts.items():
                if not text.strip():
                    missing[language].append(number)
        typed = {
            language: match["number"]
            for language, text in texts.items()
            if (match := _ROW_NUMBERING.match(text))
        }
        written = {language: text for language, text in texts.items() if text.strip()}
        # A number typed at the head of the row in every language is the row's numbering; typed
        # in only some, it is compared as an ordinary number below.
        numbered = len(written) >= 2 and set(typed) == set(written)
        if numbered and len({_numbering_key(value) for value in typed.values()}) > 1:
            places = [Place(language, PLAN, number, value) for language, value in typed.items()]
            found.append(Discrepancy(PLAN_NUMBERING, tuple(places)))
        mentions = {
            language: _mentions(
                _ROW_NUMBERING.sub(" ", text, count=1) if numbered else text, number
            )
            for language, text in written.items()
        }
        found.extend(_compare(PLAN, mentions, whole_field=False, paragraph=number))
    if any(missing.values()):
        counts = {language: len(plan.rows) - len(rows) for language, rows in missing.items()}
        places = [Place(language, PLAN, 0, str(count)) for language, count in counts.items()]
        rows_missing = {language: tuple(rows) for language, rows in missing.items() if rows}
        found.append(Discrepancy(PLAN_ROWS, tuple(places), {"missing": rows_missing}))
    return found


def _row_text(row: Item | Section, language: str) -> str:
    if isinstance(row, Section):
        return row.title(language).strip()
    return "\n".join(
        cell.text(language).strip() for cell in row.cells.values() if cell.text(language).strip()
    )


def _numbering_key(typed: str) -> str:
    return typed.rstrip(".)")


def _enclosure_pages(pages: Mapping[str, int]) -> list[Discrepancy]:
    if len(set(pages.values())) <= 1:
        return []
    places = [
        Place(
            language,
            "enclosure",
            0,
            _PAGES_PHRASES.get(language, "{}").format(count),
        )
        for language, count in sorted(pages.items(), key=lambda item: _binding_index(item[0]))
    ]
    return [Discrepancy(ENCLOSURE_PAGES, tuple(places))]


def _binding_index(language: str) -> int:
    return LANGUAGE_ORDER.index(language) if language in LANGUAGE_ORDER else len(LANGUAGE_ORDER)


def find_discrepancies(
    note: Note, enclosure_pages: Mapping[str, int] | None = None
) -> list[Discrepancy]:
    """Every disagreement between the note's language versions, each reported once.

    `enclosure_pages` maps each language to the page count its enclosure line will print
    (None skips that comparison).
    """
    languages = in_binding_order(note.languages)
    found: list[Discrepancy] = []
    for key in _field_keys(note, languages):
        found.extend(
            _compare_texts(
                key, {lang: _paragraphs(note.field_text(lang, key)) for lang in languages}
            )
        )
    found.extend(_compare_texts("body", {lang: note.body_paragraphs(lang) for lang in languages}))
    for index, enclosure in enumerate(note.enclosures, start=1):
        mentions = {
            language: _mentions(enclosure.titles[language], index)
            for language in languages
            if enclosure.titles.get(language, "").strip()
        }
        found.extend(_compare("enclosure", mentions, whole_field=False, paragraph=index))
        if enclosure.plan is not None:
            found.extend(_plan_discrepancies(enclosure.plan, PLAN))
    if enclosure_pages is not None:
        found.extend(_enclosure_pages(enclosure_pages))
    return found
