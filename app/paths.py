"""Where Verbale finds its templates and resources, and where it keeps the user's data.

Stdlib only (platformdirs is imported lazily), so any layer may ask for a path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME
from app.private_files import private_folder

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root() -> Path:
    """The folder holding templates/ and resources/: frozen app, installed wheel or source tree."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "app" / "_data")
    candidates.append(_PACKAGE_DIR / "_data")
    candidates.append(_PACKAGE_DIR.parent)
    for root in candidates:
        if (root / "templates").is_dir() and (root / "resources").is_dir():
            return root
    raise FileNotFoundError(
        "Verbale cannot find its templates/ and resources/ folders; looked in "
        + ", ".join(str(c) for c in candidates)
    )


def templates_dir() -> Path:
    return _data_root() / "templates"


def resources_dir() -> Path:
    return _data_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def locale_dir() -> Path:
    return resources_dir() / "locale"


def user_data_dir() -> Path:
    """The user's data folder (register, issued PDFs), created on first use.

    VERBALE_DATA_DIR overrides it, which tests and portable installs use.
    """
    return private_folder(_user_data_path())


def _user_data_path() -> Path:
    """Where the user's data folder is, without creating it."""
    override = os.environ.get("VERBALE_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    override = os.environ.get("VERBALE_DATA_DIR")
    if override:
        path = Path(override) / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return private_folder(path)


def user_config_dir() -> Path:
    """The user's configuration folder, which holds the audit key (not created here).

    VERBALE_CONFIG_DIR overrides it, which tests and portable installs use.
    """
    override = os.environ.get("VERBALE_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """The user's cache folder (what Verbale can make again, e.g. parsed hyphenation patterns;
    not created here). VERBALE_CACHE_DIR overrides it, else a folder of VERBALE_DATA_DIR."""
    override = os.environ.get("VERBALE_CACHE_DIR")
    if override:
        return Path(override)
    data = os.environ.get("VERBALE_DATA_DIR")
    if data:
        return Path(data) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def backups_dir() -> Path:
    path = user_data_dir() / "backups"
    return private_folder(path)


def default_database_url() -> str:
    """VERBALE_DB if set, else the SQLite register in the user's data folder (the folder is
    made with the register, by what writes to it: a command that only reads makes nothing)."""
    return os.environ.get("VERBALE_DB") or f"sqlite:///{_user_data_path() / 'register.sqlite3'}"


def demo_database_url() -> str:
    """The demo register `verbale demo` and `make run` fill: a file of its own in the user's
    data folder, never the user's register."""
    return f"sqlite:///{user_data_dir() / 'demo-register.sqlite3'}"
