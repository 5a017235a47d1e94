"""Problems, disagreements and refusals told as sentences in the interface language.

The domain and the services report what is wrong as data — a `Problem` (field, language, code,
params), a `Discrepancy` (kind, places), a `Refusal` (code, params) — and this is the one place
that turns them into words, with gettext and ngettext, for the GUI and the CLI alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from app.domain import plan_edits
from app.domain.consistency import (
    DATE,
    ENCLOSURE_PAGES,
    NOTE_NUMBER,
    NUMBER,
    PLAN,
    PLAN_NUMBERING,
    PLAN_ROWS,
    Discrepancy,
    Place,
)
from app.domain.plan import Column, Plan, PlanProblem
from app.domain.problems import ENGLISH, WORDED, Problem, Refusal
from app.i18n.field_labels import NOTE_TYPE_TEXTS, field_label, language_name
from app.i18n.messages import _, ngettext, ui_language

__all__ = [
    "NOTE_TYPE_TEXTS",
    "discrepancy_text",
    "field_label",
    "language_name",
    "message_text",
    "plan_problem_text",
    "problem_text",
    "problems_heading",
    "problems_report",
    "refusal_text",
]

Params = Mapping[str, object]


def _date(value: object) -> str:
    """An ISO date of a problem's params in the interface language's style."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    from app.i18n.dates import interface_date

    return interface_date(day)


def _quoted(value: object) -> str:
    """A typed value quoted as the interface language quotes ("…" in English, «…» otherwise)."""
    return f"“{value}”" if ui_language() == "en" else f"«{value}»"


