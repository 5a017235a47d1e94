"""Windows sized to the screen they open on: the size a window would like, never more than
the screen's free area (a 1366×768 laptop keeps the whole window in sight)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

#: Share of the screen's free area a window takes at most (room for the frame and the panel).
SCREEN_SHARE = 0.96


def fit_to_screen(window: QWidget, wanted: QSize) -> QSize:
    """Resize `window` to `wanted`, shrunk to fit the free area of its screen; the size."""
    screen = window.screen()
    if screen is not None:
        free = screen.availableGeometry().size()
        wanted = wanted.boundedTo(
            QSize(int(free.width() * SCREEN_SHARE), int(free.height() * SCREEN_SHARE))
        )
    window.resize(wanted)
    return wanted
