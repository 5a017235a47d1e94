"""The interface's own words in English, Russian and Kazakh.

Every user-visible string of the application goes through `_` (or `ngettext` for counts).
Catalogs live in ``resources/locale/<lang>/LC_MESSAGES/verbale.po``; a built package carries the
compiled ``.mo`` beside them, a source checkout reads the ``.po`` directly (compiled in memory
with Babel), so a translator's edit shows up on the next start without a build step.

English is the source language: its catalog is empty and the msgid is the text shown.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from app import paths
from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER

DOMAIN = "verbale"
#: Interface languages, in the order the language menu lists them.
UI_LANGUAGES: tuple[str, ...] = LANGUAGE_ORDER
#: Each language's own name, as shown in the language menu.
UI_LANGUAGE_NAMES: dict[str, str] = dict(LANGUAGE_NAMES)

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_language = "en"


def catalog_path(language: str, suffix: str = ".po") -> Path:
    return paths.locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def load_translations(language: str) -> gettext.NullTranslations:
    """The catalog for `language`: the compiled .mo if present, else the .po compiled in memory;
    English, or a language without a catalog, gives the source texts unchanged."""
    if language not in UI_LANGUAGES:
        raise ValueError(
            f"unknown interface language {language!r}; choose one of {', '.join(UI_LANGUAGES)}"
        )
    mo_path = catalog_path(language, ".mo")
    po_path = catalog_path(language, ".po")
    if mo_path.is_file() and (
        not po_path.is_file() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as mo_file:
            return gettext.GNUTranslations(mo_file)
    if po_path.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def set_ui_language(language: str) -> None:
    """Switch the interface language for every later call of `_`."""
    global _current, _current_language
    _current = load_translations(language)
    _current_language = language


def ui_language() -> str:
    return _current_language


def _(message: str) -> str:
    """`message` in the current interface language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message right for `count` (Russian and Kazakh plural rules)."""
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it yet (translated where shown)."""
    return message
