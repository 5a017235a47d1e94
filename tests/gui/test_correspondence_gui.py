"""Correspondence in the GUI (issue 18): register a note received, draft its reply from it,
issue, dispatch to each recipient; the Incoming / Awaiting reply views."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.gui.colours import WARNING_BACKGROUND
from app.gui.correspondence_menu import open_dispatch, open_incoming
from app.gui.dispatch_dialog import DispatchDialog
from app.gui.incoming_dialog import IncomingDialog
from app.gui.incoming_view import VIEW_AWAITING, IncomingWindow
from app.gui.register_window import MainWindow
from app.services.demo import reference_note
from app.services.mail import Mailer, SmtpSettings
from app.services.register import Register
from app.services.workflow import WorkflowService
from tests.correspondence.smtp_server import smtp_server
from tests.gui.conftest import People
from tests.register.conftest import plain_renderer, simple_pdf

TODAY = dt.date(2023, 12, 12)


def _rows(window: IncomingWindow) -> list[list[str]]:
    model = window.model
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_register_a_note_received_draft_its_reply_issue_and_the_two_views(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path
) -> None:
    workflow = WorkflowService(office, renderer=plain_renderer, today=TODAY)
    main = MainWindow(office, workflow, people.drafter, today=lambda: TODAY)
    qtbot.addWidget(main)
    window = open_incoming(main)
    assert isinstance(window, IncomingWindow)
    qtbot.addWidget(window)
    assert [window.views.item(r).text() for r in range(2)] == ["Incoming", "Awaiting reply"]

    window.register_button.click()
    dialog = window.findChild(IncomingDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.number, "No. 12/345")
    dialog.date.setText("10.12.2023")
    dialog.choose_sender("mfa-india")
    qtbot.keyClicks(dialog.subject, "Request for the draft agenda")
    dialog.answer_by.setText("15.12.2023")
    pdf = tmp_path / "received.pdf"
    pdf.write_bytes(simple_pdf("No. 12/345"))
    dialog.set_pdf(pdf)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.registered is not None
    rows = _rows(window)
    assert rows[0][:3] == [
        "No. 12/345",
        "10 Dec 2023",  # as the register lists dates, not ISO
        "the Ministry of External Affairs of the Republic of India",
    ]
    # Found by the number typed in another form.
    window.search_field.setText("12-345")
    assert len(_rows(window)) == 1
    window.search_field.clear()
    # Awaiting reply: due within 7 days, coloured.
    window.show_view(VIEW_AWAITING)
    assert [row[0] for row in _rows(window)] == ["No. 12/345"]
    colour = window.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert colour is not None and colour.color().name() == WARNING_BACKGROUND

    window.table.selectRow(0)
    note_id = window.draft_reply()
    assert note_id is not None
    qtbot.waitUntil(lambda: any(w.note_id == note_id for w in main.note_windows))
    for opened in list(main.note_windows):
        opened.close()
    record = office.load(note_id)
    assert record.note.in_reply_to is not None
    assert record.note.addressee.key == "mfa-india"
    body = {
        "en": ("The agenda follows.",),
        "ru": ("Повестка прилагается.",),
        "kk": ("Күн тәртібі қоса беріледі.",),
    }
    workflow.save_draft(people.drafter, dataclasses.replace(record.note, body=body), note_id)
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)
    window.refresh()
    assert _rows(window) == []  # answered: no longer awaiting a reply
    window.show_view("incoming")
    assert _rows(window)[0][6] == "answered: PAR/1453"


def test_dispatch_by_hand_then_by_e_mail_from_the_register_window(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office, renderer=plain_renderer, today=TODAY)
    note_id = workflow.save_draft(people.drafter, reference_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)
    main = MainWindow(office, workflow, people.registrar, today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.model.rowCount() == 1)
    main.table.selectRow(0)
    dialog = open_dispatch(main)
    assert isinstance(dialog, DispatchDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.recipients.topLevelItemCount() == 28
    assert dialog.summary.text() == "№PAR/1453: sent to 0 of 28 recipients"
    for row in (0, 1):
        dialog.recipients.topLevelItem(row).setSelected(True)
    dialog.findChild(QLineEdit, "dispatch_reference").setText("receipt 7")
    dialog.hand_button.click()
    assert dialog.summary.text() == "№PAR/1453: sent to 2 of 28 recipients"
    assert dialog.recipients.topLevelItem(0).text(5) == "hand"
    with smtp_server() as mailbox:
        settings = SmtpSettings("127.0.0.1", mailbox.port, "none", "", "registry@cica.example")
        dialog.make_mailer = lambda: Mailer(settings)
        dialog.recipients.clearSelection()
        dialog.email_button.click()
        qtbot.waitUntil(lambda: not dialog.sending, timeout=30_000)
        assert len(mailbox.messages) == 26
    assert dialog.summary.text() == "№PAR/1453: sent to 28 of 28 recipients"
    assert "26 sent, 0 failed; the note is dispatched." in dialog.status.text()
    item = dialog.recipients.topLevelItem(20)
    assert (item.text(4), item.text(5), item.text(7)) == ("sent", "email", "dana")
    assert item.text(8).startswith("<")
    assert office.load(note_id).status == "dispatched"
    dialog.accept()


def test_the_objections_dialog_shows_the_procedure_per_member_state(
    qtbot: QtBot, office: Register, people: People
) -> None:
    from app.gui.objections_dialog import ObjectionsDialog
    from app.services.dispatch import DispatchService

    # Issued on 1 December, the objection received on the 12th.
    issued = dt.datetime(2023, 12, 1, 9, 0)
    workflow = WorkflowService(office, renderer=plain_renderer, clock=lambda: issued, today=TODAY)
    note_id = workflow.save_draft(people.drafter, reference_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)
    DispatchService(workflow).record(people.registrar, note_id, "courier", ["mfa-india"])
    dialog = ObjectionsDialog(office, workflow, people.registrar, note_id, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.party.setText("Republic of India")
    dialog.reference.setText("No. 12/345")
    assert dialog.record_objection()
    rows = dialog.members.rows()
    assert len(rows) == 28
    india = rows[7]
    assert india[0] == "the Ministry of External Affairs of the Republic of India"
    assert india[1].startswith("courier ") and india[2].startswith("No. 12/345, received ")
    assert rows[0][1:] == ["not yet", ""]
    assert dialog.members_summary.text() == "1 of 28 dispatched to, 1 objected."


def test_distribution_lists_show_each_group_s_members(
    qtbot: QtBot, office: Register, people: People
) -> None:
    from app.gui.correspondence_menu import open_members

    main = MainWindow(office, WorkflowService(office), people.registrar)
    qtbot.addWidget(main)
    dialog = open_members(main)
    qtbot.waitUntil(dialog.isVisible)
    dialog.choose("cica-member-states")
    assert dialog.count.text() == "28 members"
    russia = dialog.members.topLevelItem(20)
    assert [russia.text(column) for column in range(6)] == [
        "21",
        "the Ministry of Foreign Affairs of the Russian Federation",
        "Министерство иностранных дел Российской Федерации",
        "Ресей Федерациясының Сыртқы істер министрлігі",
        "ru",
        "mfa-russia@cica-directory.example",
    ]
    dialog.choose("cica-partner-organisations")
    assert dialog.count.text() == "7 members"
    dialog.reject()


def test_a_changed_pdf_stops_the_e_mail_dispatch_with_a_clear_message(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path
) -> None:
    import sqlite3

    from app.services.dispatch import DispatchService

    workflow = WorkflowService(office, renderer=plain_renderer, today=TODAY)
    note_id = workflow.save_draft(people.drafter, reference_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)
    with sqlite3.connect(tmp_path / "office.sqlite3") as connection:
        connection.execute("DROP TRIGGER issued_documents_no_update")
        connection.execute(
            "UPDATE issued_documents SET content = ? WHERE file_name = 'PAR-1453_kk.pdf'",
            (b"%PDF-1.4 not what was issued",),
        )
    with smtp_server() as mailbox:
        settings = SmtpSettings("127.0.0.1", mailbox.port, "none")
        dialog = DispatchDialog(
            DispatchService(workflow),
            people.registrar,
            note_id,
            mailer=lambda: Mailer(settings),
        )
        qtbot.addWidget(dialog)
        dialog.email_button.click()
        qtbot.waitUntil(lambda: not dialog.sending, timeout=30_000)
        assert mailbox.messages == []
    assert dialog.status.text().startswith(
        "Dispatch stopped: PAR-1453_kk.pdf is not the PDF that was issued"
    )
    assert dialog.summary.text() == "№PAR/1453: sent to 0 of 28 recipients"
    assert dialog.email_button.isEnabled()
