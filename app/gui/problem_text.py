"""Domain problems told in the interface language.

The domain (stdlib only) writes its problems in English with raw field keys
("fields.document_short_genitive", "objection_deadline"). Here, at the GUI boundary, each is
turned into a sentence an officer reads: the field's label, the language's name and the message
in the interface language. Fixed messages are marked with N_ below so pybabel extracts them;
messages with embedded values are matched by pattern; anything unknown passes through in English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from app.domain.languages import LANGUAGE_NAMES
from app.domain.note_types import NOTE_TYPES
from app.domain.problems import Problem
from app.i18n.messages import N_, _, ngettext, ui_language

#: The note types' labels and hints (app/domain/note_types.py), for extraction; shown with _().
NOTE_TYPE_TEXTS = (
    N_("Draft circulated under a silence procedure"),
    N_("Draft document"),
    N_("its title as it reads after 'the draft' (ru, kk: genitive)"),
    N_("Short name"),
    N_("as in 'hereinafter referred to as the Plan'"),
    N_("Short name after 'draft'"),
    N_("en: Plan; ru: Плана; kk: Жоспардың"),
    N_("Approving body"),
    N_(
        "as the deadline sentence needs it: the Senior Officials Committee / "
        "Комитета старших должностных лиц / Аға лауазымды тұлғалар комитетінің отырысында"
    ),
    N_("Transmittal of documents"),
    N_("Documents transmitted"),
    N_("as they read after 'has the honour to transmit' (ru: accusative; kk: accusative)"),
    N_("Invitation to an event"),
    N_("Event"),
    N_("as it reads after 'to participate in' (ru: prepositional)"),
    N_("Venue"),
    N_("as it reads after 'in' (ru: prepositional; kk: locative)"),
    N_("Free text"),
)

#: Labels of the note's and the plan's own fields, by the domain's key.
_FIELD_LABELS = {
    "languages": N_("Languages"),
    "note_type": N_("Note type"),
    "number": N_("Number"),
    "series": N_("Series"),
    "subject": N_("Subject"),
    "date": N_("Date"),
    "body": N_("Text of the note"),
    "objection_deadline": N_("Objection deadline"),
    "event_date": N_("Date of the event"),
    "addressee": N_("Addressee"),
    "sender": N_("Sender"),
    "sender.letterhead": N_("Letterhead"),
    "title": N_("Title"),
    "preamble": N_("Preamble"),
    "columns": N_("Columns"),
    "rows": N_("Rows"),
    "numbering": N_("Numbering"),
    "orientation": N_("Orientation"),
    "file": N_("File"),
}

#: The domain's fixed messages (app/domain/note.py, plan.py, parties.py), for extraction.
_FIXED_MESSAGES = {
    message: message
    for message in (
        N_("is missing"),
        N_("is empty"),
        N_("a note needs at least one language"),
        N_("a plan needs at least one language"),
        N_("a language is listed twice"),
        N_("the text of the note is missing"),
        N_("a silence procedure needs a deadline"),
        N_("an invitation needs the date of the event"),
        N_("a plan needs at least one column besides the number"),
        N_("is not a column of the plan"),
        N_("has text but is covered by the cell above that spans down"),
        N_("has text in a language the plan is not in"),
        N_("no sender profile in resources/senders"),
    )
}


def _date(text: str) -> str:
    from app.i18n.dates import long_date  # Babel loads when a problem names a date

    try:
        return long_date(dt.date.fromisoformat(text), ui_language())
    except ValueError:
        return text


def _not_after(match: re.Match[str]) -> str:
    return _("{deadline} is not after the note's date {date}").format(
        deadline=_date(match["deadline"]), date=_date(match["date"])
    )


def _unknown_language(match: re.Match[str]) -> str:
    return _("unknown language {code}; use en, ru or kk").format(code=match["code"])


def _not_pages(match: re.Match[str]) -> str:
    return _("{pages} is not a page count").format(pages=match["pages"])


def _bad_series(match: re.Match[str]) -> str:
    if not match["prefix"]:
        return _("is missing")
    return _("{prefix} is not a series: 1 to 16 Latin capital letters, such as PAR").format(
        prefix=match["prefix"]
    )


def _too_many_paragraphs(match: re.Match[str]) -> str:
    return _("more than {count} paragraphs").format(count=match["count"])


def _too_long(match: re.Match[str]) -> str:
    return _("is {length} characters long; at most {limit} fit in a note").format(
        length=match["length"], limit=match["limit"]
    )


def _control_character(match: re.Match[str]) -> str:
    return _("contains the control or unassigned character {code}").format(code=match["code"])


def _font_cannot_print(match: re.Match[str]) -> str:
    return _("the note's font cannot print {characters}").format(characters=match["chars"])


def _no_version(match: re.Match[str]) -> str:
    return _("the note has no {language} version").format(
        language=LANGUAGE_NAMES.get(match["code"], match["code"])
    )


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"(?P<deadline>\d{4}-\d\d-\d\d) is not after the note's date (?P<date>\S+)"),
        _not_after,
    ),
    (re.compile(r"unknown language '(?P<code>[^']*)'; use en, ru or kk"), _unknown_language),
    (re.compile(r"(?P<pages>-?\d+) is not a page count"), _not_pages),
    (
        re.compile(r"series prefix '(?P<prefix>[^']*)' must be 1-16 Latin capital letters"),
        _bad_series,
    ),
    (re.compile(r"more than (?P<count>\d+) paragraphs"), _too_many_paragraphs),
    (
        re.compile(r"is (?P<length>\d+) characters long; at most (?P<limit>\d+) fit in a note"),
        _too_long,
    ),
    (
        re.compile(r"contains the control or unassigned character (?P<code>U\+[0-9A-F]+)"),
        _control_character,
    ),
    (re.compile(r"the note's font cannot print (?P<chars>.+)"), _font_cannot_print),
    (re.compile(r"the note has no (?P<code>\w+) version"), _no_version),
    # "Short name is missing": the field's label already says which text is missing.
    (re.compile(r".+ is missing"), lambda _match: _("is missing")),
)


def message_text(message: str) -> str:
    """The domain's English message in the interface language (unknown ones stay English)."""
    if message in _FIXED_MESSAGES:
        return _(message)
    for pattern, translate in _PATTERNS:
        match = pattern.fullmatch(message)
        if match is not None:
            return translate(match)
    return message


