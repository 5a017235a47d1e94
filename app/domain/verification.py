"""The verification code of an issued note, and the mark an issued document carries.

The code is random (40 bits from the operating system's generator), not derived from the number,
so nobody can make up the code of a note they have not seen. It is written in Crockford's base 32
(digits and capitals without I, L, O, U) as two groups of four, `K7QX-93MD`; typed back, case,
spaces, dashes and the look-alikes O/o (0) and I/i/L/l (1) are forgiven.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.number import NoteNumber

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class CodeError(ValueError):
    """Typed text that is not a verification code."""


@dataclass(frozen=True, order=True)
class VerificationCode:
    """Eight characters of ALPHABET, kept without the dash."""

    characters: str

    def __post_init__(self) -> None:
        if len(self.characters) != LENGTH or any(c not in ALPHABET for c in self.characters):
            raise CodeError(f"{self.characters!r} is not a verification code")

    @classmethod
    def new(cls) -> VerificationCode:
        import secrets  # only issuing draws a code; ~5 ms of every cold start otherwise

        return cls("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))

    @classmethod
    def parse(cls, typed: str) -> VerificationCode:
        """The code a person typed (`k7qx 93md`, `K7QX-93MD`); raises CodeError otherwise."""
        text = "".join(typed.split()).replace("-", "").replace("‐", "").upper()
        text = text.translate(_LOOK_ALIKES)
        if len(text) != LENGTH or any(c not in ALPHABET for c in text):
            raise CodeError(
                f"{typed.strip()!r} is not a verification code: it has {LENGTH} letters and "
                "digits, like K7QX-93MD"
            )
        return cls(text)

    def __str__(self) -> str:
        return f"{self.characters[:4]}-{self.characters[4:]}"


@dataclass(frozen=True)
class IssueMark:
    """What the register gives a note when it issues it, printed on every page of its documents:
    the verification code, and the head of the audit chain just before the issue (so a copy of
    the document anchors the chain outside the database)."""

    code: VerificationCode
    chain_head: str
    issued_at: dt.datetime


#: First word of the payload of every Verbale QR code.
QR_PREFIX = "VERBALE"


@dataclass(frozen=True)
class QrPayload:
    """What the QR code on a page of an issued document holds, as one line of text:
    `VERBALE PAR/1453 K7QX-93MD D:<16 hex> H:<16 hex>` (D: the SHA-256 of the document's text,
    H: the audit chain head at issue; the first 16 hex digits of each)."""

    number: str
    code: VerificationCode
    digest: str
    chain_head: str

    def text(self) -> str:
        # Upper-case hex keeps the whole text in the QR alphanumeric set (a smaller code).
        digest, head = self.digest[:16].upper(), self.chain_head[:16].upper()
        return f"{QR_PREFIX} {self.number} {self.code} D:{digest} H:{head}"

    @classmethod
    def parse(cls, text: str) -> QrPayload | None:
        """The payload of a scanned Verbale QR code, or None for any other text."""
        words = text.split()
        if len(words) != 5 or words[0] != QR_PREFIX:
            return None
        if not (words[3].startswith("D:") and words[4].startswith("H:")):
            return None
        try:
            NoteNumber.parse(words[1])
            code = VerificationCode.parse(words[2])
        except ValueError:
            return None
        return cls(words[1], code, words[3][2:].lower(), words[4][2:].lower())
