"""Russian dative and genitive of an addressee's name, with pymorphy3's dictionary.

The head noun phrase at the start of the name is inflected — the adjectives and participles that
agree with the first noun, and that noun — and the rest is kept as typed: the genitive tail
("Посольство Японии" -> "Посольству Японии"), the apposition ("Республика Корея" ->
"Республике Корея"), abbreviations. A hyphenated head inflects both parts
("государства-члены" -> "государствам-членам"). Capitals are kept as typed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: The grammatical cases the notes need, by pymorphy3's tag.
CASES = {"dative": "datv", "genitive": "gent"}
_AGREEING = frozenset({"ADJF", "PRTF", "NUMR"})


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    import pymorphy3  # a dictionary of some 20 MB: loaded on the first proposal only

    return pymorphy3.MorphAnalyzer(lang="ru")


def _keep_capitals(typed: str, inflected: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return inflected.upper()
    if typed[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def _nominative_parses(word: str) -> list[Any]:
    return [parse for parse in _analyzer().parse(word) if "nomn" in parse.tag]


def _noun_parse(word: str, number: str | None = None) -> Any | None:
    for parse in _nominative_parses(word):
        if parse.tag.POS == "NOUN" and (number is None or number in parse.tag):
            return parse
    return None


def _inflect(parse: Any, case: str, number: str | None, typed: str) -> str:
    grammemes = {case} if number is None else {case, number}
    inflected = parse.inflect(grammemes) or parse.inflect({case})
    return typed if inflected is None else _keep_capitals(typed, inflected.word)


def _hyphenated_noun(word: str, case: str) -> str | None:
    """Both parts of a hyphenated head noun in the case, in one number ("государства-члены")."""
    parts = word.split("-")
    if len(parts) != 2 or not all(parts):
        return None
    for number in ("plur", "sing"):
        parses = [_noun_parse(part, number) for part in parts]
        if all(parse is not None for parse in parses):
            return "-".join(
                _inflect(parse, case, number, part)
                for parse, part in zip(parses, parts, strict=True)
            )
    return None


def _head_noun_end(words: list[str]) -> tuple[int, Any | None]:
    """The index of the head noun (the first noun in the nominative) and its parse."""
    for index, word in enumerate(words):
        if "-" in word and _hyphenated_noun(word, "datv") is not None:
            return index, None
        parse = _noun_parse(word)
        if parse is not None:
            return index, parse
        if not any(p.tag.POS in _AGREEING for p in _nominative_parses(word)):
            break
    return -1, None


def _agreeing(word: str, noun: Any, case: str) -> str:
    number = "plur" if "plur" in noun.tag else "sing"
    for parse in _nominative_parses(word):
        if parse.tag.POS not in _AGREEING or number not in parse.tag:
            continue
        if number == "sing" and noun.tag.gender and noun.tag.gender not in parse.tag:
            continue
        return _inflect(parse, case, number, word)
    return word


def inflect_phrase(phrase: str, form: str) -> str:
    """The phrase with its head noun phrase in `form` ("dative" or "genitive")."""
    case = CASES[form]
    words = phrase.split()
    end, noun = _head_noun_end(words)
    if end < 0:
        return phrase
    if noun is None:
        head = _hyphenated_noun(words[end], case) or words[end]
        number_source = _noun_parse(words[end].split("-")[0], "plur") or _noun_parse(
            words[end].split("-")[0]
        )
        noun = number_source
    else:
        number = "plur" if "plur" in noun.tag else "sing"
        head = _inflect(noun, case, number, words[end])
    before = [_agreeing(word, noun, case) if noun else word for word in words[:end]]
    return " ".join([*before, head, *words[end + 1 :]])
