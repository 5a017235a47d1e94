"""Refusals told on stderr as the GUI tells them (light: no register, no SQLAlchemy)."""

from __future__ import annotations

from app.i18n.problems import error_text


def reason_text(error: object) -> str:
    """Why something was refused: problems through app.i18n.problems (field labels, language
    names, in the interface language), never their developer form."""
    return error_text(error)
