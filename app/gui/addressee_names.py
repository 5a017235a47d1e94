"""An addressee's name in the interface language: the register lists each note's addressee by
one stored name (its English one where it has it); a Russian or Kazakh interface shows the
directory's name in its own language instead, where the directory has one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.i18n.messages import ui_language

if TYPE_CHECKING:
    from app.domain.parties import Addressee

#: The directory's names by interface language, read once each.
_READ: dict[str, dict[str, str]] = {}


def _names(language: str) -> dict[str, str]:
    names = _READ.get(language)
    if names is None:
        names = _READ[language] = _read_names(language)
    return names


def names_read(language: str) -> bool:
    """Whether the directory has been read for `language` (listing its names costs nothing)."""
    return language in _READ


def _read_names(language: str) -> dict[str, str]:
    """Every shipped addressee's name in any language -> its name in `language`."""
    from app.domain.problems import ValidationError
    from app.services.addressee_file import addressee_directory

    mapping: dict[str, str] = {}
    try:
        directory = addressee_directory()
    except (OSError, ValidationError):  # told where the directory is edited, not here
        return mapping
    for addressee in directory.values():
        wanted = addressee.forms.get(language)
        if wanted is None or not wanted.nominative.strip():
            continue
        for forms in addressee.forms.values():
            if forms.nominative.strip():
                mapping.setdefault(forms.nominative.strip(), wanted.nominative.strip())
    return mapping


def listed_name(name: str, language: str | None = None) -> str:
    """`name` as stored in the register, in the interface language where it is known."""
    return _names(language or ui_language()).get(name.strip(), name)


def addressee_name(addressee: Addressee, languages: tuple[str, ...] = ()) -> str:
    """A note's addressee by its name in the interface language, else English, else any."""
    for language in (ui_language(), "en", *languages):
        forms = addressee.forms.get(language)
        if forms is not None and forms.nominative.strip():
            return forms.nominative.strip()
    return addressee.key
