"""An issued note's verification code where the officer reads the note: each language pane's
composed text ends with the line its pages print, and the register's details name the code."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.gui.note_window import NoteWindow
from app.gui.register_window.details import details_html
from app.i18n.messages import set_ui_language
from app.services.drafting import compose_draft
from app.services.workflow import WorkflowService
from tests.trusted.conftest import Issued
from tests.workflow.conftest import NOW, the_note

LABELS = {"en": "Verify", "ru": "Проверка", "kk": "Тексеру"}


def test_the_register_details_show_the_code(issued: Issued) -> None:
    record = issued.register.load(issued.note_id)
    code = str(record.verification_code)
    try:
        assert f"Verification code</td><td>{code}</td>" in details_html(record)
        set_ui_language("ru")
        assert f"Код проверки</td><td>{code}</td>" in details_html(record)
    finally:
        set_ui_language("en")


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_each_language_pane_shows_the_printed_line(
    qtbot: QtBot, issued: Issued, language: str
) -> None:
    record = issued.register.load(issued.note_id)
    code = str(record.verification_code)
    line = f"{LABELS[language]}: PAR/1453 · {code}"
    assert compose_draft(record.note, language).verification == line
    workflow = WorkflowService(issued.register, clock=lambda: NOW, holidays=())
    window = NoteWindow(issued.register, workflow, issued.people["greg"], issued.note_id)
    qtbot.addWidget(window)
    window.editor.refresh()
    assert line in window.editor.panes[language].composed.toPlainText()


def test_a_draft_has_no_code_line() -> None:
    assert compose_draft(the_note(), "en").verification == ""
