"""The interface's one set of colours: errors, problems, warnings, notices."""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QBrush, QColor

#: Text of an error or a refusal.
ERROR: Final = "#b00020"
#: The background of a place with a problem (a plan cell, an overdue row).
PROBLEM_BACKGROUND: Final = "#fde7ea"
#: Text of something near its limit (a deadline in a few days).
WARNING: Final = "#8a5300"
WARNING_BACKGROUND: Final = "#fff3d6"
#: A notice the officer should read (a recovered draft, a missing translation).
NOTICE_BACKGROUND: Final = "#fdf1c7"
#: A section heading row of a plan.
SECTION_BACKGROUND: Final = "#e8eef7"
#: Text of a check that came out sound (a verified copy).
GOOD: Final = "#1b5e20"
#: Secondary text: labels beside values, an explanation under a heading.
MUTED: Final = "#555555"
#: A grey hint in place of content ("Select a note to see it here").
HINT: Final = "#808080"
#: The bar over an issued document shown as stored.
ISSUED_BACKGROUND: Final = "#e3efe0"
ISSUED_BORDER: Final = "#9cbf94"
#: The note window's status banner, per kind of state: editable, waiting, fixed, ended.
STATUS_BACKGROUNDS: Final = {
    "edit": "#e8f4fd",
    "wait": NOTICE_BACKGROUND,
    "fixed": "#e9f6ec",
    "ended": "#eeeeee",
}
#: The keyboard focus ring.
FOCUS: Final = "#1a4fa3"
#: The frame round a field with a problem.
PROBLEM_BORDER: Final = f"border: 2px solid {ERROR};"
#: The style sheet of a label telling an error.
ERROR_STYLE: Final = f"color: {ERROR}"


def brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))
