"""The composition root: opens the register, builds the QApplication, logs the officer in and
shows the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import app
from app import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.gui.register_opening import OpeningRegister
    from app.gui.register_window import MainWindow
    from app.gui.support import Support
    from app.services.users import UserInfo


def import_before_qt() -> None:
    """Import what the register window needs that does not use Qt (and what it brings: sqlite3,
    the register's listing, the domain, the translations) before Qt is:
    once loaded, PySide6 reads the source of every module imported after it, looking for
    `from __feature__ import` (about a quarter of a millisecond each). Plain imports, so that
    PyInstaller sees them; tests/gui/test_start.py names any Qt-free module still imported
    after Qt."""
    import faulthandler  # noqa: F401
    import unicodedata  # noqa: F401

    import app.domain.problems
    import app.domain.workflow
    import app.gui.addressee_names
    import app.gui.moments
    import app.i18n.dates
    import app.i18n.numbers
    import app.services.addresses
    import app.services.register_changes
    import app.services.register_reading  # noqa: F401


def main(database_url: str | None = None, note_files: Sequence[Path] = ()) -> int:
    """Start the desktop application on the register at `database_url` (default: the user's),
    opening each of `note_files` (TOML) in a new note window."""
    import_before_qt()
    from PySide6.QtWidgets import QApplication

    url = database_url or paths.default_database_url()
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    support = prepare_application(qt_app)
    try:
        return _run(qt_app, url, note_files, support)
    finally:
        support.uninstall()


def prepare_application(qt_app: QApplication) -> Support:
    """What the application sets up before its first window: its names, the interface
    language chosen last time, and the exception hooks and the log (installed; its file
    opened by `open_window` once the first rows are painted, or by `Support.open_log`)."""
    from app.gui import settings
    from app.gui.qt_translations import apply_ui_language
    from app.gui.support import Support

    qt_app.setApplicationName(app.APP_NAME)
    qt_app.setOrganizationName(app.APP_NAME)
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName(app.APP_ID)
    # The interface language chosen last time, before any window is built.
    apply_ui_language(settings.ui_language() or "en")
    # The log file, the exception hooks (a readable dialog, not a lost traceback) and
    # faulthandler, before anything can go wrong.
    support = Support()
    support.install(log_file_later=True)
    return support


def _run(qt_app: QApplication, url: str, note_files: Sequence[Path], support: Support) -> int:
    from app.gui.register_window import MainWindow

    try:
        opening = open_register(url)
    except Exception as error:  # a damaged file, a server away: said, not a traceback
        support.open_log()
        from PySide6.QtWidgets import QMessageBox

        from app.i18n.messages import _
        from app.services.addresses import shown_url

        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        QMessageBox.critical(
            None,
            _("Verbale"),
            _("The register could not be opened: {reason}").format(reason=reason)
            + "\n\n"
            + shown_url(url),
        )
        return 1
    windows: list[MainWindow] = []
    try:
        user = None
        if opening.reading.has_users():
            from app.gui.login_dialog import LoginDialog

            # The dialog shows at once; the register service goes on loading behind it.
            opening.start()
            support.open_log()
            install_focus_ring(qt_app)
            login = LoginDialog(opening)
            if login.exec() != LoginDialog.DialogCode.Accepted or login.user is None:
                return 0  # the officer chose not to log in
            user = login.user
        # Without any user yet the window opens read only and says how to create the first
        # administrator (File › Create the first administrator…, or `verbale users add`).
        windows.append(open_window(qt_app, opening, user, support))

        def follow(replacement: object) -> None:
            # The window rebuilt in another language replaces the old one (kept referenced).
            assert isinstance(replacement, MainWindow)
            replacement.replaced.connect(follow)
            windows.append(replacement)

        windows[0].replaced.connect(follow)
        if note_files:
            from app.gui.note_files import open_note_file

            for path in note_files:
                open_note_file(windows[0], path)
        return int(qt_app.exec())
    finally:
        # A count or search may still be reading on a worker thread (the window's own pools
        # too): let it end before the register closes under it.
        from PySide6.QtCore import QThreadPool

        from app.gui.operations import finish_workers

        for window in windows:
            finish_workers(window)
        QThreadPool.globalInstance().waitForDone(30_000)
        opening.close()


def open_window(
    qt_app: QApplication,
    opening: OpeningRegister,
    user: UserInfo | None,
    support: Support | None = None,
) -> MainWindow:
    """The register window, shown; its toolbar, the rest of its frame, the focus ring and the
    log file of `support` come once its first rows are painted."""
    from app.gui.register_window import MainWindow

    window = MainWindow(opening, user=user, staged=True)
    window.first_rows_painted.connect(lambda: install_focus_ring(qt_app))
    if support is not None:
        window.first_rows_painted.connect(support.open_log)
    window.show()
    return window


def install_focus_ring(qt_app: QApplication) -> None:
    """A focus ring that can be seen (the platform style's is a faint tint)."""
    from app.gui.focus_ring import install_focus_ring as install

    install(qt_app)


def open_register(url: str) -> OpeningRegister:
    """The register at `url` for the window. A SQLite file already at the newest schema is
    listed at once with plain sqlite3 while the register service loads on a worker (started
    by the window once its first rows are shown); any other register (new, to migrate, or
    another database) is opened, and migrated, first."""
    from app.gui.register_opening import OpeningRegister
    from app.services.register_reading import open_register_file

    reading = open_register_file(url)
    if reading is not None:
        return OpeningRegister(reading)
    from app.services.register import Register
    from app.services.workflow import WorkflowService

    register = Register.open(url, upgrade=True)
    return OpeningRegister.opened(register, WorkflowService(register))


if __name__ == "__main__":
    raise SystemExit(main())
