"""A TOML file read as a note, a sender profile or the addressee directory is read: its size
bounded, every way it can fail told as one problem on the field that named it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from app.domain.problems import Problem, ValidationError

#: The largest note (or profile, or directory) file read, in bytes.
MAX_NOTE_BYTES = 10 * 1024 * 1024


def read_toml(path: Path, where: str = "file") -> dict[str, Any]:
    """The parsed TOML file at `path`; ValidationError (one problem, on `where`) if it cannot
    be read, is too large, is not UTF-8, is not TOML or is nested too deeply to parse."""
    try:
        if path.stat().st_size > MAX_NOTE_BYTES:
            size = MAX_NOTE_BYTES // 2**20
            raise ValidationError(
                [Problem(where, "file_too_large", params={"path": str(path), "size": size})]
            )
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        params = {"path": str(path), "reason": error.strerror or str(error)}
        raise ValidationError([Problem(where, "file_unreadable", params=params)]) from None
    except UnicodeDecodeError:
        raise ValidationError(
            [Problem(where, "file_not_utf8", params={"path": str(path)})]
        ) from None
    except tomllib.TOMLDecodeError as error:
        params = {"path": str(path), "reason": str(error)}
        raise ValidationError([Problem(where, "file_not_toml", params=params)]) from None
    except RecursionError:
        params = {"path": str(path)}
        raise ValidationError([Problem(where, "file_too_deep", params=params)]) from None
    return raw
