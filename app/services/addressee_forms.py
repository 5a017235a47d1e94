"""The grammatical forms Verbale proposes for an addressee from the nominative the officer types.

Russian inflects the head noun phrase with pymorphy3's dictionary (app/i18n/russian_cases.py),
Kazakh follows the rules of its endings (app/domain/kazakh_cases.py), English is as typed. The
officer confirms or edits the proposal; the forms stored in the directory stay the source of
truth.
"""

from __future__ import annotations

import textwrap

from app.domain import kazakh_cases
from app.domain.parties import AddresseeForms
from app.i18n import russian_cases

#: The languages whose forms are proposed.
PROPOSED_LANGUAGES = ("en", "ru", "kk")
#: The foot block's lines are broken before this width, as the directory's blocks are.
FOOT_WIDTH = 38
_SHORT_WORD = 3
_GLUE = "\u00a0"


class UnknownLanguage(ValueError):
    """Forms are proposed in en, ru and kk only."""


def propose_foot(language: str, nominative: str) -> str:
    """The block at the foot of the note: the nominative in capitals, in lines of ~38 letters.

    English drops the article (`the Embassy of ...` -> `EMBASSY OF ...`).
    """
    name = " ".join(nominative.split())
    if language == "en" and name.lower().startswith("the "):
        name = name[4:]
    # A short word (a preposition, a conjunction, an article) starts a line, never ends one.
    words = name.upper().split()
    glued = [
        f"{word}{_GLUE}" if len(word) <= _SHORT_WORD and index < len(words) - 1 else f"{word} "
        for index, word in enumerate(words)
    ]
    lines = textwrap.wrap("".join(glued), FOOT_WIDTH, break_on_hyphens=False)
    return "\n".join(line.replace(_GLUE, " ") for line in lines)


def propose_forms(language: str, nominative: str) -> AddresseeForms:
    """The nominative, dative, genitive and foot block proposed for `nominative`."""
    name = " ".join(nominative.split())
    if language == "ru":
        dative = russian_cases.inflect_phrase(name, "dative")
        genitive = russian_cases.inflect_phrase(name, "genitive")
    elif language == "kk":
        dative = kazakh_cases.dative(name)
        genitive = kazakh_cases.genitive(name)
    elif language == "en":
        dative = genitive = name
    else:
        raise UnknownLanguage(language)
    return AddresseeForms(
        nominative=name, dative=dative, genitive=genitive, foot=propose_foot(language, name)
    )
