"""PDF/A-2b through pikepdf, for a PDF that app.render.pdf_assembly cannot take apart (not in
ReportLab's plain layout): the same XMP packet, document information and sRGB output intent as
app.render.pdfa writes itself, done with pikepdf's core (its general `pikepdf.pdfa` preparer
costs ~300 ms of imports). Imported only when such a file comes; a cold render never needs it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pikepdf

from app import __version__
from app.render.pdfa import (
    FLAVOUR,
    OUTPUT_CONDITION,
    PRODUCER,
    DocumentMetadata,
    aware,
    srgb_profile,
)


def describe(pdf: pikepdf.Pdf, metadata: DocumentMetadata) -> None:
    """Write `metadata` into the open document (XMP and DocInfo) and drop empty /Trans."""
    for page in pdf.pages:
        # ReportLab writes an empty transition dictionary on every page; PDF/A has no use for it.
        transition = page.obj.get("/Trans")
        if isinstance(transition, pikepdf.Dictionary) and not transition.keys():
            del page.obj["/Trans"]
    languages = metadata.languages or ("en",)
    pdf.Root.Lang = pikepdf.String(languages[0])
    created = aware(metadata.created).isoformat()
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
        xmp["pdf:Producer"] = f"{PRODUCER}, pikepdf {pikepdf.__version__}"
        xmp["pdfaid:part"] = FLAVOUR[0]
        xmp["pdfaid:conformance"] = FLAVOUR[1].upper()
    for key, value in metadata.stamp.items():
        pdf.docinfo[pikepdf.Name(f"/{key}")] = pikepdf.String(value)


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    """The sRGB PDF/A output intent, the document's only one."""
    profile = pikepdf.Stream(pdf, srgb_profile())
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


def archival_with_pikepdf(data: bytes, metadata: DocumentMetadata) -> bytes:
    """`data` (a PDF whose fonts are all embedded) as PDF/A-2b described by `metadata`."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        describe(pdf, metadata)
        return save_archival(pdf)


def bind_with_pikepdf(
    parts: Sequence[bytes], metadata: DocumentMetadata, *, archival: bool = True
) -> bytes:
    """`app.render.binding.bind_pdfs` for parts not in ReportLab's plain layout."""
    opened = [pikepdf.open(io.BytesIO(part)) for part in parts]
    try:
        with pikepdf.new() as combined:
            for source in opened:
                combined.pages.extend(source.pages)
            if archival:
                describe(combined, metadata)
                return save_archival(combined)
            combined.docinfo["/Title"] = pikepdf.String(metadata.title)
            combined.docinfo["/Author"] = pikepdf.String(metadata.author)
            combined.docinfo["/Creator"] = pikepdf.String(f"Verbale {__version__}")
            buffer = io.BytesIO()
            combined.save(buffer)
            return buffer.getvalue()
    finally:
        for source in opened:
            source.close()
