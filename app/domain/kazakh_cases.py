"""Kazakh dative and genitive of an addressee's name, by the rules of the grammar.

Only the last word of a Kazakh noun phrase takes the case ending. The ending is chosen by

- vowel harmony: the last vowel of the word that is back (а о ұ ы) or front (ә е ө ү і);
  `и`, `у` are read past (they are written for both), a final soft sign makes the word front;
- the sound at the end of the word: a vowel, a sonorant or voiced consonant, a voiceless one
  (word-final б в г д sound voiceless: `Белград` -> `Белградқа`);
- the possessive of the third person (`Өкілдігі`, `Республикасы`, `Хатшылығы`): the dative is
  `-на/-не` and the genitive `-ның/-нің` after it.

The genitive of a possessive head also undoes the genitive of the word before it
(`ұйымының Хатшылығы` -> `ұйымы Хатшылығының`), as Kazakh avoids two genitives in a row.
"""

from __future__ import annotations

_BACK = frozenset("аоұыяёАОҰЫЯЁ")
_FRONT = frozenset("әеөүіэӘЕӨҮІЭ")
_VOWELS = frozenset("аәеиоөұүыіуэюяёАӘЕИОӨҰҮЫІУЭЮЯЁ")
#: Word-final consonants after which the dative is -қа/-ке and the genitive -тың/-тің.
_VOICELESS = frozenset("кқпстфхцчшщһбвгд")
#: Consonants after which the genitive is -дың/-дің (after м н ң it is -ның/-нің).
_GENITIVE_D = frozenset("лрйжзуи")
_NASALS = frozenset("мнң")
_GENITIVE_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің")
#: `-дағы` and its kin: a place between the possessor and the head keeps the possessor's genitive.
_LOCATIVE_ATTRIBUTIVE = ("дағы", "дегі", "тағы", "тегі")


def is_front(word: str) -> bool:
    """Whether the word's endings take front vowels (`Ресей` yes, `Қазақстан` no)."""
    letters = word.rstrip()
    if letters.lower().endswith("ь"):
        return True
    for letter in reversed(letters):
        if letter in _BACK:
            return False
        if letter in _FRONT:
            return True
    # Only и/у/ю (or no vowel at all, an abbreviation): read as Kazakh reads such loanwords.
    return any(letter in "иИ" for letter in letters)


def is_possessive(word: str) -> bool:
    """Whether the word ends in the third-person possessive (`Өкілдігі`, `Республикасы`)."""
    return len(word) > 2 and word[-1] in "ыі" and word[-2] not in _VOWELS


def _last_sound(word: str) -> str:
    trimmed = word.rstrip("ьъ")
    return trimmed[-1].lower() if trimmed else ""


def dative_word(word: str) -> str:
    """The word with the dative ending: `Қазақстан` -> `Қазақстанға`, `Ресей` -> `Ресейге`."""
    front = is_front(word)
    sound = _last_sound(word)
    if is_possessive(word):
        return word + ("не" if front else "на")
    if sound in _VOICELESS:
        return word + ("ке" if front else "қа")
    return word + ("ге" if front else "ға")


def genitive_word(word: str) -> str:
    """The word with the genitive ending: `Қазақстан` -> `Қазақстанның`, `Ресей` -> `Ресейдің`."""
    front = is_front(word)
    sound = _last_sound(word)
    if sound in _GENITIVE_D and not is_possessive(word):
        return word + ("дің" if front else "дың")
    if is_possessive(word) or sound in _VOWELS or sound in _NASALS:
        return word + ("нің" if front else "ның")
    if sound in _VOICELESS:
        return word + ("тің" if front else "тың")
    return word + ("дің" if front else "дың")


def _split_last(phrase: str) -> tuple[str, str]:
    head, _space, last = phrase.rstrip().rpartition(" ")
    return head, last


def _with_ending(last: str, inflect: str) -> str:
    """An abbreviation in capitals takes its ending after a hyphen (`ШЫҰ-ға`)."""
    if len(last) > 1 and last.isupper():
        ending = dative_word(last) if inflect == "dative" else genitive_word(last)
        return f"{last}-{ending[len(last) :]}"
    return dative_word(last) if inflect == "dative" else genitive_word(last)


def dative(phrase: str) -> str:
    """The phrase in the dative: only its last word changes."""
    head, last = _split_last(phrase)
    if not last:
        return phrase
    word = _with_ending(last, "dative")
    return f"{head} {word}" if head else word


def genitive(phrase: str) -> str:
    """The phrase in the genitive; the genitive of the possessor before a possessive head is
    undone, modifiers between them kept (`Ресей Федерациясының Сыртқы істер министрлігі` ->
    `Ресей Федерациясы Сыртқы істер министрлігінің`)."""
    head, last = _split_last(phrase)
    if not last:
        return phrase
    word = _with_ending(last, "genitive")
    if head and is_possessive(last):
        words = head.split(" ")
        for index in range(len(words) - 1, -1, -1):
            if words[index].endswith(_LOCATIVE_ATTRIBUTIVE):
                break  # `... Республикасының Түркия Республикасындағы Елшілігі` keeps both
            stem = _possessor_stem(words[index])
            if stem is not None:
                words[index] = stem
                head = " ".join(words)
                break
    return f"{head} {word}" if head else word


def _possessor_stem(word: str) -> str | None:
    """`Республикасының` -> `Республикасы`, `Ауғанстанның` -> `Ауғанстан`: a possessor's
    genitive undone (a possessive stem, or a proper name), else None."""
    for ending in _GENITIVE_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and stem and (is_possessive(stem) or stem[0].isupper()):
            return stem
    return None
