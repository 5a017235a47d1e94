"""The names of the fields problems point at, as their labels read in the interface.

The domain names a field by its key ("fields.document_short_genitive", "objection_deadline",
"enclosures[1].plan.columns.participants.header"); an officer reads the label beside the field.
The note types' own labels and hints (app/domain/note_types.py) are marked here for extraction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.domain.languages import LANGUAGE_NAMES
from app.domain.note_types import NOTE_TYPES
from app.i18n.messages import N_, _

#: The note types' labels and hints (app/domain/note_types.py), for extraction; shown with _().
NOTE_TYPE_TEXTS = (
    N_("Draft circulated under a silence procedure"),
    N_("Draft document"),
    N_("its title as it reads after 'the draft' (ru, kk: genitive)"),
    N_("Short name"),
    N_("as in 'hereinafter referred to as the Plan'"),
    N_("Short name after 'draft'"),
    N_("en: Plan; ru: Плана; kk: Жоспардың"),
    N_("Approving body"),
    N_(
        "as the deadline sentence needs it: the Senior Officials Committee / "
        "Комитета старших должностных лиц / Аға лауазымды тұлғалар комитетінің отырысында"
    ),
    N_("Transmittal of documents"),
    N_("Documents transmitted"),
    N_("as they read after 'has the honour to transmit' (ru: accusative; kk: accusative)"),
    N_("Invitation to an event"),
    N_("Event"),
    N_("as it reads after 'to participate in' (ru: prepositional)"),
    N_("Venue"),
    N_("as it reads after 'in' (ru: prepositional; kk: locative)"),
    N_("Free text"),
)

#: Labels of the note's and the plan's own fields, by the domain's key.
_FIELD_LABELS = {
    "languages": N_("Languages"),
    "note_type": N_("Note type"),
    "number": N_("Number"),
    "series": N_("Series"),
    "subject": N_("Subject"),
    "date": N_("Date"),
    "body": N_("Text of the note"),
    "objection_deadline": N_("Objection deadline"),
    "event_date": N_("Date of the event"),
    "addressee": N_("Addressee"),
    "sender": N_("Sender"),
    "sender.letterhead": N_("Letterhead"),
    "sender.emblem": N_("Emblem"),
    "template": N_("Template"),
    "title": N_("Title"),
    "preamble": N_("Preamble"),
    "columns": N_("Columns"),
    "rows": N_("Rows"),
    "numbering": N_("Numbering"),
    "orientation": N_("Orientation"),
    "file": N_("File"),
    "plan": N_("Plan"),
    "plan title": N_("Plan title"),
    "plan preamble": N_("Plan preamble"),
    "enclosure": N_("Enclosure"),
}

_INDEXED = re.compile(r"(?P<name>\w+)\[(?P<index>\d+)\](?:\.(?P<rest>.*))?")
_COLUMN = re.compile(r"columns\.(?P<key>\w+)\.(?P<part>header|width)")


def language_name(code: str | None) -> str:
    """A language's own name (English, Русский, Қазақша); the code for one not known."""
    if not code:
        return ""
    return LANGUAGE_NAMES.get(code, code)


def note_field_label(key: str, note_type: str | None = None) -> str | None:
    """The label of a note type's own field (`document_title` -> "Draft document")."""
    kinds = [NOTE_TYPES[note_type]] if note_type in NOTE_TYPES else list(NOTE_TYPES.values())
    for kind in kinds:
        for spec in kind.fields:
            if spec.key == key:
                return _(spec.label)
    return None


def field_label(
    field: str, note_type: str | None = None, column_names: Mapping[str, str] | None = None
) -> str:
    """The field a problem names, as its label reads in the interface. `column_names` gives a
    plan's column headings by key, so that a column is named as the officer typed it."""
    if field.startswith("fields."):
        key = field.removeprefix("fields.")
        return note_field_label(key, note_type) or key
    if field in _FIELD_LABELS:
        return _(_FIELD_LABELS[field])
    if field.startswith(("addressee.", "addressee")):
        return _("Addressee")
    if field.startswith("sender."):
        return _("Sender")
    column = _COLUMN.fullmatch(field)
    if column is not None:
        name = (column_names or {}).get(column["key"]) or column["key"]
        if column["part"] == "header":
            return _("Column heading «{name}»").format(name=name)
        return _("Width of the column «{name}»").format(name=name)
    indexed = _INDEXED.fullmatch(field)
    if indexed is not None:
        name, index, rest = indexed["name"], indexed["index"], indexed["rest"] or ""
        if name == "enclosures":
            if rest == "pages":
                return _("Enclosure {number}: pages").format(number=index)
            if rest == "title":
                return _("Enclosure {number}: title").format(number=index)
            if rest.startswith("plan."):
                inner = field_label(rest.removeprefix("plan."), None, column_names)
                return _("Enclosure {number}, plan: {field}").format(number=index, field=inner)
            return _("Enclosure {number}").format(number=index)
        if name == "body":
            return _("Text of the note, paragraph {number}").format(number=index)
        if name == "rows":
            return _("Row {number}").format(number=index)
        if name == "signatories":
            return _("Signatory {number}").format(number=index)
        if name == "preamble":
            return _("Preamble")
    if field.startswith("columns."):
        return _("Columns")
    # A key a note type does not know (a consistency place names it bare: "document_title").
    return note_field_label(field, note_type) or field
