"""A note in one language, composed into the parts a page shows, top to bottom."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from app.domain.note import Note
from app.i18n.dates import enclosure_lines, place_and_date
from app.render.templates import NoteTemplates


@dataclass(frozen=True)
class ComposedNote:
    """Everything printed on one language version. Markup fields are already escaped."""

    language: str
    letterhead: tuple[tuple[str, ...], ...]
    number: str
    enclosure: tuple[str, ...]
    paragraphs: tuple[str, ...]
    place_and_date: str
    foot: tuple[str, ...]
    title: str
    author: str

    def plain_text(self) -> str:
        """The text a reader sees, in page order (used by previews and tests)."""
        parts = [line for block in self.letterhead for line in block]
        parts += [self.number, *self.enclosure, *self.paragraphs, self.place_and_date, *self.foot]
        return "\n".join(part for part in parts if part)


def compose_note(
    note: Note, language: str, templates: NoteTemplates, enclosure_pages: int | None = None
) -> ComposedNote:
    """Assemble one language version; `enclosure_pages` overrides the note's own count."""
    sender = note.sender
    pages = note.enclosure_pages if enclosure_pages is None else enclosure_pages
    number = str(note.number) if note.number else f"№{note.series}/"
    return ComposedNote(
        language=language,
        letterhead=tuple(
            sender.name(head).letterhead_lines for head in sender.letterhead_languages(language)
        ),
        number=number,
        enclosure=enclosure_lines(pages, language) if pages else (),
        paragraphs=templates.paragraphs(note, language),
        place_and_date=place_and_date(sender.name(language).city, note.date, language),
        foot=note.addressee.foot_lines(language),
        title=f"Note verbale {number} ({language})",
        author=" ".join(sender.name(language).letterhead_lines),
    )


def markup(text: str) -> str:
    """Escape a plain line for ReportLab's paragraph markup."""
    return str(escape(text))
