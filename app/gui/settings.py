"""What the desktop remembers between sessions (QSettings): interface language, window
geometry, splitter states, the last saved view, column widths."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from app.i18n.messages import UI_LANGUAGES

LANGUAGE_KEY = "interface/language"
LAST_VIEW_KEY = "mainWindow/view"
LAST_LOGIN_KEY = "login/last"


def ui_language() -> str | None:
    """The interface language chosen last time, or None when never chosen (or unknown)."""
    value = QSettings().value(LANGUAGE_KEY)
    return str(value) if value in UI_LANGUAGES else None


def remember_ui_language(language: str) -> None:
    if language not in UI_LANGUAGES:
        raise ValueError(f"unknown interface language {language!r}")
    QSettings().setValue(LANGUAGE_KEY, language)


def text_value(key: str, default: str = "") -> str:
    value = QSettings().value(key)
    return str(value) if value is not None else default


def set_value(key: str, value: Any) -> None:
    QSettings().setValue(key, value)


def _bytes(key: str) -> QByteArray | None:
    value = QSettings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def restore_geometry(widget: QWidget, key: str) -> bool:
    """Put `widget` back where it was; False when nothing was remembered."""
    state = _bytes(f"{key}/geometry")
    return state is not None and widget.restoreGeometry(state)


def save_geometry(widget: QWidget, key: str) -> None:
    QSettings().setValue(f"{key}/geometry", widget.saveGeometry())


def restore_splitter(splitter: QSplitter, key: str) -> bool:
    state = _bytes(f"{key}/splitter")
    return state is not None and splitter.restoreState(state)


def save_splitter(splitter: QSplitter, key: str) -> None:
    QSettings().setValue(f"{key}/splitter", splitter.saveState())


def restore_header(header: QHeaderView, key: str) -> bool:
    """Column widths (and order) of a table's header."""
    state = _bytes(f"{key}/header")
    return state is not None and header.restoreState(state)


def save_header(header: QHeaderView, key: str) -> None:
    QSettings().setValue(f"{key}/header", header.saveState())
