"""The TOML note format: one file describes a note in all its languages (see README)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.domain.note import Enclosure, Note
from app.domain.number import NoteNumber
from app.domain.parties import Addressee, AddresseeForms, SenderName, SenderProfile
from app.domain.problems import Problem, ValidationError
from app.paths import resources_dir
from app.services.enclosures import PlanFileError, plan_from_toml

_EMPTY_SENDER = SenderProfile(key="?", names={})
_EMPTY_ADDRESSEE = Addressee(key="?", forms={})


def load_note(path: Path) -> Note:
    """Read and validate a note; ValidationError lists every problem with field and language."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError([Problem("file", f"cannot read {path}: {error.strerror}")]) from None
    except UnicodeDecodeError:
        raise ValidationError([Problem("file", f"{path} is not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as error:
        raise ValidationError([Problem("file", f"{path} is not valid TOML: {error}")]) from None
    return note_from_mapping(raw, path.parent).validate()


def note_from_mapping(raw: Mapping[str, Any], base: Path) -> Note:
    """Build a note from parsed TOML, collecting every problem before raising."""
    problems: list[Problem] = []
    languages = tuple(str(code) for code in _list(raw, "languages", problems, ["en", "ru", "kk"]))
    sender = _sender(raw.get("sender"), problems)
    addressee = _addressee(raw.get("addressee"), problems)
    number = None
    if raw.get("number"):
        try:
            number = NoteNumber.parse(str(raw["number"]))
        except ValueError as error:
            problems.append(Problem("number", str(error)))
    series = str(raw.get("series") or (number.prefix if number else ""))
    if not series:
        problems.append(Problem("series", 'give the number series (e.g. series = "PAR")'))
    note_date = _date(raw, "date", problems, required=True)
    enclosures = []
    for index, item in enumerate(_list(raw, "enclosures", problems, []), start=1):
        if not isinstance(item, Mapping):
            problems.append(Problem(f"enclosures[{index}]", "must be a table"))
            continue
        plan = None
        if "plan" in item:
            try:
                plan = plan_from_toml(item["plan"], base, f"enclosures[{index}].plan")
            except ValidationError as error:
                problems.extend(error.problems)
            except PlanFileError as error:
                problems.append(Problem(f"enclosures[{index}].plan", str(error)))
        pages = item.get("pages")
        if pages is not None and not isinstance(pages, int):
            problems.append(Problem(f"enclosures[{index}].pages", "must be a whole number"))
            pages = None
        enclosures.append(Enclosure(pages=pages, titles=_texts(item.get("title", {})), plan=plan))
    fields = {
        str(language): _texts(values)
        for language, values in _table(raw, "fields", problems).items()
        if isinstance(values, Mapping)
    }
    body = {
        str(language): tuple(str(p) for p in paragraphs)
        for language, paragraphs in _table(raw, "body", problems).items()
        if isinstance(paragraphs, list)
    }
    note = Note(
        note_type=str(raw.get("note_type", "")),
        languages=languages,
        sender=sender,
        addressee=addressee,
        date=note_date or dt.date(1970, 1, 1),
        series=series or "X",
        number=number,
        subject=str(raw.get("subject", "")),
        fields=fields,
        body=body,
        objection_deadline=_date(raw, "objection_deadline", problems),
        event_date=_date(raw, "event_date", problems),
        enclosures=tuple(enclosures),
    )
    if problems:
        raise ValidationError([*problems, *note.problems()])
    return note


def load_sender_profile(key: str) -> SenderProfile:
    path = resources_dir() / "senders" / f"{key}.toml"
    if not path.is_file():
        raise KeyError(f"no sender profile {key!r} in {path.parent}")
    return sender_from_mapping(tomllib.loads(path.read_text(encoding="utf-8")))


def sender_from_mapping(raw: Mapping[str, Any]) -> SenderProfile:
    names = {
        str(language): SenderName(
            official=str(parts.get("official", "")),
            opening=str(parts.get("opening", "")),
            short=str(parts.get("short", "")),
            city=str(parts.get("city", "")),
        )
        for language, parts in raw.get("names", {}).items()
    }
    letterhead = {str(k): tuple(str(v) for v in vs) for k, vs in raw.get("letterhead", {}).items()}
    emblem = raw.get("emblem")
    return SenderProfile(
        key=str(raw.get("key", "sender")),
        names=names,
        letterhead=letterhead,
        emblem=str(emblem) if emblem else None,
        enclosure_pages=str(raw["enclosure_pages"]) if raw.get("enclosure_pages") else None,
        deadline_moves_to_working_day=raw.get("deadline_moves_to_working_day") is True,
    )


def addressee_directory() -> dict[str, Addressee]:
    """The addressees shipped in resources/addressees/directory.toml, by key."""
    raw = tomllib.loads(
        (resources_dir() / "addressees" / "directory.toml").read_text(encoding="utf-8")
    )
    return {key: addressee_from_mapping(key, value) for key, value in raw.items()}


def addressee_from_mapping(key: str, raw: Mapping[str, Any]) -> Addressee:
    forms = {
        str(language): AddresseeForms(
            nominative=str(parts.get("nominative", "")),
            dative=str(parts.get("dative", "")),
            genitive=str(parts.get("genitive", "")),
            foot=str(parts.get("foot", "")),
        )
        for language, parts in raw.items()
        if isinstance(parts, Mapping)
    }
    return Addressee(key=key, forms=forms, kind=str(raw.get("kind", "group")))


def _sender(value: Any, problems: list[Problem]) -> SenderProfile:
    if isinstance(value, str):
        try:
            return load_sender_profile(value)
        except KeyError as error:
            problems.append(Problem("sender", str(error.args[0])))
    elif isinstance(value, Mapping):
        return sender_from_mapping(value)
    else:
        problems.append(Problem("sender", "name a sender profile or give one inline"))
    return _EMPTY_SENDER


def _addressee(value: Any, problems: list[Problem]) -> Addressee:
    if isinstance(value, str):
        directory = addressee_directory()
        if value in directory:
            return directory[value]
        known = ", ".join(sorted(directory))
        problems.append(Problem("addressee", f"unknown addressee {value!r}; known: {known}"))
    elif isinstance(value, Mapping):
        return addressee_from_mapping(str(value.get("key", "addressee")), value)
    else:
        problems.append(Problem("addressee", "name an addressee or give its forms inline"))
    return _EMPTY_ADDRESSEE


def _date(
    raw: Mapping[str, Any], key: str, problems: list[Problem], required: bool = False
) -> dt.date | None:
    value = raw.get(key)
    if value is None:
        if required:
            problems.append(Problem(key, "is missing (write it as 2023-11-29)"))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(key, f"{value!r} is not a date; write it as 2023-11-29"))
        return None


def _list(
    raw: Mapping[str, Any], key: str, problems: list[Problem], default: list[Any]
) -> list[Any]:
    value = raw.get(key, default)
    if not isinstance(value, list):
        problems.append(Problem(key, "must be a list"))
        return default
    return value


def _table(raw: Mapping[str, Any], key: str, problems: list[Problem]) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        problems.append(Problem(key, "must be a table with one entry per language"))
        return {}
    return value


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(key): str(text) for key, text in value.items()}
