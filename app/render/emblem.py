"""Whether a file is an emblem the note's layout can print: an image ReportLab reads."""

from __future__ import annotations

from pathlib import Path

#: Largest emblem file read, in bytes: an emblem is a small logo, not a photograph.
MAX_EMBLEM_BYTES = 5 * 1024 * 1024
#: Largest emblem in pixels each way (a decompression bomb is refused before it is decoded).
MAX_EMBLEM_PIXELS = 8000


def emblem_trouble(path: Path) -> str | None:
    """None if `path` is an image the layout prints, else what is wrong with it:
    "missing", "unreadable", "too large" or "not an image"."""
    try:
        size = path.stat().st_size
    except OSError:
        return "missing"
    if not path.is_file():
        return "unreadable"  # a folder, a device
    if size > MAX_EMBLEM_BYTES:
        return "too large"
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError:
        return "unreadable"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            if width > MAX_EMBLEM_PIXELS or height > MAX_EMBLEM_PIXELS:
                return "too large"
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "not an image"
    except Image.DecompressionBombError:
        return "too large"
    return None
