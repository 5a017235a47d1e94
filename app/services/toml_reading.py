"""Typed reading of parsed TOML: a value of the wrong type, or a key nobody reads, becomes a
problem naming its field; nothing is turned into text with str() and nothing is left out.

`TomlValues` collects the problems while a note (or a sender, an addressee) is read from it.
A problem says what the field must be and what kind of value it holds ("must be text in
quotes, not a table"), never the value's Python form (`{'a': 2}`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from app.domain.problems import Problem, worded
from app.i18n.messages import _

Table = Mapping[str, Any]


def kind_of(value: Any) -> str:
    """What kind of TOML value `value` is, in words ("a number", "a table"...)."""
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, dt.datetime):
        return _("a date and time")
    if isinstance(value, dt.date):
        return _("a date")
    if isinstance(value, dt.time):
        return _("a time")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, Mapping):
        return _("a table")
    return _("a value of another kind")


class TomlValues:
    """Reads typed values out of parsed TOML, adding a problem for each one that is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def problem(self, where: str, message: str, language: str | None = None) -> None:
        self.problems.append(worded(where, message, language))

    def wrong(self, where: str, must_be: str, value: Any, language: str | None = None) -> None:
        """`where` must be `must_be` but holds `value` (told by its kind, never its repr)."""
        self.problem(
            where,
            _("must be {expected}, not {found}").format(expected=must_be, found=kind_of(value)),
            language,
        )

    def only(self, table: Table, known: Iterable[str], where: str, part: str) -> None:
        """A problem for each key of `table` that is not one of `known` (`[bodyy]`)."""
        allowed = set(known)
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else str(key)
                self.problem(name, _("is not a part of {part}").format(part=part))

    def text(
        self, value: Any, where: str, language: str | None = None, *, default: str = ""
    ) -> str:
        """A text value; None (absent) gives `default`."""
        if value is None:
            return default
        if isinstance(value, str):
            return value
        self.wrong(where, _("text in quotes"), value, language)
        return default

    def table(self, value: Any, where: str, must_be: str | None = None) -> Table:
        """A table; None (absent) gives an empty one."""
        if value is None:
            return {}
        if isinstance(value, Mapping):
            return value
        self.wrong(where, must_be or _("a table"), value)
        return {}

    def texts(self, value: Any, where: str, language: str | None = None) -> list[str] | None:
        """A list of texts (paragraphs, language codes); None if absent or not a list."""
        if value is None:
            return None
        if not isinstance(value, list):
            self.wrong(where, _('a list of texts, like ["…", "…"]'), value, language)
            return None
        found: list[str] = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, str):
                found.append(item)
            else:
                self.wrong(f"{where}[{index}]", _("text in quotes"), item, language)
        return found

    def text_table(
        self, value: Any, where: str, languages: Iterable[str] | None = None
    ) -> dict[str, str]:
        """A table of texts per language (`{ en = "...", ru = "..." }`)."""
        found: dict[str, str] = {}
        allowed = set(languages) if languages is not None else None
        for key, text in self.table(value, where, _("a table of texts per language")).items():
            if allowed is not None and key not in allowed:
                self.problem(where, _("has text in a language the note is not in"), key)
                continue
            found[key] = self.text(text, where, key)
        return found

    def whole_number(self, value: Any, where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.wrong(where, _("a whole number"), value)
        return None

    def flag(self, value: Any, where: str) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self.wrong(where, _("true or false"), value)
        return False

    def date(self, value: Any, where: str, *, required: bool = False) -> dt.date | None:
        """A date: a TOML date (2023-11-29), a date-time (its day) or text in that form."""
        if value is None:
            if required:
                self.problem(where, _("is missing (write it as 2023-11-29)"))
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.problem(
                    where, _('"{text}" is not a date; write it as 2023-11-29').format(text=value)
                )
                return None
        self.wrong(where, _("a date like 2023-11-29"), value)
        return None
