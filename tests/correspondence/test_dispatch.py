"""Dispatch with proof (issue 18, point 4): one record per recipient, e-mail to a local SMTP
server with the stored PDFs attached, a changed PDF stops the dispatch, nothing sent twice."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.services.addressee_file import addressee_directory
from app.services.dispatch import DispatchService, DispatchStopped
from app.services.mail import Mailer, SmtpSettings
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.correspondence.smtp_server import Mailbox, attachments, smtp_server
from tests.workflow.conftest import note_in


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


def mailer(box: Mailbox) -> Mailer:
    return Mailer(
        SmtpSettings(
            host="127.0.0.1", port=box.port, security="none", from_address="registry@cica.example"
        )
    )


def test_issuing_to_the_member_states_makes_one_record_per_member(
    workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    records = DispatchService(workflow).dispatches(note_id)
    members = addressee_directory()["cica-member-states"].members
    assert [record.recipient_key for record in records] == list(members)
    assert {record.state for record in records} == {"pending"}
    assert records[20].recipient_name == "the Ministry of Foreign Affairs of the Russian Federation"


def test_par_1453_by_e_mail_one_message_per_member_with_the_stored_pdfs(
    workflow: WorkflowService, people: dict[str, UserInfo], mailbox: Mailbox
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    service = DispatchService(workflow)
    report = service.send(people["greg"], note_id, mailer(mailbox))
    assert len(report.sent) == 28 and not report.failed
    assert report.status == "dispatched"
    assert len(mailbox.messages) == 28
    stored = {
        name: workflow.register.document(note_id, name)
        for name in ("PAR-1453_en.pdf", "PAR-1453_ru.pdf", "PAR-1453_kk.pdf", "PAR-1453_all.pdf")
    }
    directory = addressee_directory()
    to = [envelope[1] for envelope in mailbox.envelopes]
    assert to == [[directory[key].email] for key in directory["cica-member-states"].members]
    for message in mailbox.messages:
        assert attachments(message) == stored  # byte for byte
    by_address = {str(message["To"]): message for message in mailbox.messages}
    russian = by_address["mfa-russia@cica-directory.example"]
    assert russian["Subject"] == "Нота №PAR/1453"
    assert (
        "Секретариат СВМДА препровождает настоящим свою ноту №PAR/1453 от 29 ноября 2023 года"
        in (
            russian.get_body().get_content()  # type: ignore[union-attr]
        )
    )
    kazakh = by_address["mfa-kazakhstan@cica-directory.example"].get_body()
    assert "2023 жылғы 29 қарашадағы №PAR/1453 нотасын" in kazakh.get_content()  # type: ignore[union-attr]
    english = by_address["mfa-china@cica-directory.example"]
    assert english["Subject"] == "Note №PAR/1453"
    records = service.dispatches(note_id)
    assert {(r.state, r.method, r.sent_by) for r in records} == {("sent", "email", "greg")}
    assert [r.message_id for r in records] == [str(m["Message-ID"]) for m in mailbox.messages]
    # Run again: nothing is sent twice.
    again = service.send(people["greg"], note_id, mailer(mailbox))
    assert (len(again.sent), len(again.skipped), len(mailbox.messages)) == (0, 28, 28)


def test_a_pdf_changed_in_the_register_stops_the_dispatch_before_any_message(
    workflow: WorkflowService, people: dict[str, UserInfo], mailbox: Mailbox, db_path: Path
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER issued_documents_no_update")
        (content,) = connection.execute(
            "SELECT content FROM issued_documents WHERE file_name = 'PAR-1453_ru.pdf'"
        ).fetchone()
        connection.execute(
            "UPDATE issued_documents SET content = ? WHERE file_name = 'PAR-1453_ru.pdf'",
            (bytes(content) + b" ",),
        )
    service = DispatchService(workflow)
    with pytest.raises(DispatchStopped, match=r"Dispatch stopped: PAR-1453_ru.pdf is not the PDF"):
        service.send(people["greg"], note_id, mailer(mailbox))
    assert mailbox.messages == []
    assert {record.state for record in service.dispatches(note_id)} == {"pending"}


def test_a_refused_recipient_is_recorded_and_retried_on_request_nothing_twice(
    workflow: WorkflowService, people: dict[str, UserInfo], mailbox: Mailbox
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    service = DispatchService(workflow)
    mailbox.refuse.add("mfa-india@cica-directory.example")
    first = service.send(people["greg"], note_id, mailer(mailbox))
    assert [info.recipient_key for info in first.failed] == ["mfa-india"]
    assert "550" in first.failed[0].error
    assert first.status == "issued" and len(mailbox.messages) == 27
    mailbox.refuse.clear()
    retry = service.send(people["greg"], note_id, mailer(mailbox), ["mfa-india"])
    assert [info.recipient_key for info in retry.sent] == ["mfa-india"]
    assert retry.status == "dispatched" and len(mailbox.messages) == 28
    india = next(r for r in service.dispatches(note_id) if r.recipient_key == "mfa-india")
    assert (india.state, india.attempts, india.error) == ("sent", 2, "")


def test_by_courier_or_hand_and_who_may(
    workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    from app.services.workflow_base import WorkflowRefused

    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    service = DispatchService(workflow)
    with pytest.raises(WorkflowRefused, match="Only a registrar or an approver"):
        service.record(people["dora"], note_id, "hand", ["mfa-china"])
    report = service.record(people["greg"], note_id, "courier", ["mfa-china"], "DHL 123")
    assert [(i.recipient_key, i.method, i.message_id) for i in report.sent] == [
        ("mfa-china", "courier", "DHL 123")
    ]
    assert report.status == "issued"
    rest = service.record(people["greg"], note_id, "hand")
    assert len(rest.sent) == 27 and rest.status == "dispatched"


def test_cli_note_dispatch_by_email_then_the_listing(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    mailbox: Mailbox,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cli import main
    from tests.workflow.conftest import PASSWORD

    note_in(workflow, people, NoteStatus.ISSUED)
    workflow.register.close()
    monkeypatch.setenv("VERBALE_PASSWORD", PASSWORD)
    db = f"sqlite:///{db_path}"
    server = f"127.0.0.1:{mailbox.port}"
    status = main(
        ["--db", db, "note", "dispatch", "PAR/1453", "--by", "email", "--to", "mfa-russia",
         "--to", "mfa-kazakhstan", "--smtp", server, "--smtp-security", "none", "--user", "greg"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    assert "sent to mfa-russia by email" in out and "2 sent, 0 failed" in out
    assert [envelope[1] for envelope in mailbox.envelopes] == [
        ["mfa-russia@cica-directory.example"], ["mfa-kazakhstan@cica-directory.example"]
    ]  # fmt: skip
    assert main(["--db", db, "note", "dispatches", "PAR/1453"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 28
    russia = lines[20].split("\t")
    assert russia[:4] == ["21", "mfa-russia", "sent", "email"] and russia[5] == "greg"
    assert russia[6] == str(mailbox.messages[0]["Message-ID"])
    assert lines[0].split("\t")[2] == "pending"
