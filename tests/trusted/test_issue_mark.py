"""An issued note's verification code and QR code on every page, as someone holding a copy
reads them; the draft mark on previews."""

from __future__ import annotations

import io
import json
import re
import sqlite3

import pikepdf
import pytest
from pypdf import PdfReader

from app.domain.verification import QrPayload, VerificationCode
from app.render.pdfa import pdfa_findings
from app.services.drafting import preview_pdf
from tests.trusted.conftest import Issued, issue_reference, qr_codes
from tests.workflow.conftest import the_note

LABELS = {"en": "Verify", "ru": "Проверка", "kk": "Тексеру"}


def issue_entry(issued: Issued) -> tuple[str, dict[str, object]]:
    with sqlite3.connect(issued.path) as connection:
        prev_hash, detail = connection.execute(
            "SELECT prev_hash, detail FROM audit_log WHERE action = 'issue' AND note_id = ?",
            (issued.note_id,),
        ).fetchone()
    return str(prev_hash), json.loads(detail)


def test_every_stored_pdf_is_pdfa_2b(issued: Issued) -> None:
    names = sorted(path.name for path in issued.folder.iterdir())
    assert names == [
        "PAR-1453_all.pdf",
        "PAR-1453_en.pdf",
        "PAR-1453_kk.pdf",
        "PAR-1453_plan-1_en.pdf",
        "PAR-1453_plan-1_ru.pdf",
        "PAR-1453_ru.pdf",
    ]
    for path in issued.folder.iterdir():
        assert pdfa_findings(path.read_bytes()) == [], path.name


def test_the_code_is_in_words_on_every_page_of_every_file(issued: Issued) -> None:
    code = issued.register.load(issued.note_id).verification_code
    assert code is not None and re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", str(code))
    for path in issued.folder.glob("PAR-1453_*.pdf"):
        language = path.stem.rsplit("_", 1)[-1]
        for page in PdfReader(path).pages:
            text = page.extract_text()
            if language != "all":
                assert f"{LABELS[language]}: PAR/1453 · {code}" in text, path.name
            else:
                assert f": PAR/1453 · {code}" in text
            assert "DRAFT" not in text and "ПРОЕКТ —" not in text


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_qr_on_page_one_holds_number_code_digest_and_chain_head(
    issued: Issued, language: str
) -> None:
    path = issued.folder / f"PAR-1453_{language}.pdf"
    (scanned,) = qr_codes(path)
    payload = QrPayload.parse(scanned)
    assert payload is not None, scanned
    assert payload.number == "PAR/1453"
    assert payload.code == issued.register.load(issued.note_id).verification_code
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/VerbaleDigest"]).startswith(payload.digest)
        assert str(pdf.docinfo["/VerbaleCode"]) == str(payload.code)
        head = str(pdf.docinfo["/VerbaleChainHead"])
    # The head printed is the chain just before the issue: the issue entry follows from it.
    prev_hash, detail = issue_entry(issued)
    assert head == prev_hash and head.startswith(payload.chain_head)
    assert detail["code"] == str(payload.code) and detail["chain_head"] == head


def test_the_plan_pages_carry_the_mark_too(issued: Issued) -> None:
    path = issued.folder / "PAR-1453_plan-1_ru.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    payload = QrPayload.parse(qr_codes(path, page=2)[0])
    assert payload is not None and payload.number == "PAR/1453"


def test_codes_are_random_per_note_and_fixed_once_issued(issued: Issued) -> None:
    second = issue_reference(issued.register, issued.people)
    first_code = issued.register.load(issued.note_id).verification_code
    second_code = issued.register.load(second).verification_code
    assert first_code is not None and second_code is not None and first_code != second_code
    with sqlite3.connect(issued.path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            "UPDATE notes SET verification_code = 'AAAAAAAA' WHERE id = ?", (issued.note_id,)
        )


@pytest.mark.parametrize(
    ("language", "mark"),
    [("en", "DRAFT — not issued"), ("ru", "ПРОЕКТ — не выпущен"), ("kk", "ЖОБА — шығарылмаған")],
)
def test_previews_carry_the_draft_mark_and_no_code(language: str, mark: str) -> None:
    text = PdfReader(io.BytesIO(preview_pdf(the_note(), language))).pages[0]
    extracted = text.extract_text()
    assert mark in extracted
    assert f"{LABELS[language]}:" not in extracted


def test_typed_codes_are_forgiven_and_nonsense_refused() -> None:
    code = VerificationCode.parse("k7qx 93md")
    assert str(code) == "K7QX-93MD"
    assert VerificationCode.parse("K7QX-93MD") == code
    assert str(VerificationCode.parse("OIL0-1234")) == "0110-1234"  # look-alikes
    for typed in ("", "K7QX-93M", "K7QX-93MDX", "K7QU-93MD", "ПАР1-2345"):
        with pytest.raises(ValueError, match="not a verification code"):
            VerificationCode.parse(typed)
    assert len({str(VerificationCode.new()) for _ in range(200)}) == 200
