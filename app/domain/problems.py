"""Validation problems as data: every one names its field, where it matters its language, and
says what is wrong by a code and the parameters its sentence needs.

The sentences an officer reads are made in one place, `app.i18n.problems`, in the interface
language. `ENGLISH` here is only the developer's form (`str(problem)`, `ValidationError.report()`,
logs and tracebacks); nothing shown to an officer uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from dataclasses import field as _field
from typing import Final

#: A problem already put into words by the service that found it (the words in `params["text"]`).
WORDED: Final = "worded"

#: The developer's English form of each problem code, formatted with the problem's params.
ENGLISH: Final[dict[str, str]] = {
    WORDED: "{text}",
    "missing": "is missing",
    "field_missing": "{label} is missing",
    "empty": "is empty",
    "no_language": "a note needs at least one language",
    "plan_no_language": "a plan needs at least one language",
    "unknown_language": "unknown language {code!r}; use en, ru or kk",
    "language_twice": "a language is listed twice",
    "unknown_note_type": "unknown note type {note_type!r}; known: {known}",
    "number_not_in_series": "{number} is not in the series {series!r} of the note",
    "bad_series": "series prefix {prefix!r} must be 1-16 Latin capital letters",
    "body_missing": "the text of the note is missing",
    "deadline_needed": "a silence procedure needs a deadline",
    "event_date_needed": "an invitation needs the date of the event",
    "deadline_not_after": "{deadline} is not after the note's date {date}",
    "not_page_count": "{pages} is not a page count",
    "too_many_paragraphs": "more than {count} paragraphs",
    "too_long": "is {length} characters long; at most {limit} fit in a note",
    "cell_too_long": "is {length} characters long; at most {limit} fit in a plan cell",
    "control_character": "contains the control or unassigned character {char}",
    "no_forms": "{key!r} has no forms",
    "no_names": "{key!r} has no names",
    "letterhead_lacks": "names language {head!r} it lacks",
    "numbering_invalid": "{value!r} is not a numbering; use {modes}",
    "orientation_invalid": "{value!r} is not portrait or landscape",
    "no_columns": "a plan needs at least one column besides the number",
    "too_many_columns": "{count} columns; at most {limit} fit",
    "column_key_invalid": "{key!r} is not a column key (letters, digits, _; not {number_key!r})",
    "column_twice": "the column {key!r} is defined twice",
    "width_invalid": "{width} is not a relative width between 0.05 and 100",
    "block_kind_invalid": "{kind!r} is not a paragraph or bullet",
    "too_many_rows": "{count} rows; at most {limit} fit in a plan",
    "section_level_invalid": "{level} is not a section level (1 to {limit})",
    "section_after_none": (
        "a level-{level} section cannot follow no section in hierarchical numbering"
    ),
    "section_after_level": (
        "a level-{level} section cannot follow a level-{previous} one in hierarchical numbering"
    ),
    "spans_into_section": "the cell of {key!r} above spans down into this section heading",
    "not_a_column": "is not a column of the plan",
    "covered_has_text": "has text but is covered by the cell above that spans down",
    "rowspan_too_long": "{span} rows from row {row} do not fit in the table of {rows} rows",
    "text_in_other_language": "has text in a language the plan is not in",
    "font_cannot_print": "the note's font cannot print {characters}",
    "no_version": "the note has no {code} version",
    "no_sender_profile": "no sender profile in resources/senders",
    "no_template": "no {code} template for {note_type!r}",
    "template_needs_value": "{name} needs a value the note lacks: {error}",
    "plan_file_missing": "the plan file {path} does not exist",
    "plan_value_kind": "must be a file name (a .csv or .xlsx) or a table of the plan",
    "texts_needed": 'needs a text per language, like {{ en = "...", ru = "..." }}',
    "texts_table": "must be a table of texts per language",
    "not_plan_language": "{key!r} is not one of the plan's languages ({languages})",
    "must_be_text": "must be text",
    "not_plan_part": "is not a part of a plan",
    "plan_languages_list": 'must list the plan\'s languages, e.g. ["en", "ru"]',
    "not_a_number": "{text!r} is not a number",
    "column_needs_key": 'needs a key, e.g. {{ key = "events", en = "Events" }}',
    "preamble_needs_kind": 'needs kind = "paragraph" or "bullet" and its texts',
    "must_be_table": "must be a table",
    "not_a_date": "{text!r} is not a date like 2023-11-29",
    "file_too_large": "{path} is larger than {size} MB; a note file is a few kilobytes",
    "file_unreadable": "cannot read {path}: {reason}",
    "file_not_utf8": "{path} is not UTF-8 text",
    "file_not_toml": "{path} is not valid TOML: {reason}",
    "file_too_deep": "{path} nests lists or tables too deeply to be a note",
    "script_not_kazakh": "has no Kazakh letters (ә ғ қ ң ө ұ ү һ і): is it Russian text?",
    "script_cyrillic_in_english": "has Cyrillic letters in the English text: {words}",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (`field`, `language`), what (`code`, `params`)."""

    field: str
    code: str
    language: str | None = None
    params: Mapping[str, object] = _field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """The developer's English form of what is wrong (never shown to an officer)."""
        template = ENGLISH.get(self.code)
        if template is None:
            return f"{self.code} {dict(self.params)!r}"
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return f"{self.code} {dict(self.params)!r}"

    def __str__(self) -> str:
        where = f"{self.field} [{self.language}]" if self.language else self.field
        return f"{where}: {self.message}"


def worded(field_name: str, text: str, language: str | None = None) -> Problem:
    """A problem a service has already told in the interface language (file and TOML reading)."""
    return Problem(field_name, WORDED, language, {"text": text})


class ValidationError(ValueError):
    """Raised with every problem found at once, never just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """The developer's English form (logs, tracebacks); officers read app.i18n.problems."""
        lines = [f"{len(self.problems)} problem(s):"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(frozen=True)
class Refusal:
    """Why an edit was not made: a code and the parameters its sentence needs."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)
