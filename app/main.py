"""The composition root: opens the register, builds the QApplication, logs the officer in and
shows the main window."""

from __future__ import annotations

import sys

import app
from app import paths


def main(database_url: str | None = None) -> int:
    """Start the desktop application on the register at `database_url` (default: the user's)."""
    from PySide6.QtWidgets import QApplication

    from app.gui import settings
    from app.gui.main_window import MainWindow, apply_ui_language

    url = database_url or paths.default_database_url()
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName(app.APP_NAME)
    qt_app.setOrganizationName(app.APP_NAME)
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName(app.APP_ID)
    # The interface language chosen last time, before any window is built.
    apply_ui_language(settings.ui_language() or "en")

    from app.services.register import Register

    register = Register.open(url, upgrade=True)
    try:
        from app.gui.login_dialog import LoginDialog
        from app.services.users import has_users
        from app.services.workflow import WorkflowService

        workflow = WorkflowService(register)
        user = None
        if has_users(register):
            login = LoginDialog(register)
            if login.exec() != LoginDialog.DialogCode.Accepted or login.user is None:
                return 0  # the officer chose not to log in
            user = login.user
        # Without any user yet the window opens read only and says how to create the first
        # administrator (File › Create the first administrator…, or `verbale users add`).
        windows = [MainWindow(register, workflow, user)]

        def follow(replacement: object) -> None:
            # The window rebuilt in another language replaces the old one (kept referenced).
            assert isinstance(replacement, MainWindow)
            replacement.replaced.connect(follow)
            windows.append(replacement)

        windows[0].replaced.connect(follow)
        windows[0].show()
        return int(qt_app.exec())
    finally:
        # A count or search may still be reading on a worker thread: let it end before the
        # register closes under it (a query cut off at exit crashes the interpreter).
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30_000)
        register.close()


if __name__ == "__main__":
    raise SystemExit(main())
