"""The register window: the register searched as the officer types, narrowed by saved views,
with the selected note's details and workflow buttons beside it.

`window.MainWindow` puts it together; `views` are the saved views as data, `search` the
search and count off the GUI thread (latest result only), `details` the panel beside the
list, `long_work` export/back-up/verify behind progress, `actions` the menus as a table.
"""

from app.gui.qt_translations import apply_ui_language
from app.gui.register_window.views import (
    VIEW_ALL,
    VIEW_AWAITING,
    VIEW_DEADLINES,
    VIEW_ISSUED,
    VIEW_MY_DRAFTS,
    VIEWS,
)
from app.gui.register_window.window import MainWindow

__all__ = [
    "VIEWS",
    "VIEW_ALL",
    "VIEW_AWAITING",
    "VIEW_DEADLINES",
    "VIEW_ISSUED",
    "VIEW_MY_DRAFTS",
    "MainWindow",
    "apply_ui_language",
]