#: Each problem code's sentence, given its params (the field's label is put before it).
_MESSAGES: dict[str, Callable[[Params], str]] = {
    WORDED: lambda p: str(p["text"]),
    "missing": lambda p: _("is missing"),
    "field_missing": lambda p: _("is missing"),
    "empty": lambda p: _("is empty"),
    "no_language": lambda p: _("a note needs at least one language"),
    "plan_no_language": lambda p: _("a plan needs at least one language"),
    "unknown_language": lambda p: _("unknown language {code}; use en, ru or kk").format(
        code=_quoted(p["code"])
    ),
    "language_twice": lambda p: _("a language is listed twice"),
    "unknown_note_type": lambda p: _("unknown note type {note_type}; known: {known}").format(
        note_type=_quoted(p["note_type"]), known=p["known"]
    ),
    "number_not_in_series": lambda p: _(
        "{number} is not in the series {series} of the note"
    ).format(number=p["number"], series=p["series"]),
    "bad_series": lambda p: (
        _("{prefix} is not a series: 1 to 16 Latin capital letters, such as PAR").format(
            prefix=p["prefix"]
        )
        if p["prefix"]
        else _("is missing")
    ),
    "body_missing": lambda p: _("the text of the note is missing"),
    "deadline_needed": lambda p: _("a silence procedure needs a deadline"),
    "event_date_needed": lambda p: _("an invitation needs the date of the event"),
    "deadline_not_after": lambda p: _("{deadline} is not after the note's date {date}").format(
        deadline=_date(p["deadline"]), date=_date(p["date"])
    ),
    "not_page_count": lambda p: _("{pages} is not a page count").format(**p),
    "too_many_paragraphs": lambda p: _("more than {count} paragraphs").format(**p),
    "too_long": lambda p: _("is {length} characters long; at most {limit} fit in a note").format(
        **p
    ),
    "cell_too_long": lambda p: _(
        "is {length} characters long; at most {limit} fit in a plan cell"
    ).format(**p),
    "control_character": lambda p: _("contains the control or unassigned character {code}").format(
        code=p["char"]
    ),
    "no_forms": lambda p: _("{key} has no names in this language").format(key=_quoted(p["key"])),
    "no_names": lambda p: _("{key} has no names in this language").format(key=_quoted(p["key"])),
    "letterhead_lacks": lambda p: _(
        "the letterhead names {language}, which the sender lacks"
    ).format(language=language_name(str(p["head"]))),
    "numbering_invalid": lambda p: _("{value} is not a numbering; use {modes}").format(
        value=_quoted(p["value"]), modes=p["modes"]
    ),
    "orientation_invalid": lambda p: _("{value} is not portrait or landscape").format(
        value=_quoted(p["value"])
    ),
    "no_columns": lambda p: _("a plan needs at least one column besides the number"),
    "too_many_columns": lambda p: ngettext(
        "{count} column; at most {limit} fit", "{count} columns; at most {limit} fit", _n(p)
    ).format(**p),
    "column_key_invalid": lambda p: _(
        "{key} is not a column key: use letters, digits and _"
    ).format(key=_quoted(p["key"])),
    "column_twice": lambda p: _("the column {key} is defined twice").format(key=_quoted(p["key"])),
    "width_invalid": lambda p: _("{width} is not a relative width between 0.05 and 100").format(
        **p
    ),
    "block_kind_invalid": lambda p: _("{kind} is not a paragraph or bullet").format(
        kind=_quoted(p["kind"])
    ),
    "too_many_rows": lambda p: ngettext(
        "{count} row; at most {limit} fit in a plan",
        "{count} rows; at most {limit} fit in a plan",
        _n(p),
    ).format(**p),
    "section_level_invalid": lambda p: _("{level} is not a section level (1 to {limit})").format(
        **p
    ),
    "section_after_none": lambda p: _(
        "a level-{level} section cannot follow no section in hierarchical numbering"
    ).format(**p),
    "section_after_level": lambda p: _(
        "a level-{level} section cannot follow a level-{previous} one in hierarchical numbering"
    ).format(**p),
    "spans_into_section": lambda p: _(
        "the cell of the column {key} above spans down into this section heading"
    ).format(key=_quoted(p["key"])),
    "not_a_column": lambda p: _("is not a column of the plan"),
    "covered_has_text": lambda p: _("has text but is covered by the cell above that spans down"),
    "rowspan_too_long": lambda p: ngettext(
        "{span} row from row {row} does not fit in the table of {rows} rows",
        "{span} rows from row {row} do not fit in the table of {rows} rows",
        int(str(p["span"])),
    ).format(**p),
    "text_in_other_language": lambda p: _("has text in a language the plan is not in"),
    "font_cannot_print": lambda p: _("the note's font cannot print {characters}").format(**p),
    "no_version": lambda p: _("the note has no {language} version").format(
        language=language_name(str(p["code"]))
    ),
    "no_sender_profile": lambda p: _("no sender profile in resources/senders"),
    "no_template": lambda p: _("the note type has no template in {language}").format(
        language=language_name(str(p["code"]))
    ),
    "template_needs_value": lambda p: _(
        "the template needs a value the note lacks: {error}"
    ).format(**p),
    "plan_file_missing": lambda p: _("the plan file {path} does not exist").format(**p),
    "plan_value_kind": lambda p: _("must be a file name (a .csv or .xlsx) or a table of the plan"),
    "texts_needed": lambda p: _('needs a text per language, like { en = "...", ru = "..." }'),
    "texts_table": lambda p: _("must be a table of texts per language"),
    "not_plan_language": lambda p: _(
        "{key} is not one of the plan's languages ({languages})"
    ).format(key=_quoted(p["key"]), languages=p["languages"]),
    "must_be_text": lambda p: _("must be text"),
    "not_plan_part": lambda p: _("is not a part of a plan"),
    "plan_languages_list": lambda p: _('must list the plan\'s languages, e.g. ["en", "ru"]'),
    "not_a_number": lambda p: _("{text} is not a number").format(text=_quoted(p["text"])),
    "column_needs_key": lambda p: _('needs a key, e.g. { key = "events", en = "Events" }'),
    "preamble_needs_kind": lambda p: _('needs kind = "paragraph" or "bullet" and its texts'),
    "must_be_table": lambda p: _("must be a table"),
    "not_a_date": lambda p: _("{text} is not a date like 29.11.2023").format(
        text=_quoted(p["text"])
    ),
    "file_too_large": lambda p: _(
        "{path} is larger than {size} MB; a note file is a few kilobytes"
    ).format(**p),
    "file_unreadable": lambda p: _("cannot read {path}: {reason}").format(**p),
    "file_not_utf8": lambda p: _("{path} is not UTF-8 text").format(**p),
    "file_not_toml": lambda p: _("{path} is not valid TOML: {reason}").format(**p),
    "file_too_deep": lambda p: _("{path} nests lists or tables too deeply to be a note").format(
        **p
    ),
    "script_not_kazakh": lambda p: _(
        "has no Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і): is it Russian text?"
    ),
    "script_cyrillic_in_english": lambda p: _(
        "has Cyrillic letters in the English text: {words}"
    ).format(**p),
}


def _n(params: Params) -> int:
    return int(str(params["count"]))


