"""Counts as each interface language groups their digits."""

from __future__ import annotations

#: The thousands separator: a comma in English; a no-break space in Russian and Kazakh.
_GROUP_SEPARATORS = {"en": ",", "ru": "\u00a0", "kk": "\u00a0"}


def grouped(number: int, language: str) -> str:
    """`1,000,000` in English, `1 000 000` in Russian and Kazakh (with no-break spaces)."""
    return f"{number:,}".replace(",", _GROUP_SEPARATORS.get(language, ","))
