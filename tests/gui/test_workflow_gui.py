"""The workflow in the GUI, driven offscreen on a real register file: login (refusal, lock-out),
the buttons each role sees in each state, comments, the consistency dialog, history,
objections and the saved views that depend on who is logged in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.note import Note
from app.gui.history_dialog import HistoryDialog
from app.gui.login_dialog import FirstAdministratorDialog, LoginDialog
from app.gui.objections_dialog import ObjectionsDialog
from app.gui.register_window import VIEW_AWAITING, VIEW_MY_DRAFTS, MainWindow
from app.gui.workflow_bar import BUTTON_NAMES, ConsistencyDialog, WorkflowBar
from app.services.demo import CICA, MEMBER_STATES
from app.services.register import Register
from app.services.users import UserInfo, has_users
from app.services.workflow import WorkflowService

from .conftest import PASSWORD, People, answer_modal, confirm_next

NAMES = tuple(BUTTON_NAMES.values())


def free_note(subject: str, ru_day: str = "29 декабря 2023 года", **extra: object) -> Note:
    return Note(
        note_type="free_text",
        languages=("en", "ru", "kk"),
        sender=CICA,
        addressee=MEMBER_STATES,
        date=dt.date(2023, 11, 29),
        series="PAR",
        subject=subject,
        body={
            "en": (f"{subject}: the meeting takes place on 29 December 2023.",),
            "ru": (f"Встреча состоится {ru_day}.",),
            "kk": ("Кездесу 2023 жылғы 29 желтоқсанда өтеді.",),
        },
        **extra,  # type: ignore[arg-type]
    )


def visible_buttons(bar: WorkflowBar) -> set[str]:
    return {name for name in NAMES if bar.findChild(QPushButton, name).isVisible()}


def click(qtbot: QtBot, bar: WorkflowBar, name: str) -> None:
    button = bar.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), f"{name} is not offered"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_bar(qtbot: QtBot, workflow: WorkflowService, user: UserInfo, note_id: int) -> WorkflowBar:
    bar = WorkflowBar(workflow, user)
    qtbot.addWidget(bar)
    bar.set_note(note_id)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def test_login_refuses_wrong_password_then_accepts(
    qtbot: QtBot, office: Register, people: People
) -> None:
    dialog = LoginDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.findChild(QWidget, "login_name")
    password = dialog.findChild(QWidget, "login_password")
    qtbot.keyClicks(name, "aigerim")
    qtbot.keyClicks(password, "wrong password")
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.user is None
    assert dialog.message.isVisible() and dialog.message.text() == "Wrong login or password."
    assert password.text() == ""  # typed again, not kept
    qtbot.keyClicks(password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(password, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.login == "aigerim"
    # The next login dialog offers the last login.
    again = LoginDialog(office)
    qtbot.addWidget(again)
    assert again.login_name.text() == "aigerim"


def test_login_lock_out_is_readable(qtbot: QtBot, office: Register, people: People) -> None:
    dialog = LoginDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login_name.setText("serik")
    for _attempt in range(5):
        dialog.login_password.setText("not the password")
        dialog.try_login()
    assert "locked" in dialog.message.text()
    dialog.login_password.setText(PASSWORD)  # even the right password is refused now
    dialog.try_login()
    assert dialog.user is None and dialog.isVisible()
    assert "locked" in dialog.message.text() and "serik" in dialog.message.text()


def test_buttons_per_role_and_state_through_issue(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Buttons"))
    drafter_bar = shown_bar(qtbot, workflow, people.drafter, note_id)
    approver_bar = shown_bar(qtbot, workflow, people.approver, note_id)
    registrar_bar = shown_bar(qtbot, workflow, people.registrar, note_id)
    assert visible_buttons(drafter_bar) == {"workflow_submit", "workflow_withdraw"}
    assert "workflow_approve" not in visible_buttons(approver_bar)
    assert visible_buttons(registrar_bar) == set()
    assert registrar_bar.status_label.text() == "Nothing for you to do on this note now."

    with qtbot.waitSignal(drafter_bar.changed):
        click(qtbot, drafter_bar, "workflow_submit")
    assert office.load(note_id).status == "submitted"
    assert visible_buttons(drafter_bar) == {"workflow_withdraw"}

    approver_bar.refresh()
    assert {"workflow_approve", "workflow_return"} <= visible_buttons(approver_bar)
    confirm_next()
    with qtbot.waitSignal(approver_bar.changed):
        click(qtbot, approver_bar, "workflow_approve")
    assert office.load(note_id).status == "approved"

    registrar_bar.refresh()
    assert "workflow_issue" in visible_buttons(registrar_bar)
    confirm_next()
    with qtbot.waitSignal(registrar_bar.changed, timeout=30000):
        click(qtbot, registrar_bar, "workflow_issue")
    record = office.load(note_id)
    assert record.status == "issued" and record.note.number is not None
    assert record.note.number.code == "PAR/1453"
    assert visible_buttons(registrar_bar) == {"workflow_dispatch"}
    with qtbot.waitSignal(registrar_bar.changed):
        click(qtbot, registrar_bar, "workflow_dispatch")
    assert office.load(note_id).status == "dispatched"
    for bar in (drafter_bar, approver_bar, registrar_bar):
        bar.refresh()
        assert visible_buttons(bar) == set()


def test_return_asks_for_a_comment_and_history_shows_it(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Returned"))
    workflow.submit(people.drafter, note_id)
    bar = shown_bar(qtbot, workflow, people.approver, note_id)
    seen: dict[str, bool] = {}

    def write_comment(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        buttons = dialog.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_before"] = ok.isEnabled()  # a return needs a comment
        qtbot.keyClicks(dialog.findChild(QWidget, "workflow_comment"), "Align the dates")
        seen["ok_after"] = ok.isEnabled()
        ok.click()

    answer_modal(write_comment)
    with qtbot.waitSignal(bar.changed, timeout=5000):
        click(qtbot, bar, "workflow_return")
    assert seen == {"ok_before": False, "ok_after": True}
    assert office.load(note_id).status == "returned"

    history = HistoryDialog(workflow, note_id)
    qtbot.addWidget(history)
    rows = history.rows()
    returned = [row for row in rows if "Align the dates" in row[3]]
    assert returned and returned[0][1] == "serik"
    assert any(row[1] == "aigerim" and "submitted" in row[2] for row in rows)


def test_cancelled_comment_changes_nothing(qtbot: QtBot, office: Register, people: People) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Kept"))
    bar = shown_bar(qtbot, workflow, people.drafter, note_id)
    answer_modal(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    assert bar.act(BUTTON_ACTION["workflow_withdraw"]) is False
    assert office.load(note_id).status == "draft"


def test_disagreeing_languages_offer_submit_anyway(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Dates", "30 декабря 2023 года"))
    bar = shown_bar(qtbot, workflow, people.drafter, note_id)
    seen: dict[str, object] = {}

    def override(dialog: QWidget) -> None:
        assert isinstance(dialog, ConsistencyDialog)
        seen["listed"] = [
            dialog.discrepancies.item(row).text() for row in range(dialog.discrepancies.count())
        ]
        seen["enabled_before"] = dialog.submit_anyway.isEnabled()
        qtbot.keyClicks(dialog.comment, "The Russian date is the agreed one")
        seen["enabled_after"] = dialog.submit_anyway.isEnabled()
        dialog.submit_anyway.click()

    answer_modal(override)
    with qtbot.waitSignal(bar.changed, timeout=5000):
        click(qtbot, bar, "workflow_submit")
    listed = seen["listed"]
    assert isinstance(listed, list) and listed
    assert any("30" in line and "29" in line for line in listed), listed
    assert seen["enabled_before"] is False and seen["enabled_after"] is True
    assert office.load(note_id).status == "submitted"


def test_refusal_is_a_readable_dialog(qtbot: QtBot, office: Register, people: People) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Raced"))
    bar = shown_bar(qtbot, workflow, people.drafter, note_id)
    workflow.submit(people.drafter, note_id)  # someone else's window moved it meanwhile
    seen: dict[str, str] = {}

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen["text"] = dialog.text()
        dialog.accept()

    answer_modal(read)
    with qtbot.waitSignal(bar.step_ended, timeout=10_000) as ended:
        assert bar.act(BUTTON_ACTION["workflow_submit"]) is True  # started off the GUI thread
    assert ended.args == [False]  # not done
    assert "submitted" in seen["text"]
    assert visible_buttons(bar) == {"workflow_withdraw"}


def test_views_for_the_logged_in_user(qtbot: QtBot, office: Register, people: People) -> None:
    workflow = WorkflowService(office)
    mine = workflow.save_draft(people.drafter, free_note("Mine"))
    waiting = workflow.save_draft(people.drafter, free_note("Waiting"))
    workflow.submit(people.drafter, waiting)
    drafter_window = MainWindow(office, workflow, people.drafter)
    qtbot.addWidget(drafter_window)
    assert "Aigerim Drafter" in drafter_window.user_label.text()
    titles = [drafter_window.views.item(r).text() for r in range(drafter_window.views.count())]
    assert "My drafts" in titles and "Awaiting my approval" not in titles
    drafter_window.choose_view(VIEW_MY_DRAFTS)
    assert [drafter_window.model.note_id(r) for r in range(drafter_window.model.rowCount())] == [
        mine
    ]

    approver_window = MainWindow(office, workflow, people.approver)
    qtbot.addWidget(approver_window)
    titles = [approver_window.views.item(r).text() for r in range(approver_window.views.count())]
    assert "Awaiting my approval" in titles and "My drafts" not in titles
    approver_window.choose_view(VIEW_AWAITING)
    rows = [approver_window.model.note_id(r) for r in range(approver_window.model.rowCount())]
    assert rows == [waiting]
    # The details pane carries the workflow buttons for the selected note.
    approver_window.show()
    qtbot.waitExposed(approver_window)
    assert approver_window.workflow_bar is not None
    assert approver_window.workflow_bar.note_id == waiting
    assert "workflow_approve" in visible_buttons(approver_window.workflow_bar)


def test_objections_days_left_and_outcome(qtbot: QtBot, office: Register, people: People) -> None:
    # Issued on the day the objection arrives: one dated before the issue or after today is
    # refused.
    workflow = WorkflowService(office, clock=lambda: dt.datetime(2023, 12, 25, 9, 0))
    note_id = workflow.save_draft(
        people.drafter, free_note("Silence", objection_deadline=dt.date(2023, 12, 29))
    )
    # Objections are recorded to a note that has gone out.
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)
    dialog = ObjectionsDialog(
        office, workflow, people.registrar, note_id, today=lambda: dt.date(2023, 12, 25)
    )
    qtbot.addWidget(dialog)
    # One № sign, as the note number is printed everywhere else.
    assert dialog.windowTitle().startswith("Objections to №") and "№№" not in dialog.windowTitle()
    assert "29 December 2023" in dialog.summary.text() and "4 days left" in dialog.summary.text()
    assert "pending" in dialog.summary.text()
    assert dialog.rows() == []
    dialog.record_objection()  # nothing typed: asks for the state, records nothing
    assert dialog.form_message.text() and dialog.rows() == []
    qtbot.keyClicks(dialog.party, "Republic of Examplestan")
    qtbot.keyClicks(dialog.reference, "12-1/2345")
    qtbot.keyClicks(dialog.text, "We object to point 3.")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.rows() == [
        ["Republic of Examplestan", "25 December 2023", "12-1/2345", "We object to point 3."]
    ]
    assert "silence broken" in dialog.summary.text()
    # Read back from the register by a fresh dialog.
    again = ObjectionsDialog(office, workflow, None, note_id, today=lambda: dt.date(2024, 1, 2))
    qtbot.addWidget(again)
    assert len(again.rows()) == 1 and "4 days past" in again.summary.text()
    assert not again.record_button.isEnabled()


def test_first_administrator_dialog(qtbot: QtBot, office: Register) -> None:
    assert not has_users(office)
    window = MainWindow(office, WorkflowService(office), None)
    qtbot.addWidget(window)
    assert "verbale users add" in window.user_label.text()
    assert window.first_admin_action.isVisible() and not window.new_note_action.isEnabled()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstAdministratorDialog)
        dialog.admin_login.setText("chief")
        dialog.admin_name.setText("Chief Officer")
        dialog.admin_password.setText(PASSWORD)
        dialog.admin_repeat.setText(PASSWORD + "x")
        dialog.create_administrator()
        assert dialog.message.text() == "The two passwords differ."
        dialog.admin_repeat.setText(PASSWORD)
        dialog.role_boxes[next(iter(dialog.role_boxes))].setChecked(True)
        dialog.create_administrator()

    answer_modal(fill)
    assert window.create_first_administrator() is True
    assert has_users(office)
    assert window.user is not None and window.user.login == "chief"
    assert "Chief Officer" in window.user_label.text()
    assert window.new_note_action.isEnabled() and not window.first_admin_action.isVisible()


BUTTON_ACTION = {name: action for action, name in BUTTON_NAMES.items()}


def test_main_logs_in_and_applies_the_remembered_language(
    qtbot: QtBot, office: Register, people: People
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.gui import settings
    from app.main import main

    # main() names the application as the installed one does; remember under that name.
    QCoreApplication.setOrganizationName("Verbale")
    settings.remember_ui_language("ru")
    url = office.url
    seen: dict[str, object] = {}

    def log_in(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog)
        seen["title"] = dialog.windowTitle()
        dialog.login_name.setText("serik")
        dialog.login_password.setText(PASSWORD)
        dialog.try_login()
        QTimer.singleShot(100, look_at_window)

    def look_at_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        visible = [w for w in windows if w.isVisible()]
        seen["user"] = visible[0].user.login if visible and visible[0].user else None
        seen["menu"] = visible[0].menuBar().actions()[0].text() if visible else None
        for window in visible:
            window.close()  # the last window closed ends main()'s event loop

    answer_modal(log_in)
    assert main(url) == 0
    assert seen["title"] == "Вход в Verbale"
    assert seen["user"] == "serik" and seen["menu"] == "&Файл"


def test_note_windows_stay_open_across_a_language_switch(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Kept open"))
    window = MainWindow(office, workflow, people.drafter)
    qtbot.addWidget(window)
    window.show()
    note_window = window.open_note(note_id)
    assert note_window is not None and note_window.isVisible()
    russian = window.switch_language("ru")
    qtbot.addWidget(russian)
    assert note_window.isVisible() and russian.note_windows == [note_window]
    assert window.note_windows == []
    # The new window follows the note window's saves.
    note_window.editor.subject_edit.setText("Kept open, renamed")
    note_window.editor.subject_edit.textEdited.emit("Kept open, renamed")
    with qtbot.waitSignal(note_window.saved, timeout=5000):
        note_window.save()
    qtbot.waitUntil(
        lambda: (
            russian.model.summary(russian.model.row_of(note_id) or 0).subject
            == "Kept open, renamed"
        ),
        timeout=3000,
    )
    russian.close()
    assert not note_window.isVisible()


def test_log_out_then_cancel_leaves_the_window_read_only(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Mine"))
    window = MainWindow(office, workflow, people.drafter)
    qtbot.addWidget(window)
    window.show()
    assert window.new_note_action.isEnabled()
    seen: dict[str, bool] = {}

    def cancel(dialog: QWidget) -> None:
        seen["login"] = isinstance(dialog, LoginDialog)
        dialog.close()

    answer_modal(cancel)
    with qtbot.waitSignal(window.user_changed):
        window.log_out()
    assert seen == {"login": True}
    assert window.user is None and window.user_label.text() == "Not logged in (read only)"
    assert not window.new_note_action.isEnabled() and not window.log_out_action.isEnabled()
    titles = [window.views.item(r).text() for r in range(window.views.count())]
    assert titles == ["All notes", "Issued", "Deadlines this month"]
    assert window.workflow_bar is not None and window.workflow_bar.isHidden()
    assert window.model.note_id(0) == note_id  # the register stays readable


def test_at_start_the_selected_row_its_details_and_buttons_agree(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Budget meeting"))
    window = MainWindow(office, workflow, people.drafter)
    qtbot.addWidget(window)
    window.show()
    assert window.current_note_id() == note_id
    # The details are read on a worker once the row is selected.
    qtbot.waitUntil(lambda: "Budget meeting" in window.details.toPlainText(), timeout=5000)
    assert "Select a note" not in window.details.toPlainText()
    assert window.open_button.isEnabled()
    assert window.workflow_bar is not None
    assert "workflow_submit" in visible_buttons(window.workflow_bar)
