"""The composition root: opens the register, builds the QApplication and the main window."""

from __future__ import annotations

import sys

import app
from app import paths


def main(database_url: str | None = None) -> int:
    """Start the desktop application on the register at `database_url` (default: the user's)."""
    from PySide6.QtWidgets import QApplication

    from app.gui.main_window import MainWindow
    from app.services.register import Register

    url = database_url or paths.default_database_url()
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName(app.APP_NAME)
    qt_app.setOrganizationName(app.APP_NAME)
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName(app.APP_ID)
    register = Register.open(url, upgrade=True)
    try:
        window = MainWindow(register)
        window.show()
        return int(qt_app.exec())
    finally:
        register.close()


if __name__ == "__main__":
    raise SystemExit(main())
