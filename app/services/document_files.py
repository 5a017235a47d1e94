"""Issued documents saved as files: a stored `file_name` is a name, never a path.

The register keeps each issued PDF under the file name it had when it was issued
(`PAR-1453_en.pdf`). Whoever can write to the register file can change that name to
`../escaped.txt` or `/home/me/.bashrc`; so a document is saved under a safe base name made from
it, inside the folder asked for, and two documents never overwrite each other.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from app.private_files import private_folder, write_private
from app.services.register import Register

#: Longest saved name, in characters (file systems allow 255 bytes; Cyrillic takes two each).
MAX_NAME = 120


def safe_file_name(stored: str, fallback: str = "document") -> str:
    """A base name for a stored file name: its last path part, without control characters
    or leading dots, ending in .pdf; `fallback`.pdf if nothing of it is left."""
    last = stored.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(char for char in last if char == " " or _printable(char))
    name = printable.strip().lstrip(".").strip()
    if name.lower().endswith(".pdf"):
        name = name[: -len(".pdf")].rstrip(". ")
    name = name[:MAX_NAME] or fallback
    return f"{name}.pdf"


def _printable(char: str) -> bool:
    """Not a control, format, separator or unassigned character."""
    return not unicodedata.category(char).startswith(("C", "Z"))


def save_documents(register: Register, note_id: int, folder: Path) -> list[Path]:
    """Write every issued PDF of the note into `folder` (made 0700 if missing), each under its
    safe name (a second document with the same safe name gets `-2`, `-3`...); the paths."""
    record = register.load(note_id)
    private_folder(folder)
    written: list[Path] = []
    taken: set[str] = set()
    for index, document in enumerate(record.documents, start=1):
        name = safe_file_name(document.file_name, fallback=f"document-{index}")
        stem, count = name[: -len(".pdf")], 1
        while name.lower() in taken:
            count += 1
            name = f"{stem}-{count}.pdf"
        taken.add(name.lower())
        target = folder / name
        write_private(target, register.document(record.id, document.file_name))
        written.append(target)
    return written
