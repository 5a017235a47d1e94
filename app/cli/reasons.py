"""Refusals told on stderr as the GUI tells them (light: no register, no SQLAlchemy)."""

from __future__ import annotations

from app.domain.problems import ValidationError
from app.i18n.problems import problems_report


def reason_text(error: object) -> str:
    """Why something was refused: problems through app.i18n.problems (field labels, language
    names, in the interface language), never their developer form."""
    if isinstance(error, ValidationError):
        return problems_report(error.problems)
    return str(error)
