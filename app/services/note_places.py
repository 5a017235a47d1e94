"""Where a note may take its sender profile and its emblem from: resources/ or the note's own
folder, nowhere else.

`sender = "cica-secretariat"` names resources/senders/cica-secretariat.toml; a name ending in
.toml (`sender = "our-mission.toml"`) a profile in the note's folder. An emblem is a path
relative to the folder of whatever names it (resources/ for a shipped profile, the note's folder
for the note's own or an inline sender), or to resources/. Paths are resolved (symbolic links
too) and must stay inside their folder: `../../etc/x` and `/etc/x` are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.domain.problems import ValidationError, worded
from app.i18n.messages import _
from app.paths import resources_dir
from app.render.emblem import MAX_EMBLEM_BYTES, MAX_EMBLEM_PIXELS, emblem_trouble

#: A shipped profile's key: a plain file name without its .toml.
_PROFILE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class SenderPlace:
    """A sender profile's file and the folder its emblem is relative to."""

    path: Path
    root: Path


def inside(folder: Path, relative: str) -> Path | None:
    """`folder / relative` resolved, if it stays inside `folder` (else None)."""
    if not relative or "\x00" in relative or Path(relative).is_absolute():
        return None
    root = folder.resolve()
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root) else None


def find_sender(name: str, base: Path | None) -> SenderPlace | None:
    """The profile `name` means: a shipped one by key, or a .toml file in `base` (the note's
    folder); None if there is none there (or the name points elsewhere)."""
    resources = resources_dir()
    if _PROFILE_KEY.fullmatch(name):
        path = resources / "senders" / f"{name}.toml"
        return SenderPlace(path, resources) if path.is_file() else None
    if base is not None and name.endswith(".toml"):
        beside = inside(base, name)
        if beside is not None and beside.is_file():
            return SenderPlace(beside, base)
    return None


def emblem_for(text: str, root: Path) -> tuple[str | None, str | None]:
    """The emblem `text` names, as the profile keeps it (relative to resources/, else the
    resolved path in the note's folder), and what is wrong with it (None if nothing)."""
    resources = resources_dir()
    for folder in (root, resources):
        path = inside(folder, text)
        if path is None or not path.exists():
            continue
        trouble = _trouble_text(path)
        if path.is_relative_to(resources.resolve()):
            return path.relative_to(resources.resolve()).as_posix(), trouble
        return str(path), trouble
    if inside(root, text) is None and inside(resources, text) is None:
        return None, _('the emblem "{path}" is outside resources/ and the note\'s folder').format(
            path=text
        )
    return None, _('the emblem "{path}" does not exist').format(path=text)


def emblem_file(emblem: str) -> Path:
    """The file of a profile's emblem, checked again before the layout prints it (a register's
    copy of the profile may have been edited): ValidationError if it is not a printable image
    inside resources/ (relative) or where the note's folder had it (absolute)."""
    path = Path(emblem) if Path(emblem).is_absolute() else inside(resources_dir(), emblem)
    if path is None:
        message = _('the emblem "{path}" is outside resources/ and the note\'s folder')
        raise ValidationError([worded("sender.emblem", message.format(path=emblem))])
    trouble = _trouble_text(path)
    if trouble:
        raise ValidationError([worded("sender.emblem", trouble)])
    return path


def _trouble_text(path: Path) -> str | None:
    trouble = emblem_trouble(path)
    if trouble is None:
        return None
    if trouble == "missing":
        return _('the emblem "{path}" does not exist').format(path=path)
    if trouble == "unreadable":
        return _('the emblem "{path}" cannot be read').format(path=path)
    if trouble == "too large":
        return _('the emblem "{path}" is too large: at most {mb} MB, {px} pixels each way').format(
            path=path, mb=MAX_EMBLEM_BYTES // 2**20, px=MAX_EMBLEM_PIXELS
        )
    return _('the emblem "{path}" is not an image (PNG or JPEG)').format(path=path)
