"""The script check: is each language version written in its own language's letters?

A Kazakh pane that holds Russian text (a copy left untranslated) has no Kazakh-specific letter
(ә ғ қ ң ө ұ ү һ і) in a text long enough to be sure of it; an English pane must have no
Cyrillic letters at all (often a look-alike "а" or "о" typed on a Russian keyboard). Both are
warnings: the officer is told, nothing is refused. Pure functions, stdlib only.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from app.domain.note import Note
from app.domain.problems import Problem

#: The letters only Kazakh, of the two Cyrillic languages, writes.
KAZAKH_LETTERS: Final = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
#: Below this many letters a Kazakh text may be a name or a number: it is not judged.
MIN_LETTERS: Final = 40
_WORDS_SHOWN: Final = 3


def _cyrillic(char: str) -> bool:
    return char.isalpha() and "CYRILLIC" in unicodedata.name(char, "")


def looks_russian(text: str) -> bool:
    """A Kazakh text long enough to judge, in Cyrillic, without a single Kazakh letter."""
    letters = [char for char in text if char.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    cyrillic = sum(1 for char in letters if _cyrillic(char))
    return cyrillic * 2 >= len(letters) and not KAZAKH_LETTERS.intersection(letters)


def cyrillic_words(text: str) -> list[str]:
    """The words of a text that hold a Cyrillic letter, each once, in reading order."""
    found: list[str] = []
    for word in text.split():
        word = word.strip(".,;:!?()«»\"'“”")
        if any(_cyrillic(char) for char in word) and word not in found:
            found.append(word)
    return found


def _checked_texts(note: Note) -> list[tuple[str, str, str]]:
    """The officer's own texts of each version (fields, body, enclosure titles)."""
    return [
        (field, language, text)
        for field, language, text in note.user_texts()
        if language is not None
        and field.startswith(("fields.", "body", "enclosures"))
        and text.strip()
    ]


def script_warnings(note: Note) -> list[Problem]:
    """A warning for each Kazakh text that reads as Russian and each English text with
    Cyrillic letters in it."""
    found: list[Problem] = []
    for field, language, text in _checked_texts(note):
        if language == "kk" and looks_russian(text):
            found.append(Problem(field, "script_not_kazakh", language))
        elif language == "en":
            words = cyrillic_words(text)
            if words:
                shown = ", ".join(words[:_WORDS_SHOWN]) + ("…" if len(words) > _WORDS_SHOWN else "")
                found.append(
                    Problem(field, "script_cyrillic_in_english", language, {"words": shown})
                )
    return found
