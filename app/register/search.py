"""Search helpers: folding text for the full-text index, turning anything an officer types into
a safe FTS5 query (and its PostgreSQL tsquery), and number ranges for partial number matches."""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TOKENS = 16
MAX_DIGITS = 9


def fold(text: str) -> str:
    """Lower case (Cyrillic and Kazakh included), NFKC, ё → е: the same for text and queries."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded.replace("ё", "е").replace("\u0435\u0308", "е")


def tokens(text: str) -> list[str]:
    """The words of `text` as the index sees them (underscores split words too)."""
    return [token for token in _WORD_RE.findall(fold(text).replace("_", " ")) if token]


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression: every word quoted, prefix-matched, all required.

    Returns None when the input holds no word at all (nothing to search for). No input, however
    hostile (quotes, `AND(`, `*`, `-`, `^`, NUL), ever yields an FTS syntax error: only word
    characters survive, each inside double quotes.
    """
    words = tokens(text)[:MAX_QUERY_TOKENS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def index_text(*parts: str) -> str:
    """What goes into the full-text index for a note."""
    return fold("\n".join(part for part in parts if part))


def postgresql_index_text(body: str) -> str:
    """`index_text` as PostgreSQL's index takes it: the same words, one space apart, so that
    its parser (`to_tsvector('simple', ...)`) sees exactly the words SQLite's index sees (it
    would read "par/1453" or "e-mail" as tokens of their own)."""
    return " ".join(tokens(body))


_FTS_WORD_RE = re.compile(r'"(\w+)"\*')


def tsquery(match: str) -> str:
    """The PostgreSQL `to_tsquery` text of an `fts_query` expression: every word a required
    prefix (`'word':* & ...`). The words are word characters only, so quoting them is safe."""
    return " & ".join(f"'{word}':*" for word in _FTS_WORD_RE.findall(match))


def tsquery_words(match: str) -> list[str]:
    """The words of an `fts_query` expression, each a prefix, in order."""
    return _FTS_WORD_RE.findall(match)


def running_ranges(digits: str, max_digits: int = MAX_DIGITS) -> list[tuple[int, int]]:
    """Half-open ranges of running numbers whose decimal form starts with `digits`.

    `145` → [145, 146), [1450, 1460), [14500, 14600), ... up to `max_digits` digits. Each range
    is an index range scan, so partial number search stays fast on a million notes.
    """
    stripped = digits.lstrip("0")
    if not stripped or len(stripped) > max_digits:
        return []
    value = int(stripped)
    ranges = []
    for extra in range(0, max_digits - len(stripped) + 1):
        scale = 10**extra
        ranges.append((value * scale, (value + 1) * scale))
    return ranges
