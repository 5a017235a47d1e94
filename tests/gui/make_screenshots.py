"""Write docs/screenshots/main-window.png (typing 1453 finds the note) and
main-window-register.png (the approver's "Awaiting my approval" view) from a demo register with
a logged-in approver (run once, offscreen):

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.make_screenshots
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from app.domain.note import Note
from app.gui.register_window import VIEW_ALL, VIEW_AWAITING, MainWindow
from app.services.demo import CICA, DEMO_USERS, MEMBER_STATES, demo_users, fill_demo
from app.services.register import Register
from app.services.users import authenticate
from app.services.workflow import WorkflowService

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEMO_PASSWORDS = {login: password for login, password, *_rest in DEMO_USERS}


def settle(qt_app: QApplication, window: MainWindow) -> None:
    """Let the searches and counts on the worker threads finish and their results show."""
    for _ in range(5):
        for pool in (QThreadPool.globalInstance(), window.search_pool):
            pool.waitForDone(5000)
        for _ in range(10):
            qt_app.processEvents()


@contextmanager
def screenshot_session() -> Iterator[tuple[QApplication, Path]]:
    """A QApplication whose data and settings live in a temporary folder, and that folder."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["VERBALE_DATA_DIR"] = str(folder / "data")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, name)
        QCoreApplication.setOrganizationName("VerbaleScreenshots")
        qt_app = QApplication(sys.argv)
        qt_app.setApplicationName("Verbale")
        from app.gui.focus_ring import install_focus_ring

        install_focus_ring(qt_app)  # as app.main does
        yield qt_app, folder


def main() -> int:
    with screenshot_session() as (qt_app, folder):
        register = Register.open(f"sqlite:///{folder / 'register.sqlite3'}")
        fill_demo(register, synthetic=300)
        people = demo_users(register)
        approver = authenticate(register, "approver", DEMO_PASSWORDS["approver"])
        workflow = WorkflowService(register)
        # A few notes waiting for the approver, submitted by the desk officer.
        for day, subject, event in (
            (dt.date(2025, 11, 3), "Invitation to the Senior Officials Committee", "SOC meeting"),
            (dt.date(2025, 11, 10), "Invitation to the CICA Youth Forum", "Youth Forum"),
            (dt.date(2025, 11, 17), "Invitation to the Business Council", "Business Council"),
        ):
            note = Note(
                note_type="invitation",
                languages=("en", "ru", "kk"),
                sender=CICA,
                addressee=MEMBER_STATES,
                date=day,
                series="PAR",
                subject=subject,
                fields={
                    "en": {"event": event, "venue": "Astana"},
                    "ru": {"event": event, "venue": "Астана"},
                    "kk": {"event": event, "venue": "Астана"},
                },
                event_date=day + dt.timedelta(days=40),
            )
            note_id = workflow.save_draft(people["drafter"], note)
            workflow.submit(people["drafter"], note_id)

        window = MainWindow(register, workflow, approver)
        window.resize(1360, 780)
        window.show()
        window.choose_view(VIEW_ALL)
        window.search_field.setText("1453")
        window.run_search()
        settle(qt_app, window)
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / "main-window.png"
        if not window.grab().save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        window.search_field.clear()
        window.run_search()
        window.choose_view(VIEW_AWAITING)
        settle(qt_app, window)
        window.grab().save(str(OUT / "main-window-register.png"))
        window.close()
        register.close()
        print(f"wrote {target} and main-window-register.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
