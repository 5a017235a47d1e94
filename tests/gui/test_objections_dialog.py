"""The objections dialog reads its dates in the interface language, as officers write them:
the deadline, the working day it moved to and the day each objection was received."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.note import Note
from app.gui.objections_dialog import ObjectionsDialog
from app.i18n.messages import set_ui_language
from app.services.demo import CICA, MEMBER_STATES
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People


def silence_note() -> Note:
    """A draft under the silence procedure whose deadline falls on a Saturday (30 December
    2023), from a sender whose deadlines move to the next working day."""
    return Note(
        note_type="free_text",
        languages=("en", "ru", "kk"),
        sender=dataclasses.replace(CICA, deadline_moves_to_working_day=True),
        addressee=MEMBER_STATES,
        date=dt.date(2023, 11, 29),
        series="PAR",
        subject="Silence",
        objection_deadline=dt.date(2023, 12, 30),
        body={
            "en": ("The draft is adopted unless a Member State objects.",),
            "ru": ("Проект считается принятым, если не поступит возражений.",),
            "kk": ("Қарсылық болмаса, жоба қабылданды деп есептеледі.",),
        },
    )


def test_dates_in_english_russian_and_kazakh(
    qtbot: QtBot, office: Register, people: People
) -> None:
    today = [dt.date(2023, 12, 25)]
    # 1 January 2024 is a holiday: the Saturday deadline moves to Tuesday 2 January.
    workflow = WorkflowService(
        office,
        clock=lambda: dt.datetime.combine(today[0], dt.time(9, 0)),
        holidays={dt.date(2024, 1, 1)},
    )
    note_id = workflow.save_draft(people.drafter, silence_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)

    # In English: one objection in time, typed in the form.
    dialog = ObjectionsDialog(office, workflow, people.registrar, note_id, today=lambda: today[0])
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == (
        "Objection deadline: 30 December 2023 (moved to 2 January 2024, a working day) "
        "(8 days left). Outcome: pending: objections may still arrive."
    )
    assert dialog.received_on.text() == "25 December 2023"
    qtbot.keyClicks(dialog.party, "Republic of Examplestan")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    # A second one after the working day it was due: late.
    today[0] = dt.date(2024, 1, 3)
    dialog.received_on.set_value(dt.date(2024, 1, 3))
    qtbot.keyClicks(dialog.party, "Kingdom of Latecomers")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert [row[:2] for row in dialog.rows()] == [
        ["Republic of Examplestan", "25 December 2023"],
        ["Kingdom of Latecomers", "3 January 2024 (late: changes nothing)"],
    ]

    # The same objections read back in a Russian interface.
    set_ui_language("ru")
    russian = ObjectionsDialog(office, workflow, people.registrar, note_id, today=lambda: today[0])
    qtbot.addWidget(russian)
    assert russian.summary.text() == (
        "Срок представления возражений: 30 декабря 2023 года "
        "(перенесён на рабочий день 2 января 2024 года) (срок истёк 1 день назад). "
        "Итог: процедура умолчания прервана."
    )
    assert [row[1] for row in russian.rows()] == [
        "25 декабря 2023 года",
        "3 января 2024 года (поступило с опозданием: на итог не влияет)",
    ]
    assert russian.received_on.text() == "3 января 2024"

    # And in a Kazakh one.
    set_ui_language("kk")
    kazakh = ObjectionsDialog(office, workflow, None, note_id, today=lambda: today[0])
    qtbot.addWidget(kazakh)
    assert kazakh.summary.text().startswith(
        "Қарсылық білдіру мерзімі: 2023 жылғы 30 желтоқсан "
        "(2024 жылғы 2 қаңтар жұмыс күніне ауыстырылды)"
    )
    assert [row[1] for row in kazakh.rows()] == [
        "2023 жылғы 25 желтоқсан",
        "2024 жылғы 3 қаңтар (мерзімінен кеш түсті: нәтижеге әсер етпейді)",
    ]
    # No ISO date is left anywhere the officer reads.
    for shown in (russian, kazakh):
        cells = [text for row in shown.rows() for text in row]
        assert not any("2023-12" in text for text in [shown.summary.text(), *cells])
