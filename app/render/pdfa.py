"""PDF/A-2b for every PDF Verbale writes: XMP metadata, the sRGB output intent, and a check.

ReportLab writes PDF 1.4 with a document information dictionary only, an empty page /Trans and
no output intent. pikepdf's `pikepdf.pdfa` module prepares such a file for PDF/A (output intent,
XMP packet declaring the conformance, DocInfo mirrored into XMP) and validates what it wrote;
this module supplies what pikepdf cannot know: the title, the language, the author and the dates.
Every font must already be embedded (app.render.fonts; every document template and table names
the embedded face, so no Helvetica is ever referenced).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

import pikepdf
from pikepdf import pdfa

from app import __version__

FLAVOUR = "2b"


@dataclass(frozen=True)
class DocumentMetadata:
    """What the metadata of one written PDF says about it."""

    title: str
    #: The languages of the text, first the main one (BCP 47: en, ru, kk).
    languages: tuple[str, ...]
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    #: When the document was made (issued); naive means UTC. None: now.
    created: dt.datetime | None = None
    #: Further entries of the document information dictionary, e.g. {"VerbaleCode": "K7QX-93MD"}:
    #: plain text a reader of the file (and `verbale verify`) finds without parsing XMP.
    stamp: Mapping[str, str] = field(default_factory=dict)


def _aware(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.replace(microsecond=0)


def describe(pdf: pikepdf.Pdf, metadata: DocumentMetadata) -> None:
    """Write `metadata` into the open document (XMP and DocInfo) and drop empty /Trans."""
    for page in pdf.pages:
        # ReportLab writes an empty transition dictionary on every page; PDF/A has no use for it.
        transition = page.obj.get("/Trans")
        if isinstance(transition, pikepdf.Dictionary) and not transition.keys():
            del page.obj["/Trans"]
    languages = metadata.languages or ("en",)
    pdf.Root.Lang = pikepdf.String(languages[0])
    created = _aware(metadata.created).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = metadata.title
        xmp["dc:language"] = list(languages)
        if metadata.author:
            xmp["dc:creator"] = [metadata.author]
        if metadata.subject:
            xmp["dc:description"] = metadata.subject
        if metadata.keywords:
            xmp["pdf:Keywords"] = "; ".join(metadata.keywords)
        xmp["xmp:CreatorTool"] = f"Verbale {__version__}"
        xmp["xmp:CreateDate"] = created
        xmp["xmp:ModifyDate"] = created
    for key, value in metadata.stamp.items():
        pdf.docinfo[pikepdf.Name(f"/{key}")] = pikepdf.String(value)


def save_archival(pdf: pikepdf.Pdf) -> bytes:
    """The open document (described first) prepared for PDF/A-2b and saved as such."""
    pdfa.prepare(pdf, FLAVOUR)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["pdf:Producer"] = f"Verbale {__version__} (ReportLab, pikepdf {pikepdf.__version__})"
    buffer = io.BytesIO()
    pdf.save(buffer, **pdfa.resolve_save_kwargs(pdfa.Flavour(FLAVOUR)))
    return buffer.getvalue()


def archival_pdf(data: bytes, metadata: DocumentMetadata) -> bytes:
    """`data` (a PDF whose fonts are all embedded) as PDF/A-2b described by `metadata`."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        describe(pdf, metadata)
        return save_archival(pdf)


def pdfa_findings(data: bytes) -> list[str]:
    """What keeps `data` from being PDF/A-2b, one sentence each (empty when it conforms)."""
    report = pdfa.validate_written(io.BytesIO(data), FLAVOUR)
    return [str(finding) for finding in report.findings]
