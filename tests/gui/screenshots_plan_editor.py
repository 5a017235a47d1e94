"""Write docs/screenshots/plan-editor.png: the plan editor showing the reference Action Plan.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.screenshots_plan_editor
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.gui.plan import PlanEditorDialog
from app.services.plan_io import read_plan

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_CSV = ROOT / "resources" / "examples" / "par-1453-plan.csv"
OUT = ROOT / "docs" / "screenshots"


def save_plan_editor_screenshot(
    target: Path = OUT / "plan-editor.png", language: str = "en"
) -> Path:
    """Show the reference plan in the plan editor dialog and save a picture of it."""
    qt_app = QApplication.instance() or QApplication(sys.argv)
    dialog = PlanEditorDialog(read_plan(REFERENCE_CSV))
    dialog.resize(1280, 800)
    dialog.show()
    dialog.plan_editor.set_language(language)
    table = dialog.plan_editor.table
    table.setCurrentIndex(dialog.plan_editor.model.index(1, 1))
    for _ in range(20):
        qt_app.processEvents()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not dialog.grab().save(str(target)):
        raise OSError(f"could not write {target}")
    dialog.close()
    return target


def main() -> int:
    print(f"wrote {save_plan_editor_screenshot()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
