"""The body of a note from its note type's Jinja2 template, as ReportLab paragraph markup."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    UndefinedError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from app.domain.note import Note
from app.domain.problems import Problem, ValidationError
from app.i18n.dates import long_date
from app.i18n.replies import reply_phrase
from app.paths import templates_dir, user_cache_dir
from app.private_files import private_folder

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_SPACES = re.compile(r"\s+")


#: How every note template is compiled; the compiled code is cached per these (see below).
_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}
#: Bumped whenever the compiled code would differ for another reason (the environment's class,
#: its filters' names, _OPTIONS): each value its own cache folder.
_CACHE_GENERATION = "sandboxed-1"


class _TemplateCodeCache(FileSystemBytecodeCache):
    """Jinja2's compiled templates kept in the user's private cache folder: compiling the three
    templates of a note costs a cold render ~7 ms, loading them back well under one. Jinja2
    keys each entry by the template's name and file and checks it against the source's SHA-1 and
    Jinja2's and Python's versions; the folder name holds _CACHE_GENERATION. Like Python's own
    __pycache__, the cache holds code (marshal, and a pickled checksum): it lives in a folder only
    the user may write (0700).
    A cache that cannot be written, or an entry that cannot be read, is only a compile more."""

    def load_bytecode(self, bucket: Bucket) -> None:
        if not self._private():
            return  # someone else could have written it: compiled from source instead
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable in any way (pickle, marshal): compiled again
            bucket.reset()

    _checked: bool | None = None

    def _private(self) -> bool:
        """The folder is the user's own and nobody else may write it (POSIX); asked once."""
        if self._checked is None:
            try:
                info = os.stat(self.directory)
            except OSError:
                return False  # not made yet: nothing to load
            # Windows: the user's profile folder is the user's.
            self._checked = not hasattr(os, "getuid") or (
                info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            )
        return self._checked

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            private_folder(self.directory)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _code_cache() -> _TemplateCodeCache:
    return _TemplateCodeCache(str(user_cache_dir() / "templates" / _CACHE_GENERATION))


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
            undefined=StrictUndefined,
            auto_reload=False,
            bytecode_cache=_code_cache(),
            **_OPTIONS,
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
