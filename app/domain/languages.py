"""The languages notes are written in."""

from __future__ import annotations

from typing import Final

ENGLISH: Final = "en"
RUSSIAN: Final = "ru"
KAZAKH: Final = "kk"

#: The order in which parallel versions are bound together.
LANGUAGE_ORDER: Final[tuple[str, ...]] = (ENGLISH, RUSSIAN, KAZAKH)

LANGUAGE_NAMES: Final[dict[str, str]] = {
    ENGLISH: "English",
    RUSSIAN: "Русский",
    KAZAKH: "Қазақша",
}


def is_known_language(code: str) -> bool:
    return code in LANGUAGE_ORDER


def in_binding_order(codes: set[str] | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The given languages in the order the parallel texts are bound: en, ru, kk."""
    return tuple(code for code in LANGUAGE_ORDER if code in codes)
