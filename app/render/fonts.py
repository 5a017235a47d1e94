"""The embedded serif family: registered once with ReportLab, subset into every PDF."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import fonts_dir

FAMILY = "VerbaleSerif"

# Streams are written Flate-compressed and binary: ReportLab's default also ASCII85-encodes
# them (for 7-bit channels no PDF travels through today), a quarter more bytes and, in pure
# Python, ~40 ms of a cold render. Every document Verbale draws uses this family, so this
# module is where the setting is made.
rl_config.useA85 = 0

_FACES = {
    "regular": ("VerbaleSerif", "LiberationSerif-Regular.ttf", 0, 0),
    "bold": ("VerbaleSerif-Bold", "LiberationSerif-Bold.ttf", 1, 0),
    "italic": ("VerbaleSerif-Italic", "LiberationSerif-Italic.ttf", 0, 1),
    "bold_italic": ("VerbaleSerif-BoldItalic", "LiberationSerif-BoldItalic.ttf", 1, 1),
}


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@cache
def serif_family(directory: Path | None = None) -> FontFamily:
    """Register the four faces (once per process) and return their ReportLab names."""
    folder = directory or fonts_dir()
    for name, file_name, bold, italic in _FACES.values():
        path = folder / file_name
        if not path.is_file():
            raise FileNotFoundError(f"font file missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(FAMILY, bold, italic, name)
    return FontFamily(*(face[0] for face in _FACES.values()))


@cache
def _covered_code_points() -> frozenset[int]:
    family = serif_family()
    covered: set[int] | None = None
    for name in (family.regular, family.bold, family.italic, family.bold_italic):
        font = pdfmetrics.getFont(name)
        points = set(font.face.charToGlyph)
        covered = points if covered is None else covered & points
    return frozenset(covered or ())


def unprintable_characters(text: str) -> list[str]:
    """Characters of `text` the embedded fonts have no glyph for (shown as boxes otherwise)."""
    covered = _covered_code_points()
    missing: list[str] = []
    for char in text:
        if char in "\n\t" or ord(char) in covered or char in missing:
            continue
        missing.append(char)
    return missing
