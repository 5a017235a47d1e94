"""Every PDF Verbale writes is PDF/A-2b: the files of №PAR/1453, a plan on its own, the journal.

Checked as a stranger would: pikepdf's PDF/A validator on the written bytes (0 findings) and
poppler's `pdffonts` (every font embedded, no Helvetica), and the metadata a reader sees."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from app.cli import main as cli_main
from app.render.binding import bind_pdfs
from app.render.journal_pdf import JournalRow, journal_pdf
from app.render.pdfa import DocumentMetadata, pdfa_findings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("par1453-pdfa")
    assert cli_main(["render", str(ROOT / "examples" / "par-1453.toml"), "--out", str(out)]) == 0
    return out


def fonts_listed(path: Path) -> list[tuple[str, str]]:
    """(font name, "yes"/"no" embedded) for every font poppler's pdffonts lists."""
    assert shutil.which("pdffonts"), "poppler-utils is installed by packaging/system-deps.sh"
    output = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout
    rows = output.splitlines()[2:]
    # Columns: name type encoding emb sub uni object ID; the type may hold a space.
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def test_every_file_of_the_reference_note_is_pdfa_2b(rendered: Path) -> None:
    files = sorted(rendered.glob("*.pdf"))
    assert len(files) == 6  # en, ru, kk, the plan in en and ru, the combined volume
    for path in files:
        assert pdfa_findings(path.read_bytes()) == [], path.name


def test_pdffonts_lists_only_embedded_fonts(rendered: Path) -> None:
    for path in sorted(rendered.glob("*.pdf")):
        listed = fonts_listed(path)
        assert listed, path.name
        assert all(embedded == "yes" for _, embedded in listed), (path.name, listed)
        assert not any("Helvetica" in name for name, _ in listed), path.name


def test_metadata_names_the_note_its_subject_and_language(rendered: Path) -> None:
    with pikepdf.open(rendered / "PAR-1453_ru.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"].startswith("Note verbale №PAR/1453 (ru) — Draft Action Plan")
        assert meta["dc:language"] == {"ru"}
        assert str(pdf.Root.Lang) == "ru"
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["xmp:CreatorTool"].startswith("Verbale ")
        assert "АЗИИ" in meta["dc:creator"][0]  # the sender as it signs in Russian
        assert "/OutputIntents" in pdf.Root
        assert all("/Trans" not in page.obj for page in pdf.pages)
    with pikepdf.open(rendered / "PAR-1453_all.pdf") as pdf:
        assert pdf.open_metadata()["dc:language"] == {"en", "ru", "kk"}
        assert len(pdf.pages) == 7  # three notes and two plans of two pages each


def test_a_plan_rendered_alone_and_the_journal_are_pdfa(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    plan_csv = ROOT / "examples" / "par-1453-plan.csv"
    assert cli_main(["plan", "render", str(plan_csv), "--out", str(out)]) == 0
    written = sorted(out.glob("*.pdf"))
    assert [path.name for path in written] == ["par-1453-plan_en.pdf", "par-1453-plan_ru.pdf"]
    for path in written:
        assert pdfa_findings(path.read_bytes()) == [], path.name
        assert all(embedded == "yes" for _, embedded in fonts_listed(path))
    rows = [JournalRow("PAR/1453", dt.date(2023, 11, 29), "Азия Кеңесі", "Жоспар", "issued")]
    journal = tmp_path / "journal.pdf"
    journal.write_bytes(journal_pdf(rows, "kk"))
    assert pdfa_findings(journal.read_bytes()) == []
    assert all(embedded == "yes" for _, embedded in fonts_listed(journal))


def test_binding_keeps_pdfa_and_refuses_nothing_to_bind(rendered: Path) -> None:
    parts = [(rendered / f"PAR-1453_{code}.pdf").read_bytes() for code in ("en", "kk")]
    bound = bind_pdfs(parts, DocumentMetadata("Two versions", ("en", "kk")))
    assert pdfa_findings(bound) == []
    with pikepdf.open(io.BytesIO(bound)) as pdf:
        assert len(pdf.pages) == 2
    with pytest.raises(ValueError, match="nothing to bind"):
        bind_pdfs([], DocumentMetadata("Nothing", ("en",)))


def test_a_pdf_that_is_not_pdfa_is_told_so() -> None:
    # A file as ReportLab writes it by default: unembedded Helvetica, no metadata, no intent.
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "plain")
    canvas.save()
    findings = pdfa_findings(buffer.getvalue())
    assert any("no /Metadata stream" in finding for finding in findings)


def test_pikepdfs_own_preparer_finds_nothing_left_to_do(rendered: Path) -> None:
    """Verbale prepares its files without pikepdf.pdfa (slow to import); pikepdf's preparer run
    on them again changes nothing but its own producer mark and date."""
    from pikepdf import pdfa

    for path in sorted(rendered.glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            result = pdfa.prepare(pdf, "2b")
            assert not result.changed, (path.name, result.describe())
            assert result.output_intent == "RGB"


def test_the_output_intent_profile_is_pikepdfs_srgb() -> None:
    shipped = Path(pikepdf.__file__).parent / "pdfa" / "data" / "sRGB.icc"
    assert (ROOT / "resources" / "color" / "sRGB.icc").read_bytes() == shipped.read_bytes()


def test_a_render_imports_no_pdfa_preparer(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from app.cli import main\n"
        f"status = main(['render', {str(ROOT / 'examples' / 'par-1453.toml')!r},"
        f" '--out', {str(tmp_path)!r}])\n"
        "print('pikepdf.pdfa' in sys.modules, 'pikepdf' in sys.modules)\n"
        "raise SystemExit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    # Nor pikepdf at all: Verbale writes PDF/A around ReportLab's pages itself.
    assert result.stdout.split()[-2:] == ["False", "False"]
    assert pdfa_findings((tmp_path / "PAR-1453_all.pdf").read_bytes()) == []
