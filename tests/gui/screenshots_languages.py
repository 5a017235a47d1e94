"""Write docs/screenshots/{note,main,print}-{en,ru,kk}-WIDTHxHEIGHT.png: the note window on
the reference note №PAR/1453, the register window and the print preview of №PAR/1453's set, in
each interface language, at the size given (default 1366×768, a common office laptop; also
1920×1080). Run offscreen, then look at them:

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.screenshots_languages [WIDTHxHEIGHT]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QMainWindow

OUT = Path(
    os.environ.get(
        "VERBALE_SCREENSHOTS", Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    )
)


def wait_for(qt_app: QApplication, ready: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not ready():  # type: ignore[operator]
        qt_app.processEvents()
        time.sleep(0.02)


def grab(window: QMainWindow, target: Path) -> bool:
    target.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(target))


def main() -> int:
    from app.gui.note_window import NoteWindow
    from app.gui.register_window import MainWindow, apply_ui_language
    from app.services.demo import DEMO_USERS, demo_users, fill_demo, reference_note
    from app.services.register import Register
    from app.services.users import authenticate
    from app.services.workflow import WorkflowService
    from tests.gui.make_screenshots import screenshot_session, settle

    width, height = (
        int(part) for part in (sys.argv[1] if len(sys.argv) > 1 else "1366x768").split("x")
    )
    size = QSize(width, height)
    passwords = {login: password for login, password, *_rest in DEMO_USERS}
    written = []
    with screenshot_session() as (qt_app, folder):
        register = Register.open(f"sqlite:///{folder / 'register.sqlite3'}")
        fill_demo(register, synthetic=60)
        people = demo_users(register)
        drafter = authenticate(register, "drafter", passwords["drafter"])
        workflow = WorkflowService(register)
        note_id = workflow.save_draft(people["drafter"], reference_note(), None)
        for language in ("en", "ru", "kk"):
            apply_ui_language(language)
            window = NoteWindow(register, workflow, drafter, note_id)
            window.resize(size)
            window.show()
            window.preview.set_language(language)
            wait_for(
                qt_app,
                lambda w=window: (
                    not w.preview.busy and w.preview.document.status() == QPdfDocument.Status.Ready
                ),
            )
            wait_for(qt_app, lambda: False, 1.5)  # QPdfView paints from a thread
            target = OUT / f"note-{language}-{width}x{height}.png"
            if grab(window, target):
                written.append(target.name)
            window.dirty = False
            window.close()
            main_window = MainWindow(register, workflow, drafter)
            main_window.resize(size)
            main_window.show()
            main_window.search_field.setText("1453")
            main_window.run_search()
            settle(qt_app, main_window)
            views = main_window.views  # the saved views with their counts
            wait_for(qt_app, lambda v=views: v.count() > 0 and "(" in v.item(0).text(), 10)
            target = OUT / f"main-{language}-{width}x{height}.png"
            if grab(main_window, target):
                written.append(target.name)
            # The print preview of №PAR/1453's stored set (found by typing 1453).
            dialog = main_window.frame.toolbar.print_selected()
            if dialog is not None:
                wait_for(qt_app, lambda d=dialog: d.preview.pageCount() > 0)
                dialog.go_to_page(4)  # the enclosure's first page
                wait_for(qt_app, lambda: False, 0.5)
                target = OUT / f"print-{language}-{width}x{height}.png"
                if dialog.grab().save(str(target)):
                    written.append(target.name)
                dialog.close()
            main_window.close()
        register.close()
    print("wrote", ", ".join(written))
    return 0 if len(written) == 9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
