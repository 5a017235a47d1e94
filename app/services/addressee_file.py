"""The addressee directory shipped in resources/addressees/, read from its TOML files.

Kept apart from the note file reader (app.services.note_file), which brings the enclosures and
ReportLab with it: the register window shows addressees' names from the directory on its first
rows, before anything heavy is loaded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.languages import LANGUAGE_ORDER
from app.domain.parties import Addressee, AddresseeForms
from app.domain.problems import Problem, ValidationError
from app.i18n.messages import _
from app.paths import resources_dir
from app.services.toml_file import read_toml
from app.services.toml_reading import Table, TomlValues

ADDRESSEE_FORM_KEYS = ("nominative", "dative", "genitive", "foot")
#: The keys of an addressee's table in the directory.
ADDRESSEE_KEYS = ("key", "kind", "working_language", "email", "members", *LANGUAGE_ORDER)


def addressee_directory() -> dict[str, Addressee]:
    """The addressees shipped in resources/addressees/, by key: directory.toml first, then the
    folder's other files (the Member States, the partner organisations) in name order."""
    folder = resources_dir() / "addressees"
    files = [folder / "directory.toml"]
    files += sorted(path for path in folder.glob("*.toml") if path.name != "directory.toml")
    found: dict[str, Addressee] = {}
    for path in files:
        if not path.is_file():
            continue
        raw = read_toml(path, "addressee")
        found.update({key: addressee_from_mapping(key, value) for key, value in raw.items()})
    return found


def addressee_from_mapping(key: str, raw: Mapping[str, Any]) -> Addressee:
    """An addressee from parsed TOML; ValidationError naming every problem."""
    problems: list[Problem] = []
    addressee = addressee_from_table(key, raw, TomlValues(problems))
    if problems:
        raise ValidationError(problems)
    return addressee


def addressee_from_table(key: str, raw: Table, values: TomlValues) -> Addressee:
    """An addressee from its table, each problem added to `values` (a note gives one inline)."""
    values.only(raw, ADDRESSEE_KEYS, "addressee", _("an addressee"))
    forms: dict[str, AddresseeForms] = {}
    for language in LANGUAGE_ORDER:
        if language not in raw:
            continue
        table = values.table(raw[language], f"addressee.{language}")
        values.only(table, ADDRESSEE_FORM_KEYS, f"addressee.{language}", _("an addressee's forms"))
        forms[language] = AddresseeForms(
            **{
                part: values.text(table.get(part), f"addressee.{part}", language)
                for part in ADDRESSEE_FORM_KEYS
            }
        )
    kind = values.text(raw.get("kind"), "addressee.kind", default="group")
    working_language = values.text(raw.get("working_language"), "addressee.working_language")
    if working_language and working_language not in LANGUAGE_ORDER:
        values.problem(
            "addressee.working_language",
            _("{language!r} is not one of {known}").format(
                language=working_language, known=", ".join(LANGUAGE_ORDER)
            ),
        )
    members = values.texts(raw.get("members"), "addressee.members") or []
    return Addressee(
        key=key,
        forms=forms,
        kind=kind,
        working_language=working_language,
        email=values.text(raw.get("email"), "addressee.email"),
        members=tuple(members),
    )