_INDEXED = re.compile(r"(?P<name>\w+)\[(?P<index>\d+)\](?:\.(?P<rest>.*))?")


def field_label(field: str, note_type: str | None = None) -> str:
    """The field a problem names, as its label reads in the interface."""
    if field.startswith("fields."):
        key = field.removeprefix("fields.")
        kinds = [NOTE_TYPES[note_type]] if note_type in NOTE_TYPES else list(NOTE_TYPES.values())
        for kind in kinds:
            for spec in kind.fields:
                if spec.key == key:
                    return _(spec.label)
        return key
    if field in _FIELD_LABELS:
        return _(_FIELD_LABELS[field])
    if field.startswith(("addressee.", "addressee")):
        return _("Addressee")
    if field.startswith("sender."):
        return _("Sender")
    indexed = _INDEXED.fullmatch(field)
    if indexed is not None:
        name, index, rest = indexed["name"], indexed["index"], indexed["rest"] or ""
        if name == "enclosures":
            if rest == "pages":
                return _("Enclosure {number}: pages").format(number=index)
            if rest.startswith("plan."):
                inner = field_label(rest.removeprefix("plan."))
                return _("Enclosure {number}, plan: {field}").format(number=index, field=inner)
            return _("Enclosure {number}").format(number=index)
        if name == "rows":
            return _("Row {number}").format(number=index)
        if name == "signatories":
            return _("Signatory {number}").format(number=index)
        if name == "preamble":
            return _("Preamble")
    if field.startswith("columns."):
        return _("Columns")
    return field


def language_label(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code, code) if code else ""


def problem_text(problem: Problem, note_type: str | None = None) -> str:
    """`Short name after 'draft' (Русский): is missing`, in the interface language."""
    label = field_label(problem.field, note_type)
    if problem.language:
        label = _("{field} ({language})").format(
            field=label, language=language_label(problem.language)
        )
    return _("{field}: {message}").format(field=label, message=message_text(problem.message))


def problems_heading(count: int) -> str:
    return ngettext("{count} problem:", "{count} problems:", count).format(count=count)


def problems_report(problems: Sequence[Problem], note_type: str | None = None) -> str:
    """A ValidationError told in the interface language: a heading, then one problem a line."""
    lines = [problems_heading(len(problems))]
    lines.extend(f"  • {problem_text(problem, note_type)}" for problem in problems)
    return "\n".join(lines)
