"""The note editor says which versions of the note enclose a plan without their language."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot

from app.domain.note import Note
from tests.gui.test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    office_file,
    open_window,
    reference,
    register,
)


def test_a_version_whose_language_the_plan_lacks_is_listed_not_counted(
    qtbot: QtBot,
    desk: Desk,  # noqa: F811 (the fixture imported above)
    reference: Note,  # noqa: F811
) -> None:
    window = open_window(qtbot, desk)
    window.editor.load(reference, None)  # en, ru, kk; its plan is in en and ru
    problems = window.findChild(QListWidget, "problems_list")
    title = window.findChild(QLabel, "problems_title")
    qtbot.waitUntil(lambda: problems.count() > 0, timeout=5_000)
    texts = [problems.item(i).text() for i in range(problems.count())]
    assert texts == [
        "Қазақша: the enclosed plan has no Қазақша version; this version of the note encloses "
        "it in English, Русский (add the Қазақша texts in the plan editor to enclose one)"
    ]
    assert title.text() == "No problems: the note is complete."
    window.editor.load(replace(reference, languages=("en", "ru")), None)
    qtbot.waitUntil(lambda: problems.count() == 0, timeout=5_000)
    assert not problems.isVisible()
