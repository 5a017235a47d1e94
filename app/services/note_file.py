"""The TOML note format: one file describes a note in all its languages (see README).

Every key is read with its type (services/toml_reading): a value of the wrong type, an unknown
key or table, text in a language the note is not in, a file nested too deeply or too large —
each is a problem naming its field, never a traceback, and no text is silently left out.
A sender profile and an emblem are found only inside resources/ or the note's own folder
(services/note_places).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.domain.languages import LANGUAGE_ORDER
from app.domain.note import Enclosure, Note
from app.domain.note_types import NOTE_TYPES
from app.domain.number import NoteNumber
from app.domain.parties import Addressee, SenderName, SenderProfile
from app.domain.problems import Problem, ValidationError
from app.i18n.messages import _
from app.paths import resources_dir
from app.services.addressee_file import addressee_directory, addressee_from_table
from app.services.enclosures import PlanFileError, plan_from_toml
from app.services.note_places import SenderPlace, emblem_for, find_sender
from app.services.toml_file import read_toml
from app.services.toml_reading import Table, TomlValues

_EMPTY_SENDER = SenderProfile(key="?", names={})
_EMPTY_ADDRESSEE = Addressee(key="?", forms={})

#: Largest note file read: a note is a few kilobytes, its inline plan at most some hundreds.

#: The parts of a note file, of a sender profile and of an addressee (README).
NOTE_KEYS = (
    "note_type",
    "languages",
    "sender",
    "addressee",
    "number",
    "series",
    "date",
    "objection_deadline",
    "event_date",
    "subject",
    "enclosures",
    "fields",
    "body",
)
SENDER_KEYS = (
    "key",
    "smtp",  # e-mail settings of a dispatch (app.services.mail), read there
    "names",
    "letterhead",
    "emblem",
    "enclosure_pages",
    "deadline_moves_to_working_day",
)
SENDER_NAME_KEYS = ("official", "opening", "short", "city")
ENCLOSURE_KEYS = ("plan", "pages", "title")


def load_note(path: Path) -> Note:
    """Read and validate a note; ValidationError lists every problem with field and language."""
    return note_from_mapping(read_toml(path), path.parent).validate()


def note_from_mapping(raw: Mapping[str, Any], base: Path) -> Note:
    """Build a note from parsed TOML (`base`: the note's folder), collecting every problem
    before raising."""
    problems: list[Problem] = []
    values = TomlValues(problems)
    values.only(raw, NOTE_KEYS, "", _("a note"))
    listed = values.texts(raw.get("languages"), "languages")
    languages = tuple(listed) if listed is not None else ("en", "ru", "kk")
    # Texts are checked against the note's languages when those are sound.
    text_languages = languages if set(languages) <= set(LANGUAGE_ORDER) else LANGUAGE_ORDER
    sender = _sender(raw.get("sender"), base, values)
    addressee = _addressee(raw.get("addressee"), values)
    number = None
    number_text = values.text(raw.get("number"), "number")
    if number_text:
        try:
            number = NoteNumber.parse(number_text)
        except ValueError as error:
            values.problem("number", str(error))
    series = values.text(raw.get("series"), "series") or (number.prefix if number else "")
    if not series:
        values.problem("series", _('give the number series (e.g. series = "PAR")'))
    note_type = values.text(raw.get("note_type"), "note_type")
    note = Note(
        note_type=note_type,
        languages=languages,
        sender=sender,
        addressee=addressee,
        date=values.date(raw.get("date"), "date", required=True) or dt.date(1970, 1, 1),
        series=series or "X",
        number=number,
        subject=values.text(raw.get("subject"), "subject"),
        fields=_fields(raw.get("fields"), note_type, text_languages, values),
        body=_body(raw.get("body"), text_languages, values),
        objection_deadline=values.date(raw.get("objection_deadline"), "objection_deadline"),
        event_date=values.date(raw.get("event_date"), "event_date"),
        enclosures=_enclosures(raw.get("enclosures"), base, values),
    )
    if problems:
        # A sender or addressee that could not be read is one problem, not one per language.
        unread = {
            name
            for name, part in (("sender", sender), ("addressee", addressee))
            if part in (_EMPTY_SENDER, _EMPTY_ADDRESSEE)
        }
        later = [p for p in note.problems() if p.field.split(".")[0] not in unread]
        raise ValidationError([*problems, *later])
    return note


def _fields(
    value: Any, note_type: str, languages: tuple[str, ...], values: TomlValues
) -> dict[str, dict[str, str]]:
    kind = NOTE_TYPES.get(note_type)
    known = {spec.key for spec in kind.fields} if kind is not None else None
    fields: dict[str, dict[str, str]] = {}
    for language, texts in values.table(value, "fields").items():
        if language not in languages:
            values.problem("fields", _("has text in a language the note is not in"), language)
            continue
        table = values.table(texts, f"fields.{language}")
        for key in table:
            if known is not None and key not in known:
                values.problem(
                    f"fields.{key}",
                    _("is not a field of the note type {type}").format(type=note_type),
                    language,
                )
        fields[language] = {
            key: values.text(text, f"fields.{key}", language) for key, text in table.items()
        }
    return fields


def _body(value: Any, languages: tuple[str, ...], values: TomlValues) -> dict[str, tuple[str, ...]]:
    body: dict[str, tuple[str, ...]] = {}
    paragraphs_of = _('a list of paragraphs, like ["First.", "Second."]')
    for language, paragraphs in values.table(value, "body").items():
        if language not in languages:
            values.problem("body", _("has text in a language the note is not in"), language)
            continue
        if not isinstance(paragraphs, list):
            values.wrong("body", paragraphs_of, paragraphs, language)
            continue
        body[language] = tuple(values.texts(paragraphs, "body", language) or ())
    return body


def _enclosures(value: Any, base: Path, values: TomlValues) -> tuple[Enclosure, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        values.wrong("enclosures", _("a list of tables ([[enclosures]])"), value)
        return ()
    enclosures = []
    for index, item in enumerate(value, start=1):
        where = f"enclosures[{index}]"
        if not isinstance(item, Mapping):
            values.wrong(where, _("a table"), item)
            continue
        values.only(item, ENCLOSURE_KEYS, where, _("an enclosure"))
        plan = None
        if "plan" in item:
            try:
                plan = plan_from_toml(item["plan"], base, f"{where}.plan")
            except ValidationError as error:
                values.problems.extend(error.problems)
            except PlanFileError as error:
                values.problem(f"{where}.plan", str(error))
        pages = values.whole_number(item.get("pages"), f"{where}.pages")
        titles = values.text_table(item.get("title"), f"{where}.title", LANGUAGE_ORDER)
        enclosures.append(Enclosure(pages=pages, titles=titles, plan=plan))
    return tuple(enclosures)


def load_sender_profile(key: str) -> SenderProfile:
    """The profile `resources/senders/<key>.toml`; KeyError if there is none (or `key` is
    not a plain name), ValidationError if it is not a sound profile."""
    place = find_sender(key, None)
    if place is None:
        raise KeyError(f"no sender profile {key!r} in {resources_dir() / 'senders'}")
    return _profile_at(place)


def _profile_at(place: SenderPlace) -> SenderProfile:
    problems: list[Problem] = []
    raw = read_toml(place.path, "sender")
    profile = _sender_from(raw, place.root, TomlValues(problems))
    if problems:
        raise ValidationError(problems)
    return profile


def sender_from_mapping(raw: Mapping[str, Any], base: Path | None = None) -> SenderProfile:
    """A sender profile from parsed TOML (its emblem relative to `base`, else resources/);
    ValidationError naming every problem."""
    problems: list[Problem] = []
    profile = _sender_from(raw, base or resources_dir(), TomlValues(problems))
    if problems:
        raise ValidationError(problems)
    return profile


def _sender_from(raw: Table, root: Path, values: TomlValues) -> SenderProfile:
    values.only(raw, SENDER_KEYS, "sender", _("a sender profile"))
    names: dict[str, SenderName] = {}
    for language, parts in values.table(raw.get("names"), "sender.names").items():
        table = values.table(parts, f"sender.names.{language}")
        values.only(table, SENDER_NAME_KEYS, f"sender.names.{language}", _("a sender's names"))
        names[language] = SenderName(
            **{
                part: values.text(table.get(part), f"sender.{part}", language)
                for part in SENDER_NAME_KEYS
            }
        )
    letterhead: dict[str, tuple[str, ...]] = {}
    for language, heads in values.table(raw.get("letterhead"), "sender.letterhead").items():
        letterhead[language] = tuple(values.texts(heads, "sender.letterhead", language) or ())
    emblem_text = values.text(raw.get("emblem"), "sender.emblem")
    emblem = None
    if emblem_text:
        emblem, trouble = emblem_for(emblem_text, root)
        if trouble:
            values.problem("sender.emblem", trouble)
    return SenderProfile(
        key=values.text(raw.get("key"), "sender.key", default="sender"),
        names=names,
        letterhead=letterhead,
        emblem=emblem,
        enclosure_pages=values.text(raw.get("enclosure_pages"), "sender.enclosure_pages") or None,
        deadline_moves_to_working_day=values.flag(
            raw.get("deadline_moves_to_working_day"), "sender.deadline_moves_to_working_day"
        ),
    )


def _sender(value: Any, base: Path, values: TomlValues) -> SenderProfile:
    if isinstance(value, str):
        place = find_sender(value, base)
        if place is None:
            values.problem(
                "sender",
                _(
                    'no sender profile "{name}": name one of resources/senders '
                    "(cica-secretariat) or a .toml file in the note's folder"
                ).format(name=value),
            )
            return _EMPTY_SENDER
        try:
            return _profile_at(place)
        except ValidationError as error:
            values.problems.extend(error.problems)
            return _EMPTY_SENDER
    if isinstance(value, Mapping):
        return _sender_from(value, base, values)
    if value is None:
        values.problem("sender", _("name a sender profile or give one inline"))
    else:
        values.wrong("sender", _("the name of a sender profile or a table"), value)
    return _EMPTY_SENDER


def _addressee(value: Any, values: TomlValues) -> Addressee:
    if isinstance(value, str):
        directory = addressee_directory()
        if value in directory:
            return directory[value]
        known = ", ".join(sorted(directory))
        values.problem(
            "addressee",
            _('unknown addressee "{name}"; known: {known}').format(name=value, known=known),
        )
    elif isinstance(value, Mapping):
        key = values.text(value.get("key"), "addressee.key", default="addressee")
        return addressee_from_table(key, value, values)
    elif value is None:
        values.problem("addressee", _("name an addressee or give its forms inline"))
    else:
        values.wrong("addressee", _("the key of an addressee or a table of its forms"), value)
    return _EMPTY_ADDRESSEE
