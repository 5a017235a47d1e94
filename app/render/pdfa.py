"""PDF/A-2b for every PDF Verbale writes: XMP metadata, the sRGB output intent, and a check.

ReportLab writes PDF 1.4 with a document information dictionary only, an empty page /Trans and
no output intent. For such a file (and only such: every font embedded, no annotations, no
interpolated images, no JavaScript) PDF/A-2b needs little, and this module does it with
pikepdf's core: the sRGB output intent (resources/color/sRGB.icc), the XMP packet describing the
document and declaring the conformance, DocInfo mirrored from it (pikepdf's metadata editor),
saved with PDF/A's constraints kept. pikepdf's general `pikepdf.pdfa` preparer would do the same
but costs a cold render ~300 ms of imports (fontTools, jsonschema...); it is imported only to
validate (`pdfa_findings`), and tests/render/test_pdfa.py holds that `pdfa.prepare` finds
nothing left to change in what this module writes. Every font must already be embedded
(app.render.fonts; every document template and table names the embedded face).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import pikepdf

from app import __version__
from app.paths import resources_dir

FLAVOUR = "2b"
#: The output intent's condition and the profile it names (sRGB IEC 61966-2.1).
OUTPUT_CONDITION = "sRGB"


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
        # The PDF/A declaration in the same pass (each pass parses and writes the XMP anew).
        xmp["xmp:MetadataDate"] = dt.datetime.now(dt.UTC).isoformat()
        xmp["pdf:Producer"] = f"Verbale {__version__} (ReportLab, pikepdf {pikepdf.__version__})"
        xmp["pdfaid:part"] = FLAVOUR[0]
        xmp["pdfaid:conformance"] = FLAVOUR[1].upper()
    for key, value in metadata.stamp.items():
        pdf.docinfo[pikepdf.Name(f"/{key}")] = pikepdf.String(value)


@cache
def _srgb_profile() -> bytes:
    return (resources_dir() / "color" / "sRGB.icc").read_bytes()


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    """The sRGB PDF/A output intent, the document's only one."""
    profile = pikepdf.Stream(pdf, _srgb_profile())
    profile[pikepdf.Name.N] = 3
    intent = pikepdf.Dictionary(
        {
            "/Type": pikepdf.Name.OutputIntent,
            "/S": pikepdf.Name("/GTS_PDFA1"),
            "/OutputConditionIdentifier": pikepdf.String(OUTPUT_CONDITION),
            "/Info": pikepdf.String(OUTPUT_CONDITION),
            "/DestOutputProfile": profile,
        }
    )
    pdf.Root[pikepdf.Name.OutputIntents] = pikepdf.Array([pdf.make_indirect(intent)])


def save_archival(pdf: pikepdf.Pdf) -> bytes:
    """The open document (`describe`d first: its XMP declares PDF/A-2b) with the PDF/A output
    intent, saved as PDF/A."""
    _add_output_intent(pdf)
    buffer = io.BytesIO()
    # As pikepdf.pdfa.resolve_save_kwargs pins them for PDF/A-2: the PDF/A constraints kept,
    # no encryption, the content and the XMP packet left as written; but streams ReportLab has
    # already compressed are copied as they are rather than inflated and deflated again (the same
    # bytes, a few milliseconds of every file a cold render writes).
    pdf.save(
        buffer,
        preserve_pdfa=True,
        encryption=None,
        qdf=False,
        normalize_content=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        fix_metadata_version=False,
    )
    return buffer.getvalue()


def archival_pdf(data: bytes, metadata: DocumentMetadata) -> bytes:
    """`data` (a PDF whose fonts are all embedded) as PDF/A-2b described by `metadata`."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        describe(pdf, metadata)
        return save_archival(pdf)


def pdfa_findings(data: bytes) -> list[str]:
    """What keeps `data` from being PDF/A-2b, one sentence each (empty when it conforms)."""
    from pikepdf import pdfa  # the validator: slow to import, and no render needs it

    report = pdfa.validate_written(io.BytesIO(data), FLAVOUR)
    return [str(finding) for finding in report.findings]
