"""The problems of a note as the editor lists them: each problem and each disagreement between
the language versions, told in the interface language, with the place where it is fixed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from app.domain.consistency import Discrepancy, find_discrepancies
from app.domain.note import Note
from app.domain.note_types import NOTE_TYPES
from app.domain.problems import Problem
from app.domain.scripts import script_warnings
from app.gui import colours
from app.i18n.messages import _, ngettext
from app.i18n.problems import discrepancy_text, problem_text

#: Where a problem is fixed: (field, language).
Place = tuple[str, str | None]


class ListedProblem(NamedTuple):
    """One line of the problems list: its text, where activating it goes, and whether it is a
    disagreement between versions (shown apart from what is missing)."""

    text: str
    target: Place | None
    disagreement: bool
    #: Told, not to fix (a version whose language the enclosed plan lacks).
    notice: bool = False


def problem_entries(
    problems: Sequence[Problem],
    discrepancies: Sequence[Discrepancy],
    note_type: str,
    notices: Sequence[tuple[str, str, str]] = (),
) -> tuple[list[ListedProblem], list[tuple[str, str | None, str]]]:
    """The lines of the problems list, and (field, language, text) of every mark a field
    carries for them. `notices` are (field, language, text) told after them."""
    entries: list[ListedProblem] = []
    marks: list[tuple[str, str | None, str]] = []
    for problem in problems:
        text = problem_text(problem, note_type)
        marks.append((problem.field, problem.language, text))
        entries.append(ListedProblem(text, (problem.field, problem.language), False))
    for discrepancy in discrepancies:
        places = discrepancy.places
        text = discrepancy_text(discrepancy, note_type)
        for place in places:
            marks.append((field_of(place.field, note_type), place.language, text))
        first = places[0] if places else None
        target = (field_of(first.field, note_type), first.language) if first else None
        entries.append(ListedProblem(text, target, True))
    for field, language, text in notices:
        entries.append(ListedProblem(text, (field, language), True, notice=True))
    return entries, marks


def fill_problem_list(
    problems_list: QListWidget, title: QLabel, entries: Sequence[ListedProblem]
) -> None:
    """Show the entries in the list (each item's data its target) and count them above it."""
    problems_list.clear()
    for entry in entries:
        item = QListWidgetItem(entry.text, problems_list)
        item.setData(Qt.ItemDataRole.UserRole, entry.target)
        item.setForeground(colours.brush(colours.WARNING if entry.disagreement else colours.ERROR))
    count = sum(1 for entry in entries if not entry.notice)
    problems_list.setVisible(bool(entries))
    title.setText(
        _("No problems: the note is complete.")
        if not count
        else ngettext(
            "{count} problem to fix before submission:",
            "{count} problems to fix before submission:",
            count,
        ).format(count=count)
    )


def field_of(field: str, note_type: str) -> str:
    """A consistency place's field as the note names it ("document_title" -> "fields.…")."""
    kind = NOTE_TYPES.get(note_type)
    if kind is not None and any(spec.key == field for spec in kind.fields):
        return f"fields.{field}"
    return field


def script_notices(note: Note) -> list[tuple[str, str, str]]:
    """(field, language, text) of each version written in another script — a Kazakh text
    with no Kazakh letter, Cyrillic in an English one: told, never blocking submission."""
    return [
        (
            problem.field,
            problem.language or "",
            _("Check the script: {problem}").format(problem=problem_text(problem, note.note_type)),
        )
        for problem in script_warnings(note)
    ]


def discrepancies_of(note: Note) -> list[Discrepancy]:
    """Where the language versions disagree; none while a half-typed draft does not parse."""
    try:
        return find_discrepancies(note)
    except (ValueError, KeyError):
        # A half-typed draft may not parse yet; the problems list already says what is missing.
        return []
