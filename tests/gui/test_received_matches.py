"""The register window's search finds notes received too (issue 18, point 1): a line under the
results says how many and opens the Incoming window on them, by keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.incoming_view import IncomingWindow
from app.gui.register_window import MainWindow
from app.i18n.messages import set_ui_language
from app.services.incoming import IncomingInfo, IncomingRegister
from app.services.register import Register
from app.services.workflow import WorkflowService
from tests.gui.conftest import People
from tests.register.conftest import plain_renderer

TODAY = dt.date(2023, 12, 12)


def _receive(workflow: WorkflowService, people: People, number: str) -> IncomingInfo:
    return IncomingRegister(workflow).add(
        people.registrar,
        number=number,
        date=dt.date(2023, 12, 10),
        sender_key="mfa-india",
        received_on=TODAY,
        subject="Request for the draft agenda",
    )


def _window(qtbot: QtBot, office: Register, people: People) -> MainWindow:
    workflow = WorkflowService(office, renderer=plain_renderer, today=TODAY)
    main = MainWindow(office, workflow, people.drafter, today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def _type(qtbot: QtBot, main: MainWindow, text: str) -> None:
    main.search_field.setFocus()
    main.search_field.selectAll()
    qtbot.keyClick(main.search_field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(main.search_field, text)


def test_the_register_search_finds_a_note_received_and_shows_it_by_keyboard(
    qtbot: QtBot, office: Register, people: People
) -> None:
    main = _window(qtbot, office, people)
    workflow = main.workflow
    assert workflow is not None
    other = _receive(workflow, people, "No. 7/81")
    received = _receive(workflow, people, "No. 12/345")
    line = main.received
    assert line.objectName() == "received_matches"
    assert not line.isVisible()  # nothing searched yet

    _type(qtbot, main, "12-345")  # the number in another form than the sender wrote it
    qtbot.waitUntil(line.isVisible, timeout=10_000)
    assert line.text.text() == "1 note received matches “12-345”:"
    assert line.show_button.text() == "Show it"

    # Tab from the search: through the results to the line's button; Space opens the window.
    qtbot.keyClick(main.search_field, Qt.Key.Key_Tab)
    assert main.table.hasFocus()
    qtbot.keyClick(main.table, Qt.Key.Key_Tab)
    assert line.show_button.hasFocus()
    qtbot.keyClick(line.show_button, Qt.Key.Key_Space)
    incoming = main.incoming_window
    assert isinstance(incoming, IncomingWindow)
    qtbot.addWidget(incoming)
    qtbot.waitUntil(incoming.isVisible)
    assert incoming.search_field.text() == "12-345"
    assert [info.number for info in incoming.model.rows] == ["No. 12/345"]
    chosen = incoming.selected()
    assert chosen is not None and chosen.id == received.id != other.id

    # Words match notes received as in the Incoming window: both requests, plural wording.
    _type(qtbot, main, "draft agenda")
    qtbot.waitUntil(lambda: line.text.text().startswith("2 "), timeout=10_000)
    assert line.text.text() == "2 notes received match “draft agenda”:"
    assert line.show_button.text() == "Show them"

    # Typing on before an answer came: the older lookup is dropped, only the newest shows.
    first = line.look_up("12/345")
    newest = line.look_up("7/81")
    assert first is not None and first.is_cancelled and newest is not None
    qtbot.waitUntil(lambda: newest.done, timeout=10_000)
    assert line.text.text() == "1 note received matches “7/81”:"

    # Nothing received matches, or nothing searched: the line goes.
    _type(qtbot, main, "99/999")
    qtbot.waitUntil(lambda: not line.isVisible(), timeout=10_000)
    _type(qtbot, main, "12/345")
    qtbot.waitUntil(line.isVisible, timeout=10_000)
    main.search_field.clear()
    qtbot.keyClick(main.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not line.isVisible(), timeout=10_000)


def test_the_line_in_russian_and_kazakh(qtbot: QtBot, office: Register, people: People) -> None:
    set_ui_language("ru")
    main = _window(qtbot, office, people)
    workflow = main.workflow
    assert workflow is not None
    for number in ("No. 12/345", "No. 12/346"):
        _receive(workflow, people, number)
    _type(qtbot, main, "agenda")
    qtbot.waitUntil(main.received.isVisible, timeout=10_000)
    assert main.received.text.text() == "2 полученные ноты найдены по запросу «agenda»:"
    assert main.received.show_button.text() == "Показать их"

    set_ui_language("kk")
    main = _window(qtbot, office, people)
    _type(qtbot, main, "12/345")
    qtbot.waitUntil(main.received.isVisible, timeout=10_000)
    assert main.received.text.text() == "«12/345» сұрауы бойынша 1 алынған нота табылды:"
    assert main.received.show_button.text() == "Оны көрсету"


def test_the_demo_register_has_a_note_received_to_find(
    qtbot: QtBot, demo_register: Register
) -> None:
    main = MainWindow(demo_register, WorkflowService(demo_register))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    _type(qtbot, main, "12-345")
    qtbot.waitUntil(main.received.isVisible, timeout=10_000)
    assert main.received.text.text() == "1 note received matches “12-345”:"
