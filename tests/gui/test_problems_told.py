"""What the officer reads when something is wrong, in the Russian and the Kazakh interface:
the consistency dialog, the note's problem list, the submit refusal and the plan import
preview tell problems in words of the interface language — no Python repr, no English
sentence, no internal field key, no ISO date (issue 16 point 4, issue 17 point 5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.note import Note
from app.domain.plan import Plan
from app.domain.scripts import script_warnings
from app.gui.plan.import_preview import ImportPreviewDialog
from app.gui.workflow_bar import ConsistencyDialog
from app.i18n.messages import set_ui_language
from app.paths import resources_dir
from app.services.note_file import load_note
from app.services.register import Register
from app.services.workflow import WorkflowService
from tests.gui.test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    office_file,
    open_window,
    register,
)
from tests.gui.test_plan_editor import REFERENCE_CSV, open_editor
from tests.gui.test_workflow_gui import BUTTON_ACTION, free_note, shown_bar

from .conftest import People, answer_modal

#: What must never reach an officer: Python reprs, the domain's English developer form, keys.
NEVER_SHOWN = (
    "Discrepancy(",
    "Place(",
    "kind=",
    "Dates disagree",
    " says ",
    "¶",
    "mentions no such",
    "fields.",
    "[en]",
    "[ru]",
    "[kk]",
    "problem(s)",
    "is missing",
    "is not a number",
    "columns.",
    "2023-11-29",
    "2023-11-28",
)

#: Each interface language and words its sentences must use.
WORDS = {
    "ru": {
        "dates": "Даты расходятся",
        "paragraph": "Текст ноты, абзац 1",
        "missing": "не заполнено",
        "heading": "Нота заполнена не полностью",
        "column": "Заголовок столбца «Participants»",
        "row": "строка",
        "date": "29 ноября 2023 года",
        "script": "Проверьте алфавит",
    },
    "kk": {
        "dates": "Күндер сәйкес емес",
        "paragraph": "Нота мәтіні, 1-абзац",
        "missing": "толтырылмаған",
        "heading": None,
        "column": "«Participants» бағанының тақырыбы",
        "row": "-жол",
        "date": "2023 жылғы 29 қараша",
        "script": "Әліпбиді тексеріңіз",
    },
}
LANGUAGES = sorted(WORDS)


@pytest.fixture(params=LANGUAGES)
def interface(request: pytest.FixtureRequest) -> Iterator[str]:
    set_ui_language(request.param)
    yield request.param
    set_ui_language("en")


@pytest.fixture
def reference() -> Note:
    return load_note(resources_dir() / "examples" / "par-1453.toml")


def assert_readable(texts: list[str]) -> None:
    assert texts
    for text in texts:
        for fragment in NEVER_SHOWN:
            assert fragment not in text, (fragment, text)


def listed(widget: QListWidget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


# --- 1. The consistency dialog ----------------------------------------------------------------


def test_the_consistency_dialog_tells_the_disagreement_in_words(
    qtbot: QtBot, office: Register, people: People, interface: str
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Dates", "30 декабря 2023 года"))
    bar = shown_bar(qtbot, workflow, people.drafter, note_id)
    seen: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ConsistencyDialog)
        seen.extend(listed(dialog.discrepancies))
        dialog.reject()

    answer_modal(read)
    with qtbot.waitSignal(bar.step_ended, timeout=10_000) as ended:
        assert bar.act(BUTTON_ACTION["workflow_submit"]) is True  # started; refused after
    assert ended.args == [False]
    assert_readable(seen)
    (line,) = seen
    assert line.startswith(WORDS[interface]["dates"]), line
    assert "«29 December 2023»" in line and "«30 декабря 2023»" in line, line
    assert WORDS[interface]["paragraph"] in line, line
    assert office.load(note_id).status == "draft"


# --- 2. The note window's problem list ---------------------------------------------------------


def test_the_problem_list_has_no_english_headline(
    qtbot: QtBot,
    desk: Desk,  # noqa: F811
    reference: Note,
    interface: str,
) -> None:
    body = {
        "en": ("The meeting will be held on 12 March 2024.",),
        "ru": ("Совещание состоится 13 марта 2024 года.",),
        "kk": ("Кездесу 2024 жылғы 12 наурызда өтеді.",),
    }
    window = open_window(qtbot, desk)
    window.editor.load(dataclasses.replace(reference, body=body), None)
    texts = listed(window.findChild(QListWidget, "problems_list"))
    assert_readable(texts)
    disagreement = [text for text in texts if text.startswith(WORDS[interface]["dates"])]
    assert disagreement and "13 марта 2024" in disagreement[0], texts
    assert "Версии расходятся: " not in " ".join(texts)
    window.dirty = False


def test_a_deadline_before_the_note_is_told_with_dates_in_the_interface_style(
    qtbot: QtBot,
    desk: Desk,  # noqa: F811
    reference: Note,
    interface: str,
) -> None:
    window = open_window(qtbot, desk)
    early = dataclasses.replace(reference, objection_deadline=dt.date(2023, 11, 28))
    window.editor.load(early, None)
    texts = listed(window.findChild(QListWidget, "problems_list"))
    assert_readable(texts)
    assert any(WORDS[interface]["date"] in text for text in texts), texts
    window.dirty = False


# --- 3. The submit refusal ---------------------------------------------------------------------


def test_the_submit_refusal_names_fields_by_their_labels(
    qtbot: QtBot, office: Register, people: People, reference: Note, interface: str
) -> None:
    fields = {language: dict(values) for language, values in reference.fields.items()}
    fields["en"]["document_title"] = ""
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(
        people.drafter, dataclasses.replace(reference, fields=fields, number=None)
    )
    bar = shown_bar(qtbot, workflow, people.drafter, note_id)
    seen: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        dialog.accept()

    answer_modal(read)
    with qtbot.waitSignal(bar.step_ended, timeout=10_000) as ended:
        assert bar.act(BUTTON_ACTION["workflow_submit"]) is True  # started; refused after
    assert ended.args == [False]
    assert_readable(seen)
    (text,) = seen
    heading = WORDS[interface]["heading"]
    if heading:
        assert heading in text, text
    assert f"(English): {WORDS[interface]['missing']}" in text, text
    assert "document_title" not in text


# --- 4. The plan import preview ----------------------------------------------------------------


def reference_plan() -> Plan:
    from app.services.plan_io import read_plan

    return read_plan(REFERENCE_CSV)


def test_plan_import_errors_are_in_the_interface_language(
    qtbot: QtBot, tmp_path: Path, interface: str
) -> None:
    text = REFERENCE_CSV.read_text(encoding="utf-8-sig")
    wide = tmp_path / "wide.csv"
    wide.write_text(text.replace("column,,,events,5,", "column,,,events,wide,"), "utf-8")
    untranslated = tmp_path / "untranslated.csv"
    untranslated.write_text(text.replace("Participants,Участники", "Participants,"), "utf-8")
    editor = open_editor(qtbot, reference_plan())
    shown: list[str] = []
    for path in (wide, untranslated):
        editor.import_file(path)
        dialog = editor.findChild(ImportPreviewDialog)
        assert dialog is not None
        shown.extend(dialog.error_texts())
        shown.append(dialog.summary.text())
        assert not dialog.isModal() or dialog.isVisible()
        dialog.reject()
        dialog.deleteLater()
        qtbot.waitUntil(lambda: editor.findChild(ImportPreviewDialog) is None, timeout=2_000)
    assert_readable(shown)
    joined = "\n".join(shown)
    for english in ("row 5", "column E", "the width", "cannot be imported"):
        assert english not in joined, joined
    assert WORDS[interface]["row"] in joined, joined
    assert WORDS[interface]["column"] in joined, joined


def test_a_missing_column_heading_says_it_is_the_column_heading(
    qtbot: QtBot, interface: str
) -> None:
    plan = reference_plan()
    columns = tuple(
        dataclasses.replace(column, headers={"en": column.headers["en"]})
        if column.key == "participants"
        else column
        for column in plan.columns
    )
    editor = open_editor(qtbot, dataclasses.replace(plan, columns=columns))
    told = editor.problems()
    assert_readable(told)
    assert any(text.startswith(WORDS[interface]["column"] + ", Русский:") for text in told), told


# --- Issue 17 point 5: the script check and the wording ----------------------------------------

RUSSIAN_IN_KAZAKH = (
    "Секретариат Совещания по взаимодействию и мерам доверия в Азии свидетельствует своё "
    "уважение государствам-членам и имеет честь препроводить проект документа."
)


def test_a_kazakh_pane_in_russian_and_cyrillic_in_english_are_warned_not_blocking(
    qtbot: QtBot,
    desk: Desk,  # noqa: F811
    reference: Note,
    interface: str,
) -> None:
    assert script_warnings(reference) == []  # the reference note №PAR/1453 passes
    fields = {language: dict(values) for language, values in reference.fields.items()}
    fields["kk"]["document_title"] = RUSSIAN_IN_KAZAKH
    english = fields["en"]["document_title"]
    fields["en"]["document_title"] = english.replace("a", "а", 1)  # a Cyrillic look-alike
    window = open_window(qtbot, desk)
    window.editor.load(dataclasses.replace(reference, fields=fields), None)
    texts = listed(window.findChild(QListWidget, "problems_list"))
    assert_readable(texts)
    warnings = [text for text in texts if text.startswith(WORDS[interface]["script"])]
    assert len(warnings) == 2, texts
    assert any("Қазақша" in text for text in warnings), warnings
    assert any("English" in text and "а" in text for text in warnings), warnings
    title = window.findChild(QLabel, "problems_title").text()
    set_ui_language(interface)
    from app.i18n.messages import _

    assert title == _("No problems: the note is complete."), title  # told, never blocking
    window.dirty = False


def test_the_reference_note_has_no_script_warning_in_the_window(
    qtbot: QtBot,
    desk: Desk,  # noqa: F811
    reference: Note,
    interface: str,
) -> None:
    window = open_window(qtbot, desk)
    window.editor.load(reference, None)
    texts = listed(window.findChild(QListWidget, "problems_list"))
    assert not any(text.startswith(WORDS[interface]["script"]) for text in texts), texts
    window.dirty = False


def test_russian_action_labels_are_verbs(qtbot: QtBot) -> None:
    set_ui_language("ru")
    try:
        editor = open_editor(qtbot, reference_plan())
        labels = {name: action.text() for name, action in editor.plan_actions.items()}
    finally:
        set_ui_language("en")
    assert labels["plan_delete"] == "Удалить строки"
    assert labels["plan_import"] == "Импортировать…"
    assert labels["plan_export"] == "Экспортировать…"
