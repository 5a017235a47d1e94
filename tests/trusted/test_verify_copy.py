"""`verbale verify FILE.pdf...` and `verbale verify --code`: what someone holding a copy or a
printout learns, in the interface language, and the exit status a script reads."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfWriter
from reportlab.pdfgen.canvas import Canvas

from app.cli import main
from app.services.copy_check import Finding, check_copy, earlier_revisions
from tests.trusted.conftest import Issued


def verify(issued: Issued, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["--db", f"sqlite:///{issued.path}", "verify", *argv])
    return status, capsys.readouterr().out


def copy_of(issued: Issued, name: str, tmp_path: Path) -> tuple[Path, bytes]:
    data = (issued.folder / name).read_bytes()
    target = tmp_path / name
    target.write_bytes(data)
    return target, data


def code_of(issued: Issued) -> str:
    return str(issued.register.load(issued.note_id).verification_code)


def test_an_issued_copy_is_recognised_with_its_register_entry_and_audit_head(
    issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = verify(issued, capsys, str(issued.folder / "PAR-1453_en.pdf"))
    assert status == 0, out
    record = issued.register.load(issued.note_id)
    head = record.note.issue_mark.chain_head if record.note.issue_mark else ""
    document = next(d for d in record.documents if d.file_name == "PAR-1453_en.pdf")
    assert "issued by Verbale as №PAR/1453 on 29 November 2023" in out
    assert "identical to the stored copy, byte for byte" in out
    assert (
        f"register entry: note {issued.note_id}, document PAR-1453_en.pdf "
        f"(SHA-256 {document.sha256[:16]}…)" in out
    )
    assert f"chain head at issue {head[:16]}…" in out
    assert "verdict: the document Verbale issued" in out


def test_every_file_of_the_pack_at_once(issued: Issued, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(path) for path in issued.folder.glob("PAR-1453_*.pdf"))
    status, out = verify(issued, capsys, *files)
    assert status == 0
    assert out.count("identical to the stored copy") == len(files) == 6


def test_one_changed_byte_is_reported_with_its_offset(
    issued: Issued, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target, data = copy_of(issued, "PAR-1453_ru.pdf", tmp_path)
    changed = bytearray(data)
    offset = len(changed) // 2
    changed[offset] ^= 0x01
    target.write_bytes(bytes(changed))
    status, out = verify(issued, capsys, str(target))
    assert status == 1
    assert f"differs from the stored copy PAR-1453_ru.pdf: 1 byte changed, at offset {offset}" in (
        out
    )
    assert "verdict: NOT the document Verbale issued" in out


def test_one_changed_character_of_text_is_shown_on_its_page(
    issued: Issued, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target, _data = copy_of(issued, "PAR-1453_en.pdf", tmp_path)
    with pikepdf.open(issued.folder / "PAR-1453_en.pdf") as pdf:
        page = pdf.pages[0]
        instructions = pikepdf.parse_content_stream(page)
        for index, (operands, operator) in enumerate(instructions):
            if str(operator) == "Tj" and bytes(operands[0]).startswith(b"SECRETARIAT"):
                text = bytes(operands[0]).replace(b"SECRETARIAT", b"SECRETARIAS", 1)
                instructions[index] = pikepdf.ContentStreamInstruction(
                    [pikepdf.String(text)], operator
                )
                break
        else:
            raise AssertionError("the heading is not drawn as one string")
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        pdf.save(target)
    status, out = verify(issued, capsys, str(target))
    assert status == 1
    assert "claims to be №PAR/1453, issued by Verbale on 29 November 2023" in out
    assert "page 1: the text “SECRETARIAT OF THE" in out and "reads “SECRETARIAS OF THE" in out
    assert "page 2:" not in out


def test_an_appended_incremental_update_is_reported(
    issued: Issued, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = issued.folder / "PAR-1453_kk.pdf"
    writer = PdfWriter(source, incremental=True)
    writer.add_metadata({"/Subject": "changed afterwards"})
    buffer = io.BytesIO()
    writer.write(buffer)
    target = tmp_path / "updated.pdf"
    target.write_bytes(buffer.getvalue())
    assert buffer.getvalue().startswith(source.read_bytes())
    appended = len(buffer.getvalue()) - source.stat().st_size
    status, out = verify(issued, capsys, str(target))
    assert status == 1
    assert (
        f"differs from the stored copy PAR-1453_kk.pdf: an incremental update of {appended} "
        "bytes was appended after the issued file" in out
    )
    assert "the text of its pages is the same as the stored copy's" in out


def test_a_pdf_that_is_not_verbales_and_a_file_that_is_no_pdf(
    issued: Issued, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    foreign = tmp_path / "letter.pdf"
    canvas = Canvas(str(foreign))
    canvas.drawString(72, 720, "Somebody else's letter")
    canvas.save()
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF at all")
    status, out = verify(issued, capsys, str(foreign), str(text), str(tmp_path / "absent.pdf"))
    assert status == 1
    assert f"{foreign}:\nnot a document issued by Verbale" in out
    assert f"{text}:\nnot a PDF file" in out
    assert "cannot be read: No such file or directory" in out
    assert check_copy(issued.register, foreign).finding is Finding.FOREIGN


def test_the_answer_is_in_the_interface_language(
    issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(issued.folder / "PAR-1453_kk.pdf")
    status, russian = verify(issued, capsys, path, "--language", "ru")
    assert status == 0
    assert "выпущен Verbale под №PAR/1453 29 ноября 2023 года" in russian
    assert "identical" not in russian
    status, kazakh = verify(issued, capsys, path, "--language", "kk")
    assert status == 0
    assert "2023 жылғы 29 қараша" in kazakh and "identical" not in kazakh


def test_a_printouts_code_finds_its_note(
    issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    code = code_of(issued)
    typed = code.lower().replace("-", " ")
    status, out = verify(issued, capsys, "--code", typed)
    assert status == 0, out
    assert f"code {code}: №PAR/1453, issued by Verbale on 29 November 2023" in out
    assert "subject: Draft Action Plan CICA-SCO under silence procedure" in out
    assert out.count("document PAR-1453_") == 6
    status, out = verify(issued, capsys, "--code", "ZZZZ-ZZZZ")
    assert (status, out.strip()) == (1, "code ZZZZ-ZZZZ: this register issued no note with it")


def test_a_code_that_is_no_code_is_a_usage_error(
    issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--db", f"sqlite:///{issued.path}", "verify", "--code", "K7QX"])
    assert status == 2
    assert "is not a verification code" in capsys.readouterr().err


def test_earlier_revisions_end_at_each_inner_eof() -> None:
    data = b"%PDF-1.7\n...%%EOF\nmore %%EOF\n"
    assert earlier_revisions(data) == [18, 17]  # with and without its end-of-line
    assert earlier_revisions(b"%PDF-1.7\n...%%EOF\n") == []
