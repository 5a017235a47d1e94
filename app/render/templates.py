"""The body of a note from its note type's Jinja2 template, as ReportLab paragraph markup."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, UndefinedError, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from app.domain.note import Note
from app.domain.problems import Problem, ValidationError
from app.i18n.dates import long_date
from app.i18n.replies import reply_phrase
from app.paths import templates_dir

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_SPACES = re.compile(r"\s+")


@pass_context
def _long_date_filter(context: Context, day: dt.date, case: str = "nominative") -> str:
    return long_date(day, context["language"], case)


class NoteTemplates:
    """The note-type templates of one folder, rendered in a sandbox with strict variables.

    Autoescaping makes every value safe for ReportLab's paragraph markup (`&`, `<`, `>`,
    quotes), while the template's own tags stay markup.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or templates_dir()
        self._environment = SandboxedEnvironment(
            loader=FileSystemLoader(str(self.directory)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self._environment.filters["long_date"] = _long_date_filter

    def has_template(self, note_type: str, language: str) -> bool:
        return (self.directory / note_type / f"{language}.j2").is_file()

    def paragraphs(self, note: Note, language: str) -> tuple[str, ...]:
        """The note's body paragraphs in one language, as escaped paragraph markup."""
        name = f"{note.note_type}/{language}.j2"
        try:
            template = self._environment.get_template(name)
        except TemplateNotFound:
            raise ValidationError(
                [
                    Problem(
                        "note_type",
                        "no_template",
                        language,
                        {"code": language, "note_type": note.note_type},
                    )
                ]
            ) from None
        try:
            text = template.render(self._variables(note, language))
        except UndefinedError as error:
            raise ValidationError(
                [
                    Problem(
                        "template",
                        "template_needs_value",
                        language,
                        {"name": name, "error": str(error)},
                    )
                ]
            ) from None
        return split_paragraphs(text)

    @staticmethod
    def _variables(note: Note, language: str) -> dict[str, Any]:
        return {
            "language": language,
            "sender": note.sender.name(language),
            "addressee": note.addressee.in_language(language),
            "fields": dict(note.fields.get(language, {})),
            "body": list(note.body_paragraphs(language)),
            "objection_deadline": note.objection_deadline,
            "event_date": note.event_date,
            "number": str(note.number) if note.number else "",
            "in_reply_to": (
                reply_phrase(note.in_reply_to.number, note.in_reply_to.date, language)
                if note.in_reply_to
                else ""
            ),
        }


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; line breaks and runs of spaces inside one are a space."""
    return tuple(
        Markup(_SPACES.sub(" ", chunk).strip())
        for chunk in _PARAGRAPH_BREAK.split(text)
        if chunk.strip()
    )
