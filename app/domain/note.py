"""The note verbale: everything an officer states once, for all its language versions."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from app.domain.languages import LANGUAGE_ORDER, in_binding_order
from app.domain.note_types import NOTE_TYPES
from app.domain.number import NoteNumber
from app.domain.parties import Addressee, SenderProfile
from app.domain.plan import Plan
from app.domain.problems import Problem, ValidationError
from app.domain.verification import IssueMark

MAX_TEXT_LENGTH = 20_000
MAX_PARAGRAPHS = 200


@dataclass(frozen=True)
class ReplyTo:
    """The incoming note a note answers: its number as the sender wrote it and its date
    (`incoming_id` is the register's, None for a note file not yet in a register)."""

    number: str
    date: dt.date
    incoming_id: int | None = None


@dataclass(frozen=True)
class Enclosure:
    """Something sent with the note. `pages` is the count printed in the enclosure line: typed
    by the officer, or None to count the pages of the rendered `plan` (when there is one)."""

    pages: int | None = None
    titles: Mapping[str, str] = field(default_factory=dict)
    plan: Plan | None = None


@dataclass(frozen=True)
class Note:
    """A note verbale in all its parallel language versions."""

    note_type: str
    languages: tuple[str, ...]
    sender: SenderProfile
    addressee: Addressee
    date: dt.date
    series: str
    number: NoteNumber | None = None
    subject: str = ""
    #: Per language, the texts the note type asks the officer for (see NoteType.fields).
    fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: Per language, paragraphs of free text (the whole body for a free-text note).
    body: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    objection_deadline: dt.date | None = None
    event_date: dt.date | None = None
    enclosures: tuple[Enclosure, ...] = ()
    #: Given by the register when it issues the note (its verification code), None before:
    #: every page of an issued document carries it, a draft carries the draft mark instead.
    issue_mark: IssueMark | None = None
    #: The incoming note this one answers ("in reply to its Note No. 12/345 of ...").
    in_reply_to: ReplyTo | None = None

    @property
    def enclosure_pages(self) -> int:
        return sum(enclosure.pages or 0 for enclosure in self.enclosures)

    def field_text(self, language: str, key: str) -> str:
        return self.fields.get(language, {}).get(key, "")

    def body_paragraphs(self, language: str) -> tuple[str, ...]:
        return tuple(text for text in self.body.get(language, ()) if text.strip())

    def user_texts(self) -> Iterator[tuple[str, str | None, str]]:
        """Every piece of officer-supplied text as (field, language, text)."""
        yield "subject", None, self.subject
        for language in self.languages:
            for key, text in self.fields.get(language, {}).items():
                yield f"fields.{key}", language, text
            for index, text in enumerate(self.body.get(language, ()), start=1):
                yield f"body[{index}]", language, text
            forms = self.addressee.forms.get(language)
            if forms is not None:
                for part in ("nominative", "dative", "genitive", "foot"):
                    yield f"addressee.{part}", language, getattr(forms, part)
            name = self.sender.names.get(language)
            if name is not None:
                for part in ("official", "opening", "short", "city"):
                    yield f"sender.{part}", language, getattr(name, part)
            for index, enclosure in enumerate(self.enclosures, start=1):
                if language in enclosure.titles:
                    yield f"enclosures[{index}].title", language, enclosure.titles[language]

    def problems(self) -> list[Problem]:
        """Everything wrong with the note, each problem naming its field and language."""
        found: list[Problem] = []
        if not self.languages:
            found.append(Problem("languages", "no_language"))
        unknown = [code for code in self.languages if code not in LANGUAGE_ORDER]
        for code in unknown:
            found.append(Problem("languages", "unknown_language", params={"code": code}))
        if len(set(self.languages)) != len(self.languages):
            found.append(Problem("languages", "language_twice"))
        languages = in_binding_order(self.languages)

        kind = NOTE_TYPES.get(self.note_type)
        if kind is None:
            known = ", ".join(sorted(NOTE_TYPES))
            found.append(
                Problem(
                    "note_type",
                    "unknown_note_type",
                    params={"note_type": self.note_type, "known": known},
                )
            )

        found.extend(self.sender.problems(languages))
        found.extend(self.addressee.problems(languages))

        if self.number is not None and self.number.prefix != self.series:
            found.append(
                Problem(
                    "number",
                    "number_not_in_series",
                    params={"number": str(self.number), "series": self.series},
                )
            )
        try:
            NoteNumber(self.series, 1)
        except ValueError:
            found.append(Problem("series", "bad_series", params={"prefix": self.series}))

        if kind is not None:
            for language in languages:
                for spec in kind.fields:
                    if not self.field_text(language, spec.key).strip():
                        found.append(
                            Problem(
                                f"fields.{spec.key}",
                                "field_missing",
                                language,
                                {"label": spec.label},
                            )
                        )
                if kind.needs_body and not self.body_paragraphs(language):
                    found.append(Problem("body", "body_missing", language))
            if kind.needs_objection_deadline and self.objection_deadline is None:
                found.append(Problem("objection_deadline", "deadline_needed"))
            if kind.needs_event_date and self.event_date is None:
                found.append(Problem("event_date", "event_date_needed"))

        if self.objection_deadline is not None and self.objection_deadline <= self.date:
            found.append(
                Problem(
                    "objection_deadline",
                    "deadline_not_after",
                    params={
                        "deadline": self.objection_deadline.isoformat(),
                        "date": self.date.isoformat(),
                    },
                )
            )
        for index, enclosure in enumerate(self.enclosures, start=1):
            if enclosure.pages is not None and not 1 <= enclosure.pages <= 10_000:
                found.append(
                    Problem(
                        f"enclosures[{index}].pages",
                        "not_page_count",
                        params={"pages": enclosure.pages},
                    )
                )
            if enclosure.plan is not None:
                for plan_problem in enclosure.plan.problems():
                    found.append(
                        Problem(
                            f"enclosures[{index}].plan.{plan_problem.field}",
                            plan_problem.code,
                            plan_problem.language,
                            plan_problem.params,
                        )
                    )
        for language in languages:
            if len(self.body.get(language, ())) > MAX_PARAGRAPHS:
                found.append(
                    Problem("body", "too_many_paragraphs", language, {"count": MAX_PARAGRAPHS})
                )
        for field_name, text_language, text in self.user_texts():
            problem = text_problem(text)
            if problem:
                code, params = problem
                found.append(Problem(field_name, code, text_language, params))
        return found

    def validate(self) -> Note:
        """Return the note itself, or raise ValidationError listing every problem."""
        found = self.problems()
        if found:
            raise ValidationError(found)
        return self


def text_problem(text: str) -> tuple[str, dict[str, object]] | None:
    """Why a piece of text cannot go into a note (a problem code and its params), or None."""
    if len(text) > MAX_TEXT_LENGTH:
        return "too_long", {"length": len(text), "limit": MAX_TEXT_LENGTH}
    for char in text:
        if char in "\n\t":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn"):
            return "control_character", {"char": f"U+{ord(char):04X}"}
    return None
