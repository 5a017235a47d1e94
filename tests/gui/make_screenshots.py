"""Write docs/screenshots/main-window.png from a demo register (run once, offscreen):

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.make_screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from app.gui.main_window import MainWindow
from app.services.demo import fill_demo
from app.services.register import Register

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["VERBALE_DATA_DIR"] = str(Path(folder) / "data")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        QCoreApplication.setOrganizationName("VerbaleScreenshots")
        qt_app = QApplication(sys.argv)
        qt_app.setApplicationName("Verbale")
        register = Register.open(f"sqlite:///{Path(folder) / 'register.sqlite3'}")
        fill_demo(register, synthetic=300)
        window = MainWindow(register)
        window.resize(1280, 760)
        window.show()
        window.search_field.setText("1453")
        window.run_search()
        for _ in range(20):
            qt_app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / "main-window.png"
        if not window.grab().save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        window.search_field.clear()
        window.run_search()
        window.table.selectRow(2)
        for _ in range(20):
            qt_app.processEvents()
        window.grab().save(str(OUT / "main-window-register.png"))
        window.close()
        register.close()
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
