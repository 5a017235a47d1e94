"""Write docs/screenshots/note-editor.png: the note window on the reference note №PAR/1453,
Kazakh preview beside the three parallel versions (run offscreen):

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.screenshots_editor
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def save_editor_screenshot(register: Any, workflow: Any, user: Any, target: Path) -> bool:
    """Open the reference note in a NoteWindow, wait for the Kazakh preview, grab the window."""
    from app.gui.note_window import NoteWindow
    from app.services.demo import reference_note

    qt_app = QApplication.instance()
    assert qt_app is not None
    note_id = workflow.save_draft(user, reference_note(), None)
    window = NoteWindow(register, workflow, user, note_id)
    window.resize(1600, 940)
    window.splitter.setSizes([1040, 560])
    window.show()
    window.preview.set_language("kk")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        qt_app.processEvents()
        if (
            not window.preview.busy
            and window.preview.document.status() == QPdfDocument.Status.Ready
        ):
            break
        time.sleep(0.02)
    # QPdfView paints its pages from a renderer thread: give it a moment after Ready.
    settle = time.monotonic() + 1.5
    while time.monotonic() < settle:
        qt_app.processEvents()
        time.sleep(0.03)
    target.parent.mkdir(parents=True, exist_ok=True)
    written = window.grab().save(str(target))
    window.dirty = False
    window.close()
    return written


def main() -> int:
    from app.services.register import Register
    from app.services.users import add_user
    from app.services.workflow import WorkflowService
    from tests.gui.make_screenshots import screenshot_session

    with screenshot_session() as (_qt_app, folder):
        register = Register.open(f"sqlite:///{folder / 'register.sqlite3'}")
        register.ensure_series("PAR")
        admin = add_user(register, "admin", "screenshots 1453", ["administrator"], by=None)
        drafter = add_user(register, "aigerim", "screenshots 1453", ["drafter"], by=admin)
        target = OUT / "note-editor.png"
        ok = save_editor_screenshot(register, WorkflowService(register), drafter, target)
        register.close()
        print(f"wrote {target}" if ok else f"could not write {target}")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
