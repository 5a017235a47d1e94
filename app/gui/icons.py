"""Icons from the system's icon theme, each with a bundled SVG in resources/icons/ for a desktop
that has no theme (or lacks that icon): the same picture on every machine that has none."""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QIcon

from app import paths

#: Our name for an icon -> (the freedesktop theme name, the bundled file's stem).
ICONS: Final[dict[str, tuple[str, str]]] = {
    "new": ("document-new", "document-new"),
    "open": ("document-open", "document-open"),
    "submit": ("mail-send", "mail-send"),
    "approve": ("dialog-ok-apply", "approve"),
    "issue": ("document-export", "issue"),
    "print": ("document-print", "document-print"),
    "save": ("document-save", "document-save"),
    "verify": ("security-high", "verify"),
    "calendar": ("x-office-calendar", "calendar"),
}


def bundled_icon_path(name: str) -> str:
    """The bundled SVG file of icon `name`."""
    return str(paths.resources_dir() / "icons" / f"{ICONS[name][1]}.svg")


def icon(name: str) -> QIcon:
    """The theme's icon for `name`, else the bundled one."""
    theme_name, _stem = ICONS[name]
    return QIcon.fromTheme(theme_name, QIcon(bundled_icon_path(name)))
