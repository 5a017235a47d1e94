"""Issued PDFs are kept exactly; verify catches a changed byte; backups restore them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.register.location import sqlite_path
from app.services.backup import BackupError, backup_register
from app.services.register import Register
from app.services.register_export import export_register
from app.services.restore import restore_register
from app.services.users import add_user
from tests.register.conftest import approved, issue_reference, plain_renderer


def _flip_one_byte(db_url: str, file_name: str) -> None:
    path = sqlite_path(db_url)
    assert path is not None
    connection = sqlite3.connect(path)
    with connection:
        (content,) = connection.execute(
            "SELECT content FROM issued_documents WHERE file_name = ?", (file_name,)
        ).fetchone()
        changed = bytearray(content)
        changed[len(changed) // 2] ^= 0x01
        # Migration 0002 refuses this edit; verify must still catch one made without it.
        connection.execute("DROP TRIGGER IF EXISTS issued_documents_no_update")
        connection.execute(
            "UPDATE issued_documents SET content = ? WHERE file_name = ?",
            (bytes(changed), file_name),
        )
    connection.close()


def test_the_stored_pdf_is_the_one_issued(register: Register) -> None:
    note_id = issue_reference(register)
    stored = register.document(note_id, "PAR-1453_ru.pdf")
    assert "PAR/1453 ru" in PdfReader(_bytes_io(stored)).pages[0].extract_text()
    assert register.verify().ok


def test_verify_catches_a_one_byte_change(register: Register, db_url: str) -> None:
    issue_reference(register)
    _flip_one_byte(db_url, "PAR-1453_kk.pdf")
    report = register.verify()
    assert not report.ok
    assert [(p.file_name, p.kind) for p in report.problems] == [("PAR-1453_kk.pdf", "changed")]
    assert "№PAR/1453: PAR-1453_kk.pdf changed" in str(report.problems[0])


def test_verify_reports_a_vanished_pdf(register: Register, db_url: str) -> None:
    issue_reference(register)
    path = sqlite_path(db_url)
    assert path is not None
    with sqlite3.connect(path) as connection:
        # Migration 0002 refuses this delete; verify must still catch one made without it.
        connection.execute("DROP TRIGGER IF EXISTS issued_documents_no_delete")
        connection.execute("DELETE FROM issued_documents WHERE file_name = 'PAR-1453_en.pdf'")
    report = register.verify()
    assert [(p.file_name, p.kind) for p in report.problems] == [("PAR-1453_en.pdf", "missing")]


def test_backup_while_open_and_restore(register: Register, db_url: str, tmp_path: Path) -> None:
    issue_reference(register)
    admin = add_user(register, "admin", "correct horse 1453", ["administrator"], by=None)
    copy = backup_register(db_url, tmp_path / "copy.sqlite3")
    register.issue(approved(register, register.save_draft(_reference_variant())), plain_renderer)
    assert register.count() == 2
    register.close()  # a register open here is open in "another program" to the restore
    result = restore_register(db_url, copy, admin.login, "correct horse 1453")
    assert result.notes == 1
    assert result.safety_copy is not None and result.safety_copy.is_file()
    assert result.numbers_kept == ("PAR/1454",)
    reopened = Register.open(db_url)
    try:
        assert [s.number for s in reopened.search("")] == ["PAR/1453"]
        assert reopened.verify().ok
    finally:
        reopened.close()


def test_restore_refuses_a_damaged_file(register: Register, db_url: str, tmp_path: Path) -> None:
    issue_reference(register)
    add_user(register, "admin", "correct horse 1453", ["administrator"], by=None)
    register.close()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(BackupError, match="cannot be restored"):
        restore_register(db_url, damaged, "admin", "correct horse 1453")
    stranger = tmp_path / "stranger.sqlite3"
    with closing(sqlite3.connect(stranger)) as connection:
        connection.execute("CREATE TABLE t(x)")
    with pytest.raises(BackupError, match="not a Verbale register"):
        restore_register(db_url, stranger, "admin", "correct horse 1453")
    reopened = Register.open(db_url)
    try:
        assert [s.number for s in reopened.search("")] == ["PAR/1453"]
    finally:
        reopened.close()


def test_exports_show_the_register(register: Register, tmp_path: Path) -> None:
    issue_reference(register)
    register.save_draft(_reference_variant())
    csv_file = tmp_path / "register.csv"
    assert export_register(register, csv_file) == 2
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "number,date,addressee,subject,status,deadline"
    assert lines[1].startswith("№PAR/1453,2023-11-29,the CICA Member States,")
    xlsx_file = tmp_path / "register.xlsx"
    assert export_register(register, xlsx_file, query_text="1453") == 1
    sheet = load_workbook(xlsx_file).active
    assert sheet is not None
    assert sheet["A2"].value == "№PAR/1453"
    assert sheet["E2"].value == "issued"
    journal = tmp_path / "journal.pdf"
    assert export_register(register, journal, language="ru") == 2
    text = PdfReader(journal).pages[0].extract_text()
    assert "Журнал регистрации вербальных нот" in text
    assert "№PAR/1453" in text
    assert "выпущена" in text


def _reference_variant():  # type: ignore[no-untyped-def]
    import dataclasses

    from app.services.demo import reference_note

    return dataclasses.replace(reference_note(), subject="=SUM(A1) second note")


def _bytes_io(content: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(content)
