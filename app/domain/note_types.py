"""Kinds of recurring notes. The fixed diplomatic phrasing of each lives in its templates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """A piece of text the officer supplies in every language of the note."""

    key: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class NoteType:
    key: str
    label: str
    fields: tuple[FieldSpec, ...] = ()
    needs_objection_deadline: bool = False
    needs_event_date: bool = False
    needs_body: bool = False


SILENCE_PROCEDURE = NoteType(
    key="silence_procedure",
    label="Draft circulated under a silence procedure",
    fields=(
        FieldSpec(
            "document_title",
            "Draft document",
            "its title as it reads after 'the draft' (ru, kk: genitive)",
        ),
        FieldSpec("document_short", "Short name", "as in 'hereinafter referred to as the Plan'"),
        FieldSpec(
            "document_short_genitive",
            "Short name after 'draft'",
            "en: Plan; ru: Плана; kk: Жоспардың",
        ),
        FieldSpec(
            "approving_body",
            "Approving body",
            "as the deadline sentence needs it: the Senior Officials Committee / "
            "Комитета старших должностных лиц / Аға лауазымды тұлғалар комитетінің отырысында",
        ),
    ),
    needs_objection_deadline=True,
)

TRANSMITTAL = NoteType(
    key="transmittal",
    label="Transmittal of documents",
    fields=(
        FieldSpec(
            "documents",
            "Documents transmitted",
            "as they read after 'has the honour to transmit' (ru: accusative; kk: accusative)",
        ),
    ),
)

INVITATION = NoteType(
    key="invitation",
    label="Invitation to an event",
    fields=(
        FieldSpec("event", "Event", "as it reads after 'to participate in' (ru: prepositional)"),
        FieldSpec("venue", "Venue", "as it reads after 'in' (ru: prepositional; kk: locative)"),
    ),
    needs_event_date=True,
)

FREE_TEXT = NoteType(
    key="free_text",
    label="Free text",
    needs_body=True,
)

NOTE_TYPES: dict[str, NoteType] = {
    kind.key: kind for kind in (SILENCE_PROCEDURE, TRANSMITTAL, INVITATION, FREE_TEXT)
}


def note_type(key: str) -> NoteType:
    try:
        return NOTE_TYPES[key]
    except KeyError:
        known = ", ".join(sorted(NOTE_TYPES))
        raise KeyError(f"unknown note type {key!r}; known types: {known}") from None