def message_text(problem: Problem) -> str:
    """What is wrong, in the interface language (without the field's label)."""
    tell = _MESSAGES.get(problem.code)
    if tell is None:  # a code without a sentence is a bug; tests/i18n checks every code
        raise KeyError(f"no sentence for the problem code {problem.code!r}")
    return tell(problem.params)


def problem_text(
    problem: Problem, note_type: str | None = None, column_names: Mapping[str, str] | None = None
) -> str:
    """`Short name after 'draft' (Русский): is missing`, in the interface language
    (`column_names`: a plan's column headings by key, see field_label)."""
    label = field_label(problem.field, note_type, column_names)
    if problem.language:
        label = _("{field} ({language})").format(
            field=label, language=language_name(problem.language)
        )
    return _("{field}: {message}").format(field=label, message=message_text(problem))


def problems_heading(count: int) -> str:
    return ngettext("{count} problem:", "{count} problems:", count).format(count=count)


def problems_report(problems: Sequence[Problem], note_type: str | None = None) -> str:
    """A ValidationError told in the interface language: a heading, then one problem a line."""
    lines = [problems_heading(len(problems))]
    lines.extend(f"  • {problem_text(problem, note_type)}" for problem in problems)
    return "\n".join(lines)


def column_names(columns: Sequence[Column], language: str | None = None) -> dict[str, str]:
    """Each column's heading by key, in `language` or else the interface's, English, any."""
    names: dict[str, str] = {}
    for column in columns:
        wanted = (language or "", ui_language(), "en", *column.headers)
        names[column.key] = next(
            (
                column.headers[code].strip()
                for code in wanted
                if column.headers.get(code, "").strip()
            ),
            column.key,
        )
    return names


def error_text(error: object) -> str:
    """An exception as the officer reads it: a ValidationError's problems told here (field
    labels, language names), anything else by its own message (already in words)."""
    from app.domain.problems import ValidationError

    if isinstance(error, ValidationError):
        return problems_report(error.problems)
    return str(error)


def _column_name(plan: Plan, key: str, language: str | None) -> str:
    return column_names(plan.columns, language).get(key, key)


def plan_problem_text(problem: Problem, plan: Plan) -> str:
    """A plan's problem told with its row, column and language as a person reads them
    ("Row 3, Participants, Русский: is missing"; "Column heading «Participants», Русский: …")."""
    places: list[str] = []
    row = problem.row if isinstance(problem, PlanProblem) else None
    column = problem.column if isinstance(problem, PlanProblem) else None
    if row is not None:
        places.append(_("Row {number}").format(number=row))
    if column is not None:
        name = _column_name(plan, column, problem.language)
        if problem.field.endswith(".header"):
            places.append(_("Column heading «{name}»").format(name=name))
        elif problem.field.endswith(".width"):
            places.append(_("Width of the column «{name}»").format(name=name))
        elif row is not None:
            places.append(name)
        else:
            places.append(_("Column «{name}»").format(name=name))
    if row is not None and column is None:
        if problem.field.endswith(".title"):
            places.append(_("section heading"))
        elif problem.field.endswith(".level"):
            places.append(_("section level"))
    if not places:
        places.append(field_label(problem.field))
    if problem.language:
        places.append(language_name(problem.language))
    return _("{field}: {message}").format(field=", ".join(places), message=message_text(problem))


# --- Disagreements between language versions ---------------------------------------------------


def _headline(kind: str) -> str:
    return {
        DATE: _("Dates disagree"),
        NUMBER: _("Numbers disagree"),
        NOTE_NUMBER: _("Note numbers disagree"),
        ENCLOSURE_PAGES: _("Enclosure page counts disagree"),
        PLAN_ROWS: _("Plan row counts disagree"),
        PLAN_NUMBERING: _("Plan numbering disagrees"),
    }[kind]


def _mentions_none(kind: str, place: str) -> str:
    if kind == DATE:
        return _("{place} mentions no such date").format(place=place)
    if kind == NOTE_NUMBER:
        return _("{place} mentions no such note number").format(place=place)
    return _("{place} mentions no such number").format(place=place)


def place_label(place: Place, note_type: str | None = None) -> str:
    """Where a version says it: "Русский, Text of the note, paragraph 2"."""
    language = language_name(place.language)
    if place.field == PLAN and place.paragraph:
        return _("{language}, plan row {number}").format(language=language, number=place.paragraph)
    if place.field == "enclosure" and place.paragraph:
        return _("{language}, enclosure {number}").format(language=language, number=place.paragraph)
    field = field_label(place.field, note_type)
    if place.paragraph:
        return _("{language}, {field}, paragraph {number}").format(
            language=language, field=field, number=place.paragraph
        )
    return _("{language}, {field}").format(language=language, field=field)


