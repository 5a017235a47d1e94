"""Helpers shared by the plan tests: PDF text per page, whitespace normalisation, plans."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.plan import Plan
from app.services.plan_io import read_plan

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
REFERENCE_CSV = ROOT / "examples" / "par-1453-plan.csv"


def normalise(text: str) -> str:
    """Whitespace only: every run of white space becomes one space."""
    return " ".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, without the page number printed at its foot."""
    texts = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        text = normalise(page.extract_text())
        footer = f" {number}"
        assert text.endswith(footer) or text == str(number), f"page {number} lacks its number"
        texts.append(text[: -len(footer)] if text.endswith(footer) else "")
    return texts


def without_repeated_headers(pages: list[str], header: str) -> str:
    """The pages' text with the table header removed where a continuation page repeats it."""
    parts = [pages[0]]
    for text in pages[1:]:
        assert text.startswith(header), f"a page does not begin with the header: {text[:80]!r}"
        parts.append(text[len(header) :])
    return normalise(" ".join(parts))


def words_of(text: str) -> list[str]:
    return re.findall(r"\S+", text)


@pytest.fixture(scope="session")
def reference_plan() -> Plan:
    return read_plan(REFERENCE_CSV)


def rejoined(words: list[str], known: set[str]) -> list[str]:
    """Words of extracted text with the words hyphenated at line ends made whole again:
    `interna-` `tional` is `international` when that is a word of the source, and
    `sanitary-` `epidemiological` is `sanitary-epidemiological`. A hyphen ending a line that
    joins no source word is left as it is (for the test to find)."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        while word.endswith("-") and word not in known and index < len(words):
            dropped, kept = word[:-1] + words[index], word + words[index]
            joined = kept if kept in known or _prefix(kept, known) else dropped
            if joined not in known and not _prefix(joined, known):
                break
            word = joined
            index += 1
        out.append(word)
    return out


def _prefix(part: str, known: set[str]) -> bool:
    """`part` begins a source word and is hyphenated further (`inter-` `nation-`)."""
    return part.endswith("-") and any(word.startswith(part[:-1]) for word in known)
