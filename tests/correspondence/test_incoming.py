"""Incoming notes and replies (issue 18, points 1 and 2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.workflow import NoteStatus
from app.services.demo import reference_note
from app.services.incoming import IncomingRegister
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.register.conftest import simple_pdf
from tests.workflow.conftest import NOW, PASSWORD, note_in

RECEIVED_PDF = simple_pdf("Note No. 12/345 of the Embassy of India")


def _received(workflow: WorkflowService, people: dict[str, UserInfo]) -> int:
    info = IncomingRegister(workflow).add(
        people["greg"],
        number="No. 12/345",
        date=dt.date(2023, 10, 10),
        sender_key="mfa-india",
        received_on=dt.date(2023, 10, 12),
        subject="Request for the draft agenda",
        languages=("en",),
        answer_by=dt.date(2023, 12, 1),
        pdf=("india-12-345.pdf", RECEIVED_PDF),
    )
    return info.id


def test_a_note_received_is_registered_with_its_pdf_and_found_by_number_in_any_form(
    workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    incoming = IncomingRegister(workflow)
    incoming_id = _received(workflow, people)
    info = incoming.show(incoming_id)
    assert (info.number, info.sender_name) == (
        "No. 12/345",
        "the Ministry of External Affairs of the Republic of India",
    )
    assert info.sha256 == __import__("hashlib").sha256(RECEIVED_PDF).hexdigest()
    assert incoming.document(incoming_id) == RECEIVED_PDF
    for typed in ("12/345", "No.12-345", "№ 12/345", "12345", "2/34"):
        assert [item.id for item in incoming.search(typed)] == [incoming_id], typed
    assert incoming.search("99/999") == []
    assert incoming.by_number("no 12 345").id == incoming_id
    awaiting = incoming.listing(awaiting=True)
    assert [item.id for item in awaiting] == [incoming_id]
    assert awaiting[0].due_soon(dt.date(2023, 11, 24))
    assert not awaiting[0].due_soon(dt.date(2023, 11, 23))


def test_a_reply_carries_the_phrase_in_each_language_and_answers_the_note(
    register: Register,
    people: dict[str, UserInfo],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The real renderer: the phrase is read back from the issued PDFs.
    workflow = WorkflowService(register, clock=lambda: NOW, holidays=())
    incoming = IncomingRegister(workflow)
    received = incoming.add(
        people["greg"],
        number="No. 12/345",
        date=dt.date(2023, 12, 10),
        sender_key="mfa-india",
        received_on=dt.date(2023, 12, 12),
        answer_by=dt.date(2023, 12, 20),
    )
    template = dataclasses.replace(
        reference_note(),
        note_type="free_text",
        date=dt.date(2023, 12, 14),
        fields={},
        enclosures=(),
        body={
            "en": ("The Secretariat confirms the dates of the meeting.",),
            "ru": ("Секретариат подтверждает даты встречи.",),
            "kk": ("Хатшылық кездесу күндерін растайды.",),
        },
    )
    reply = incoming.reply_note(received.id, template)
    assert reply.addressee.key == "mfa-india" and reply.in_reply_to is not None
    note_id = workflow.save_draft(people["dora"], reply)
    assert incoming.reply_to(note_id) == incoming.show(received.id)
    workflow.submit(people["dora"], note_id)
    assert not incoming.show(received.id).answered  # drafted, not yet issued
    workflow.approve(people["anna"], note_id)
    workflow.issue(people["greg"], note_id)
    texts = {
        language: " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(
                io.BytesIO(register.document(note_id, f"PAR-1453_{language}.pdf"))
            ).pages
        )
        for language in ("en", "ru", "kk")
    }
    assert "in reply to its Note No. 12/345 of 10 December 2023" in texts["en"]
    assert "в ответ на ноту № 12/345 от 10 декабря 2023 года" in texts["ru"]
    assert "2023 жылғы 10 желтоқсандағы № 12/345 нотаға жауап ретінде" in texts["kk"]
    answered = incoming.show(received.id)
    assert answered.answered and answered.replies == ((note_id, "PAR/1453", "issued"),)
    assert incoming.listing(awaiting=True) == []
    # Both linked in `register show` / `incoming show`.
    db = ["--db", f"sqlite:///{db_path}"]
    assert main([*db, "register", "show", "PAR/1453"]) == 0
    shown = capsys.readouterr().out
    assert f"In reply:   incoming {received.id}  No. 12/345 of 2023-12-10  the Ministry" in shown
    assert main([*db, "incoming", "show", str(received.id)]) == 0
    shown = capsys.readouterr().out
    assert "Reply:      PAR/1453  issued" in shown and "Answered:   yes" in shown


def test_an_objection_recorded_by_hand_is_an_incoming_note_linked_to_the_procedure(
    workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    workflow.record_objection(
        people["greg"],
        note_id,
        party="Republic of India",
        received_on=dt.date(2023, 12, 1),
        reference="No. 77/2023",
        today=dt.date(2023, 12, 2),
    )
    (found,) = IncomingRegister(workflow).search("77/2023")
    assert (found.procedure_note_id, found.procedure_number) == (note_id, "PAR/1453")
    assert found.sender_name == "Republic of India"
    assert workflow.outcome_of(note_id) == "silence_broken"


def test_cli_incoming_add_list_show_search_and_the_link_in_register_show(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    workflow.register.close()
    monkeypatch.setenv("VERBALE_PASSWORD", PASSWORD)
    monkeypatch.setenv("VERBALE_TODAY", "2023-12-05")
    pdf = tmp_path / "objection.pdf"
    pdf.write_bytes(RECEIVED_PDF)
    db = ["--db", f"sqlite:///{db_path}"]
    status = main(
        [*db, "incoming", "add", "No. 12/345", "--date", "04.12.2023", "--from", "mfa-india",
         "--subject", "Objection to the draft Plan", "--pdf", str(pdf), "--objects-to",
         "PAR/1453", "--answer-by", "2023-12-20", "--user", "greg"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.startswith("registered as incoming 1\n")
    assert main([*db, "register", "search", "12-345"]) == 0
    assert "incoming 1  No. 12/345  2023-12-04" in capsys.readouterr().out
    assert main([*db, "incoming", "show", "12/345"]) == 0
    shown = capsys.readouterr().out
    assert "Objection:  to №PAR/1453" in shown and "Answered:   no" in shown
    assert "sha256 " in shown
    assert main([*db, "incoming", "list", "--awaiting"]) == 0
    assert capsys.readouterr().out.startswith("incoming 1  No. 12/345")
    assert main([*db, "objections", "list", "PAR/1453"]) == 0
    assert "the Ministry of External Affairs of the Republic of India" in capsys.readouterr().out
    del note_id


def test_the_procedure_per_member_state_dispatched_objected_outcome(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.services.dispatch import DispatchService
    from app.services.procedure_members import procedure_standing

    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    # A week later, as the objections come in.
    workflow = WorkflowService(workflow.register, clock=lambda: NOW, today=dt.date(2023, 12, 5))
    DispatchService(workflow).record(people["greg"], note_id, "hand", ["mfa-china", "mfa-india"])
    IncomingRegister(workflow).add(
        people["greg"],
        number="No. 12/345",
        date=dt.date(2023, 12, 1),
        sender_key="mfa-india",
        received_on=dt.date(2023, 12, 1),
        objects_to=note_id,
    )
    workflow.record_objection(  # typed by hand: matched by the name
        people["greg"], note_id, party="Islamic Republic of Pakistan",
        received_on=dt.date(2023, 12, 2), today=dt.date(2023, 12, 2),
    )  # fmt: skip
    standing = procedure_standing(workflow, note_id)
    by_key = {member.key: member for member in standing.members}
    assert (standing.dispatched, standing.objected, standing.outcome) == (2, 2, "silence_broken")
    assert by_key["mfa-india"].dispatch_method == "hand"
    assert [item.number for item in by_key["mfa-india"].objections] == ["No. 12/345"]
    assert by_key["mfa-pakistan"].objected and not by_key["mfa-china"].objected
    assert standing.others == ()
    workflow.register.close()
    assert main(["--db", f"sqlite:///{db_path}", "objections", "members", "PAR/1453"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[7] == "mfa-india\thand 2023-11-29\tobjected No. 12/345 received 2023-12-01"
    assert lines[-1] == "2 of 28 dispatched to, 2 objected; outcome: silence_broken"


def test_objections_recorded_before_migration_0008_become_incoming_notes(tmp_path: Path) -> None:
    import sqlite3

    from app.register import schema
    from app.register.engine import make_engine

    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine, "0007")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO series (id, prefix, pattern, yearly_reset, title) "
            "VALUES (1, 'PAR', '{prefix}/{running}', 0, '')"
        )
        connection.execute(
            "INSERT INTO notes (id, series_id, prefix, note_type, languages, date, subject, "
            "addressee_key, addressee_name, sender_key, status, revision_no, created_at, "
            "updated_at) VALUES (1, 1, 'PAR', 'silence_procedure', 'en', '2023-11-29', '', "
            "'cica-member-states', '', 'cica-secretariat', 'issued', 1, '2023-11-29', "
            "'2023-11-29')"
        )
        connection.execute(
            "INSERT INTO objections (note_id, party, received_on, reference, text, recorded_at) "
            "VALUES (1, 'Republic of India', '2023-12-01', 'No. 12/345', 'No.', '2023-12-01')"
        )
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    engine.dispose()
    register = Register.open(f"sqlite:///{path}")
    try:
        workflow = WorkflowService(register, clock=lambda: NOW)
        (found,) = IncomingRegister(workflow).search("12/345")
        assert (found.number, found.sender_name, found.procedure_note_id) == (
            "No. 12/345",
            "Republic of India",
            1,
        )
    finally:
        register.close()
