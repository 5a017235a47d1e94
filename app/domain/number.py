"""Note numbers such as №PAR/1453: parsing as officers type them, and formatting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NUMBER_SIGN = "№"

# Cyrillic letters that look like Latin ones, as typed on a Russian keyboard layout.
_LOOKALIKES = str.maketrans(
    {
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "а": "a",
        "е": "e",
        "к": "k",
        "м": "m",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "х": "x",
        "у": "y",
    }
)

_PREFIX_RE = re.compile(r"^[A-Z]{1,16}$")
_NUMBER_RE = re.compile(r"^\s*(?P<prefix>[A-Z]{1,16})?\s*[/\-]?\s*(?P<running>\d{1,9})\s*$")


def normalise_typed_number(text: str) -> str:
    """Fold what an officer typed: no number sign, NFKC, Latin look-alikes, upper case."""
    # № must go before NFKC, which would turn it into the letters "No".
    without_sign = text.replace(NUMBER_SIGN, " ").replace("#", " ")
    return unicodedata.normalize("NFKC", without_sign).translate(_LOOKALIKES).upper().strip()


@dataclass(frozen=True, order=True)
class NoteNumber:
    """A registered note's number: a series prefix and a running number."""

    prefix: str
    running: int

    def __post_init__(self) -> None:
        if not _PREFIX_RE.match(self.prefix):
            raise ValueError(f"series prefix {self.prefix!r} must be 1-16 Latin capital letters")
        if self.running < 1:
            raise ValueError(f"running number must be positive, not {self.running}")

    @classmethod
    def parse(cls, text: str) -> NoteNumber:
        """Parse `№PAR/1453`, `PAR/1453`, `par 1453`, `№ PAR-1453` (Cyrillic look-alikes too)."""
        match = _NUMBER_RE.match(normalise_typed_number(text))
        if not match or not match.group("prefix"):
            raise ValueError(
                f"{text!r} is not a note number; expected a series and a number such as №PAR/1453"
            )
        return cls(match.group("prefix"), int(match.group("running")))

    @property
    def code(self) -> str:
        """The number without the sign: `PAR/1453`."""
        return f"{self.prefix}/{self.running}"

    @property
    def file_stem(self) -> str:
        """The number as it appears in file names: `PAR-1453`."""
        return f"{self.prefix}-{self.running}"

    def __str__(self) -> str:
        return f"{NUMBER_SIGN}{self.code}"


@dataclass(frozen=True)
class NumberQuery:
    """What an officer typed into a number search, reduced to its parts (either may be absent)."""

    prefix: str | None
    running: int | None
    digits: str | None

    @classmethod
    def parse(cls, text: str) -> NumberQuery | None:
        """Read `1453`, `PAR/1453`, `par 1453`, `№ PAR/1453`, `РАR/1453`; None if no number."""
        match = _NUMBER_RE.match(normalise_typed_number(text))
        if not match:
            folded = normalise_typed_number(text)
            if _PREFIX_RE.match(folded):
                return cls(prefix=folded, running=None, digits=None)
            return None
        digits = match.group("running")
        return cls(prefix=match.group("prefix"), running=int(digits), digits=digits)
