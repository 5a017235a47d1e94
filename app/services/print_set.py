"""The set a note is printed as: each language version of the note, then its enclosures, one
PDF each, taken from the register exactly as stored for an issued note and rendered for a
draft. The combined `_all.pdf` is left out: it repeats the others."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.languages import LANGUAGE_ORDER

if TYPE_CHECKING:
    from app.domain.note import Note
    from app.services.register import NoteRecord, Register

#: The combined parallel text's file name ends so.
COMBINED_SUFFIX = "_all.pdf"


@dataclass(frozen=True)
class SetPart:
    """One PDF of the set: a language version of the note, or an enclosure in one language."""

    file_name: str
    language: str
    #: 0 for the note itself, else the enclosure's number (1 for the first plan).
    enclosure: int
    data: bytes

    @property
    def is_enclosure(self) -> bool:
        return self.enclosure > 0


def _language_of(file_name: str) -> str:
    stem = file_name.rsplit(".", 1)[0]
    return stem.rsplit("_", 1)[-1] if "_" in stem else ""


def _enclosure_of(file_name: str) -> int:
    """`PAR-1453_plan-2_ru.pdf` is enclosure 2; a note's own version is 0."""
    for piece in file_name.rsplit(".", 1)[0].split("_"):
        if piece.startswith("plan-") and piece[5:].isdigit():
            return int(piece[5:])
    return 0


def _order(part: SetPart) -> tuple[int, int, str]:
    rank = LANGUAGE_ORDER.index(part.language) if part.language in LANGUAGE_ORDER else 99
    return (part.enclosure, rank, part.file_name)


def set_parts(files: Mapping[str, bytes]) -> list[SetPart]:
    """The parts of a pack's files: the note's versions in language order, then each
    enclosure's versions; never the combined file."""
    parts = [
        SetPart(name, _language_of(name), _enclosure_of(name), data)
        for name, data in files.items()
        if name.endswith(".pdf") and not name.endswith(COMBINED_SUFFIX)
    ]
    return sorted(parts, key=_order)


def issued_set(register: Register, record: NoteRecord) -> list[SetPart]:
    """An issued note's set, every file exactly as the register stores it."""
    files = {
        document.file_name: register.document(record.id, document.file_name)
        for document in record.documents
        if not document.file_name.endswith(COMBINED_SUFFIX)
    }
    return set_parts(files)


def draft_set(note: Note) -> list[SetPart]:
    """A draft's set as it would be issued now (ValidationError while it is incomplete)."""
    from app.services.rendering import render_note_pack

    return set_parts(render_note_pack(note, archival=False).files)
