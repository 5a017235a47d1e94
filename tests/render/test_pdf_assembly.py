"""Verbale writes PDF/A around ReportLab's pages itself (app.render.pdf_assembly); a file in any
other layout goes through pikepdf and comes out PDF/A all the same. Checked on the written bytes
with pikepdf's validator and poppler's pdftotext, as a reader of the files would."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from app.render.binding import bind_pdfs
from app.render.fonts import serif_family
from app.render.pdf_assembly import read_classic
from app.render.pdfa import DocumentMetadata, archival_pdf, pdfa_findings

METADATA = DocumentMetadata(
    title="Note (draft) №PAR/1453 \\ «проект»",
    languages=("ru", "en"),
    author="СЕКРЕТАРИАТ СВМДА",
    subject="Plan <CICA & SCO>",
    keywords=("note verbale", "№PAR/1453"),
    created=dt.datetime(2023, 11, 29, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
    stamp={"VerbaleCode": "K7QX-93MD"},
)


def page(text: str, size: tuple[float, float] = A4) -> bytes:
    """One page as ReportLab writes it, in the embedded face Verbale uses."""
    face = serif_family().regular
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, initialFontName=face)
    canvas.setFont(face, 12)
    canvas.drawString(72, size[1] - 72, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def text_of(data: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is installed by packaging/system-deps.sh"
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_a_reportlab_file_becomes_pdfa_with_its_metadata(tmp_path: Path) -> None:
    data = page("Нота вербальная (проект)")
    assert read_classic(data) is not None  # written without pikepdf
    archived = archival_pdf(data, METADATA)
    assert pdfa_findings(archived) == []
    assert archived == archival_pdf(data, METADATA)  # the same input, the same bytes
    assert "Нота вербальная (проект)" in text_of(archived, tmp_path)
    with pikepdf.open(io.BytesIO(archived)) as pdf:
        assert str(pdf.docinfo["/Title"]) == METADATA.title
        assert str(pdf.docinfo["/VerbaleCode"]) == "K7QX-93MD"
        assert str(pdf.docinfo["/CreationDate"]) == "D:20231129103000+05'00'"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == METADATA.title
        assert meta["dc:description"] == "Plan <CICA & SCO>"
        assert meta["dc:creator"] == ["СЕКРЕТАРИАТ СВМДА"]
        assert meta["pdf:Keywords"] == "note verbale; №PAR/1453"
        assert str(pdf.Root.Lang) == "ru"
        assert all("/Trans" not in each.obj for each in pdf.pages)


def test_binding_keeps_the_pages_in_order_with_their_sizes(tmp_path: Path) -> None:
    parts = [page("first page"), page("second page", landscape(A4)), page("third page")]
    bound = bind_pdfs(parts, METADATA)
    assert pdfa_findings(bound) == []
    text = text_of(bound, tmp_path)
    assert text.index("first page") < text.index("second page") < text.index("third page")
    with pikepdf.open(io.BytesIO(bound)) as pdf:
        assert [round(float(each.mediabox[2])) for each in pdf.pages] == [595, 842, 595]
    plain = bind_pdfs(parts, METADATA, archival=False)
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        assert len(pdf.pages) == 3
        assert "/Metadata" not in pdf.Root
        assert str(pdf.docinfo["/Author"]) == METADATA.author


@pytest.mark.parametrize("binding", [False, True])
@pytest.mark.parametrize(
    "streams",
    # Object streams and a cross-reference stream; or the plain layout, but written by another.
    [pikepdf.ObjectStreamMode.generate, pikepdf.ObjectStreamMode.disable],
)
def test_a_file_reportlab_did_not_write_goes_through_pikepdf(
    binding: bool, streams: pikepdf.ObjectStreamMode, tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(page("written by pikepdf"))) as pdf:
        pdf.save(buffer, object_stream_mode=streams)
    other = buffer.getvalue()
    assert read_classic(other) is None
    if binding:
        result = bind_pdfs([page("plain layout"), other], METADATA)
    else:
        result = archival_pdf(other, METADATA)
    assert pdfa_findings(result) == []
    assert "written by pikepdf" in text_of(result, tmp_path)
    with pikepdf.open(io.BytesIO(result)) as pdf:
        assert pdf.open_metadata()["dc:title"] == METADATA.title
        assert len(pdf.pages) == (2 if binding else 1)
