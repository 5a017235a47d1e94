"""№PAR/1453 issued under the secretariat's seal made from a test CA of this run: pyHanko's
validator finds every stored PDF intact and valid against that CA, PDF/A-2b before signing,
only embedded fonts, and `verbale verify` tells a changed byte, a changed character and an
appended update from the issued file."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfWriter

from app.cli import main
from app.render.pdfa import pdfa_findings
from app.services.copy_check import earlier_revisions
from app.services.register import Register
from app.services.seal import SealError, open_seal, seal_config, seal_for
from app.services.seal_check import SignatureState, check_signature, trusted_certificates
from app.services.users import list_users
from app.services.workflow import WorkflowService
from tests.trusted.seal_authority import SealAuthority, make_test_ca, write_profile
from tests.workflow.conftest import NOW, PASSWORD, the_note

SIGNER = "CICA Secretariat Seal (test)"


@dataclass(frozen=True)
class Sealed:
    register: Register
    path: Path
    note_id: int
    folder: Path
    ca: SealAuthority


@pytest.fixture(scope="module")
def sealed(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sealed]:
    folder = tmp_path_factory.mktemp("sealed")
    ca = make_test_ca(folder / "ca")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VERBALE_CONFIG_DIR", str(folder / "config"))
        patch.setenv("VERBALE_SECRET_SIGNING_KEY", ca.password)
        write_profile(folder / "config", ca)
        path = folder / "register.sqlite3"
        shutil.copyfile(template, path)
        register = Register.open(f"sqlite:///{path}")
        people = {user.login: user for user in list_users(register)}
        workflow = WorkflowService(register, clock=lambda: NOW, holidays=())
        note_id = workflow.save_draft(people["dora"], the_note())
        workflow.submit(people["dora"], note_id)
        workflow.approve(people["anna"], note_id)
        seal = seal_for("cica-secretariat", lambda _config: None)
        assert seal is not None and seal.level == "B-B"
        workflow.issue(people["greg"], note_id, seal=seal)
        out = folder / "pdf"
        out.mkdir()
        for document in register.load(note_id).documents:
            (out / document.file_name).write_bytes(register.document(note_id, document.file_name))
        yield Sealed(register, path, note_id, out, ca)
        register.close()


def verify(sealed: Sealed, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["--db", f"sqlite:///{sealed.path}", "verify", *argv])
    return status, capsys.readouterr().out


def files(sealed: Sealed) -> list[Path]:
    found = sorted(sealed.folder.glob("PAR-1453_*.pdf"))
    assert len(found) == 6
    return found


def test_pyhanko_finds_every_stored_pdf_intact_and_valid_against_the_test_ca(
    sealed: Sealed,
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=trusted_certificates([sealed.ca.ca_pem]), allow_fetching=False
    )
    for path in files(sealed):
        with path.open("rb") as stream:
            (signature,) = PdfFileReader(stream).embedded_signatures
            status = validate_pdf_signature(signature, context)
        assert status.intact and status.valid and status.trusted, (path.name, status.summary())
        assert status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        assert signature.signer_cert.subject.native["common_name"] == SIGNER


def test_an_issued_copy_without_trusted_certificates_is_still_the_registers(
    sealed: Sealed, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(sealed.folder / "elsewhere"))
    status, out = verify(sealed, capsys, str(sealed.folder / "PAR-1453_ru.pdf"))
    assert status == 0, out
    assert "but the signer is not among the certificates trusted here" in out


def test_a_stranger_ca_does_not_make_the_seal_valid(sealed: Sealed) -> None:
    data = (sealed.folder / "PAR-1453_en.pdf").read_bytes()
    stranger = trusted_certificates([sealed.ca.stranger_pem])
    assert check_signature(data, stranger).state is SignatureState.UNTRUSTED
    assert check_signature(data, trusted_certificates([sealed.ca.ca_pem])).state is (
        SignatureState.VALID
    )


def test_pdfa_before_signing_and_after(sealed: Sealed) -> None:
    for path in files(sealed):
        data = path.read_bytes()
        (unsigned_length, *_rest) = earlier_revisions(data)
        assert pdfa_findings(data[:unsigned_length]) == [], path.name
        # pikepdf's checker does not read forms; the signature adds nothing it finds wrong.
        assert [f for f in pdfa_findings(data) if "AcroForm" not in f] == [], path.name


def test_every_font_is_embedded_seal_box_included(sealed: Sealed) -> None:
    assert shutil.which("pdffonts"), "poppler-utils is installed by packaging/system-deps.sh"
    for path in files(sealed):
        listing = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing, path.name
        for line in listing:
            # name type encoding emb sub uni object ID: emb is the 4th column from the end
            assert line.split()[-5] == "yes", (path.name, line)


def test_the_register_keeps_the_signed_bytes(sealed: Sealed) -> None:
    record = sealed.register.load(sealed.note_id)
    for document in record.documents:
        stored = sealed.register.document(sealed.note_id, document.file_name)
        assert b"/ByteRange" in stored and b"/ETSI.CAdES.detached" in stored
    verdict = main(["--db", f"sqlite:///{sealed.path}", "verify"])
    assert verdict == 0


def test_verify_says_the_seal_is_valid(sealed: Sealed, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = verify(sealed, capsys, *map(str, files(sealed)))
    assert status == 0, out
    assert out.count(f"signature: valid, sealed by {SIGNER} on ") == 6


def test_one_changed_byte(
    sealed: Sealed, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = bytearray((sealed.folder / "PAR-1453_en.pdf").read_bytes())
    offset = len(data) // 4
    data[offset] ^= 0x01
    target = tmp_path / "PAR-1453_en.pdf"
    target.write_bytes(bytes(data))
    status, out = verify(sealed, capsys, str(target))
    assert status == 1
    assert f"1 byte changed, at offset {offset}" in out
    assert "signature: INVALID — it does not match the file" in out


def test_one_changed_character(
    sealed: Sealed, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "PAR-1453_ru.pdf"
    with pikepdf.open(sealed.folder / "PAR-1453_ru.pdf") as pdf:
        page = pdf.pages[0]
        instructions = pikepdf.parse_content_stream(page)
        for index, (operands, operator) in enumerate(instructions):
            if str(operator) == "Tj" and len(bytes(operands[0])) > 12:
                text = bytearray(bytes(operands[0]))
                text[5] = text[5] + 1 if text[5] < 0xFE else text[5] - 1
                instructions[index] = pikepdf.ContentStreamInstruction(
                    [pikepdf.String(bytes(text))], operator
                )
                break
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        pdf.save(target)
    status, out = verify(sealed, capsys, str(target))
    assert status == 1
    assert "page 1: the text “" in out
    assert "signature: valid" not in out


def test_an_appended_incremental_update(
    sealed: Sealed, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = sealed.folder / "PAR-1453_kk.pdf"
    writer = PdfWriter(source, incremental=True)
    writer.add_metadata({"/Subject": "changed after the seal"})
    buffer = io.BytesIO()
    writer.write(buffer)
    target = tmp_path / "PAR-1453_kk.pdf"
    target.write_bytes(buffer.getvalue())
    status, out = verify(sealed, capsys, str(target))
    assert status == 1
    assert "an incremental update of" in out and "was appended after the issued file" in out
    assert f"signature: by {SIGNER}, but the file was changed after it was sealed" in out


def test_a_wrong_password_or_a_missing_key_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = make_test_ca(tmp_path / "ca")
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("VERBALE_SECRET_SIGNING_KEY", raising=False)
    write_profile(tmp_path / "config", ca)
    config = seal_config("cica-secretariat")
    assert config is not None and config.pkcs12 == ca.pkcs12 and config.visible
    with pytest.raises(SealError, match="does not open with this password"):
        seal_for("cica-secretariat", lambda _config: "wrong")
    with pytest.raises(SealError, match="needs its password; nothing was issued"):
        seal_for("cica-secretariat", lambda _config: None)
    assert seal_for("cica-secretariat", lambda _config: ca.password) is not None
    ca.pkcs12.unlink()
    with pytest.raises(SealError, match="cannot be read from"):
        seal_for("cica-secretariat", lambda _config: ca.password)
    assert seal_for("no-such-sender", lambda _config: None) is None


def test_with_a_timestamp_the_seal_is_pades_b_t(sealed: Sealed) -> None:
    from asn1crypto import keys, x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    config = seal_config("cica-secretariat")
    assert config is not None
    authority = DummyTimeStamper(
        x509.Certificate.load(sealed.ca.tsa_cert_der),
        keys.PrivateKeyInfo.load(sealed.ca.tsa_key_der),
    )
    seal = open_seal(config, sealed.ca.password, timestamper=authority)
    assert seal.level == "B-T"
    signed = seal.sign(unsigned(sealed))
    check = check_signature(signed, trusted_certificates([sealed.ca.ca_pem]))
    assert check.state is SignatureState.VALID and check.timestamped, check.detail


def unsigned(sealed: Sealed) -> bytes:
    """The English version as it was before the seal (the file's first revision)."""
    data = (sealed.folder / "PAR-1453_en.pdf").read_bytes()
    return data[: earlier_revisions(data)[0]]


def test_the_command_line_issues_sealed(
    sealed: Sealed, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    people = {user.login: user for user in list_users(sealed.register)}
    workflow = WorkflowService(sealed.register, clock=lambda: NOW, holidays=())
    note_id = workflow.save_draft(people["dora"], the_note())
    workflow.submit(people["dora"], note_id)
    workflow.approve(people["anna"], note_id)
    monkeypatch.setenv("VERBALE_USER", "greg")
    monkeypatch.setenv("VERBALE_PASSWORD", PASSWORD)
    status = main(["--db", f"sqlite:///{sealed.path}", "note", "issue", str(note_id)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"the PDFs are sealed by {SIGNER} (PAdES B-B)" in out
    stored = sealed.register.load(note_id).documents[0]
    data = sealed.register.document(note_id, stored.file_name)
    assert check_signature(data, trusted_certificates([sealed.ca.ca_pem])).state is (
        SignatureState.VALID
    )
