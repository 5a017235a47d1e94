"""Where a word may break at the end of a line, per language, for ReportLab's own hyphenation.

English and Russian by pyphen's dictionaries (the hyphenation patterns of LibreOffice and TeX);
Kazakh, which pyphen has no dictionary for, at its syllable boundaries: every syllable holds one
vowel, a single consonant between two vowels begins the next syllable (қа-ла), of two or more
the last one does (ал-ма, айт-ты). A word is also broken after a hyphen it has. A paragraph
style gets `hyphenation_style_options(language)`: the hyphenator, breaking at embedded hyphens,
and `splitLongWords` off, so that no word is ever cut where it has no hyphen.

ReportLab hyphenates only words made of the letters it lists, which leave out ё and the
Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і): `allow_cyrillic_letters` adds the whole Cyrillic
block to that list once.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Final

#: pyphen's dictionary for each language that has one.
DICTIONARIES: Final = {"en": "en_GB", "ru": "ru_RU"}
#: The least letters left on a line before a hyphen, and carried after it.
LEFT: Final = 2
RIGHT: Final = 2
_KAZAKH_VOWELS: Final = frozenset("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ")
_SIGNS: Final = frozenset("ьъЬЪ")

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]


def kazakh_points(word: str) -> list[int]:
    """The places (indexes) a Kazakh word may break: syllable boundaries and after hyphens."""
    points: set[int] = set()
    start = 0
    for part in word.split("-"):
        end = start + len(part)
        if start and end > start:
            points.add(start)  # after the hyphen
        vowels = [start + i for i, char in enumerate(part) if char in _KAZAKH_VOWELS]
        for before, after in itertools.pairwise(vowels):
            between = after - before - 1
            point = after if between == 0 else after - 1
            while point > before + 1 and word[point] in _SIGNS:
                point += 1  # ь and ъ stay with the letter before them
            if before < point <= after:
                points.add(point)
        start = end + 1
    return sorted(
        point
        for point in points
        if (point >= LEFT or word[point - 1] == "-") and len(word) - point >= RIGHT
    )


def _kazakh(word: str) -> Iterator[tuple[str, str]]:
    for point in reversed(kazakh_points(word)):
        yield word[:point], word[point:]


@cache
def hyphenator(language: str) -> Hyphenator | None:
    """The hyphenator of a language: (head, tail) pairs of a word, the longest head first."""
    if language == "kk":
        return _kazakh
    name = DICTIONARIES.get(language)
    if name is None:
        return None
    import pyphen

    _load_patterns(pyphen, name)
    iterate: Hyphenator = pyphen.Pyphen(lang=name, left=LEFT, right=RIGHT).iterate
    return iterate


def _load_patterns(pyphen: Any, name: str) -> None:
    """Hand pyphen the patterns of dictionary `name` from the user's cache folder, where the
    first render wrote them: parsing en_GB's .dic takes a tenth of a cold `verbale render`,
    reading the parsed patterns back a few milliseconds. The file is data only (marshal: no
    code runs on loading it), named after pyphen's version and the dictionary's size and date,
    and only ever of plain positions; anything else is parsed as pyphen does."""
    import marshal

    from app.paths import user_cache_dir

    path = pyphen.LANGUAGES[name]
    if path in pyphen.hdcache:
        return
    stat = path.stat()
    cached = (
        user_cache_dir()
        / "hyphenation"
        / (f"{name}-{pyphen.__version__}-{stat.st_size}-{stat.st_mtime_ns}.marshal")
    )
    try:
        patterns, maxlen = marshal.loads(cached.read_bytes())
        if not isinstance(patterns, dict) or not isinstance(maxlen, int):
            raise ValueError(f"{cached} holds no patterns")
        parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
        parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, maxlen
        pyphen.hdcache[path] = parsed
        return
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        pass
    parsed = pyphen.HyphDict(path)
    pyphen.hdcache[path] = parsed
    plain = {
        key: (offset, tuple(values))
        for key, (offset, values) in parsed.patterns.items()
        if all(type(value) is int for value in values)
    }
    if len(plain) != len(parsed.patterns):
        return  # nonstandard hyphenation (ff=f): not kept as plain data
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f"{cached.name}.{os.getpid()}")
        temporary.write_bytes(marshal.dumps((plain, parsed.maxlen)))
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only cache folder: parsed again next time


def hyphenation_style_options(language: str) -> dict[str, Any]:
    """ParagraphStyle options hyphenating `language` and never cutting a word elsewhere."""
    allow_cyrillic_letters()
    return {
        "hyphenationLang": hyphenator(language) or "",
        "embeddedHyphenation": 2,
        "splitLongWords": 0,
        "uriWasteReduce": 0,
    }


@cache
def allow_cyrillic_letters() -> None:
    """Let ReportLab hyphenate words with ё and the Kazakh letters (the whole Cyrillic block)."""
    from reportlab.platypus import paragraph

    letters = paragraph._hy_letters + "\u0400-\u04ff"
    paragraph._hy_letters_pat = re.compile(f"^[{letters}]+$")
    paragraph._hy_shy_letters_pat = re.compile(f"^[{paragraph._hy_shy}{letters}]+$")
