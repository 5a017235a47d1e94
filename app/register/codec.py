"""The serialised form of domain objects as the register stores them (JSON-ready dicts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain.note import Enclosure, Note, ReplyTo
from app.domain.number import NoteNumber
from app.domain.parties import Addressee, AddresseeForms, SenderName, SenderProfile

FORMAT_VERSION = 1


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def addressee_to_dict(addressee: Addressee) -> dict[str, Any]:
    return {
        "key": addressee.key,
        "kind": addressee.kind,
        "forms": {
            language: {
                "nominative": forms.nominative,
                "dative": forms.dative,
                "genitive": forms.genitive,
                "foot": forms.foot,
            }
            for language, forms in addressee.forms.items()
        },
    }


def addressee_from_dict(data: dict[str, Any]) -> Addressee:
    return Addressee(
        key=data["key"],
        kind=data.get("kind", "group"),
        forms={lang: AddresseeForms(**forms) for lang, forms in data["forms"].items()},
    )


def sender_to_dict(sender: SenderProfile) -> dict[str, Any]:
    return {
        "key": sender.key,
        "names": {
            language: {
                "official": name.official,
                "opening": name.opening,
                "short": name.short,
                "city": name.city,
            }
            for language, name in sender.names.items()
        },
        "letterhead": {lang: list(heads) for lang, heads in sender.letterhead.items()},
        "emblem": sender.emblem,
        "enclosure_pages": sender.enclosure_pages,
        "deadline_moves_to_working_day": sender.deadline_moves_to_working_day,
    }


def sender_from_dict(data: dict[str, Any]) -> SenderProfile:
    return SenderProfile(
        key=data["key"],
        names={lang: SenderName(**name) for lang, name in data["names"].items()},
        letterhead={lang: tuple(heads) for lang, heads in data.get("letterhead", {}).items()},
        emblem=data.get("emblem"),
        enclosure_pages=data.get("enclosure_pages"),
        deadline_moves_to_working_day=bool(data.get("deadline_moves_to_working_day", False)),
    )


def note_to_dict(note: Note) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "note_type": note.note_type,
        "languages": list(note.languages),
        "sender": sender_to_dict(note.sender),
        "addressee": addressee_to_dict(note.addressee),
        "date": note.date.isoformat(),
        "series": note.series,
        "number": note.number.code if note.number else None,
        "subject": note.subject,
        "fields": {lang: dict(values) for lang, values in note.fields.items()},
        "body": {lang: list(paragraphs) for lang, paragraphs in note.body.items()},
        "objection_deadline": _date(note.objection_deadline),
        "event_date": _date(note.event_date),
        "enclosures": [
            {"pages": enclosure.pages, "titles": dict(enclosure.titles)}
            for enclosure in note.enclosures
        ],
        "in_reply_to": (
            {
                "number": note.in_reply_to.number,
                "date": note.in_reply_to.date.isoformat(),
                "incoming_id": note.in_reply_to.incoming_id,
            }
            if note.in_reply_to
            else None
        ),
    }


def note_from_dict(data: dict[str, Any]) -> Note:
    number = data.get("number")
    date = _parse_date(data["date"])
    assert date is not None
    return Note(
        note_type=data["note_type"],
        languages=tuple(data["languages"]),
        sender=sender_from_dict(data["sender"]),
        addressee=addressee_from_dict(data["addressee"]),
        date=date,
        series=data["series"],
        number=NoteNumber.parse(number) if number else None,
        subject=data.get("subject", ""),
        fields={lang: dict(values) for lang, values in data.get("fields", {}).items()},
        body={lang: tuple(paragraphs) for lang, paragraphs in data.get("body", {}).items()},
        objection_deadline=_parse_date(data.get("objection_deadline")),
        event_date=_parse_date(data.get("event_date")),
        enclosures=tuple(
            Enclosure(pages=item.get("pages"), titles=dict(item.get("titles", {})))
            for item in data.get("enclosures", [])
        ),
        in_reply_to=_reply_to(data.get("in_reply_to")),
    )


def _reply_to(data: Any) -> ReplyTo | None:
    if not isinstance(data, dict):
        return None
    day = _parse_date(data.get("date"))
    if day is None:
        return None
    return ReplyTo(str(data.get("number", "")), day, data.get("incoming_id"))


def language_texts(note: Note) -> dict[str, str]:
    """Per language, every piece of text an officer would search the note by (the sender's names,
    the same on every note, are left out)."""
    texts: dict[str, str] = {}
    for language in note.languages:
        parts: list[str] = []
        forms = note.addressee.forms.get(language)
        if forms is not None:
            parts.extend([forms.nominative, forms.dative, forms.genitive, forms.foot])
        parts.extend(note.fields.get(language, {}).values())
        parts.extend(note.body.get(language, ()))
        for enclosure in note.enclosures:
            if language in enclosure.titles:
                parts.append(enclosure.titles[language])
        texts[language] = "\n".join(part for part in parts if part)
    return texts
