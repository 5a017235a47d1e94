"""Files and folders only their owner reads: 0600 files, 0700 folders, whatever the umask.

The register, its backups and safety copies, exports, rendered PDFs and the audit key are
created through these functions. Folders that already exist (the one a user exports into)
keep their mode; only what Verbale creates is made private. Stdlib only: any layer may use it.
On Windows the modes are what the platform's chmod allows (the read-only bit); the folders in
the user's profile are private there already.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def _chmod(path: Path | int, mode: int) -> None:
    if isinstance(path, int):
        if hasattr(os, "fchmod"):
            os.fchmod(path, mode)
    else:
        os.chmod(path, mode)


def private_folder(path: Path | str) -> Path:
    """`path` as a folder, created with any missing parents, each one created 0700."""
    folder = Path(path)
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # another process made it first: its mode is its own
        _chmod(created, FOLDER_MODE)
    return folder


def private_file(path: Path | str) -> Path:
    """`path` created empty (or emptied) 0600, its folder made as `private_folder` does: for a
    library that then writes to the path itself (openpyxl, ReportLab, SQLite)."""
    target = Path(path)
    private_folder(target.parent)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        _chmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return target


def new_private_file(path: Path | str) -> bool:
    """Create `path` empty and 0600 unless it exists (a register file SQLite is about to
    open: SQLite gives its -wal and -shm files the same mode); True if it was created."""
    target = Path(path)
    private_folder(target.parent)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    try:
        _chmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return True


def write_private(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` (replacing it whole, never half-written), mode 0600."""
    target = Path(path)
    private_folder(target.parent)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        _chmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target