def _plan_rows_text(discrepancy: Discrepancy) -> str:
    counts = [
        ngettext("{language}: {count} row", "{language}: {count} rows", int(place.text)).format(
            language=language_name(place.language), count=int(place.text)
        )
        for place in discrepancy.places
        if place.text.isdigit()
    ]
    missing = discrepancy.params.get("missing", {})
    assert isinstance(missing, Mapping)
    details = [
        ngettext(
            "{language} has no text in {count} row: {rows}",
            "{language} has no text in {count} rows: {rows}",
            len(rows),
        ).format(
            language=language_name(language),
            count=len(rows),
            rows=", ".join(str(row) for row in rows),
        )
        for language, rows in missing.items()
        if rows
    ]
    return _("{headline}: {counts} ({details}).").format(
        headline=_headline(PLAN_ROWS), counts=", ".join(counts), details="; ".join(details)
    )


def discrepancy_text(discrepancy: Discrepancy, note_type: str | None = None) -> str:
    """A disagreement between versions as a sentence: "Dates disagree: English, Text of the
    note, paragraph 1 says «29 December 2023», Русский, … says «30 декабря 2023 года»."""
    if discrepancy.kind == PLAN_ROWS:
        return _plan_rows_text(discrepancy)
    parts = []
    for place in discrepancy.places:
        where = place_label(place, note_type)
        if place.text:
            parts.append(_("{place} says “{text}”").format(place=where, text=place.text))
        else:
            parts.append(_mentions_none(discrepancy.kind, where))
    return _("{headline}: {places}.").format(
        headline=_headline(discrepancy.kind), places="; ".join(parts)
    )


# --- Refusals of plan edits --------------------------------------------------------------------


def _counts(params: Params) -> str:
    counts = params.get("counts")
    assert isinstance(counts, Mapping)
    return ", ".join(f"{language_name(code)} {count}" for code, count in counts.items())


#: Each refusal code's sentence, given its parameters.
_REFUSALS: dict[str, Callable[[Params], str]] = {
    plan_edits.NO_ROW_BELOW: lambda p: _("There is no table row below to merge with."),
    plan_edits.CELL_BELOW_HAS_TEXT: lambda p: _(
        "The cell below has text; empty it first, so that nothing is lost."
    ),
    plan_edits.NOT_A_SECTION: lambda p: _("Only section headings have levels (1 to 3)."),
    plan_edits.NO_LANGUAGE: lambda p: _("A plan needs at least one language."),
    plan_edits.PREAMBLE_COUNTS_DIFFER: lambda p: _(
        "The preamble has a different number of paragraphs per language: {counts}."
    ).format(counts=_counts(p)),
    plan_edits.PREAMBLE_BULLET_ONE_LANGUAGE: lambda p: _(
        "Preamble paragraph {number} is a bullet in one language only."
    ).format(**p),
    plan_edits.SIGNATORY_DATE: lambda p: _(
        "Signatory {number}: “{text}” is not a date (type it as 29.11.2023 or 29 November 2023)."
    ).format(**p),
    plan_edits.COLUMN_KEY_INVALID: lambda p: _(
        "{key!r} is not a column key: use letters, digits and _"
    ).format(**p),
    plan_edits.COLUMN_KEY_TWICE: lambda p: _("The key {key!r} is used twice.").format(**p),
    plan_edits.COLUMN_WIDTH_INVALID: lambda p: _(
        "Row {row}: the width {text!r} is not a number from 0.05 to 100."
    ).format(**p),
    plan_edits.NO_COLUMNS: lambda p: _("A plan needs at least one column besides the number."),
}


def refusal_text(refusal: Refusal) -> str:
    """The sentence telling why an edit was refused."""
    tell = _REFUSALS.get(refusal.code)
    if tell is None:
        raise KeyError(f"no sentence for the refusal code {refusal.code!r}")
    return tell(refusal.params)


def english_codes() -> frozenset[str]:
    """Every problem code the domain knows (tests check each has a sentence here)."""
    return frozenset(ENGLISH)


def codes_told() -> frozenset[str]:
    return frozenset(_MESSAGES)
