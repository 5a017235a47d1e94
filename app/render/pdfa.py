"""PDF/A-2b for every PDF Verbale writes: XMP metadata, the sRGB output intent, and a check.

ReportLab writes PDF 1.4 with a document information dictionary only, an empty page /Trans and
no output intent. For such a file (and only such: every font embedded, no annotations, no
interpolated images, no JavaScript) PDF/A-2b needs little: the sRGB output intent
(resources/color/sRGB.icc), the XMP packet describing the document and declaring the
conformance, the document information dictionary saying the same, and an /ID. This module writes
them itself around the pages ReportLab wrote (app.render.pdf_assembly), so that a cold render
imports no PDF library; a file not in ReportLab's plain layout goes through pikepdf instead
(app.render.pdfa_pikepdf, the same packet and intent). pikepdf's `pikepdf.pdfa` validates
(`pdfa_findings`), and tests/render/test_pdfa.py holds that its preparer finds nothing left to
change in what this module writes. Every font must already be embedded (app.render.fonts; every
document template and table names the embedded face).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from app import __version__
from app.paths import resources_dir
from app.render.pdf_assembly import (
    ClassicPdf,
    assemble,
    pdf_dictionary,
    pdf_name,
    pdf_stream,
    pdf_text,
    read_classic,
)

FLAVOUR = "2b"
#: The output intent's condition and the profile it names (sRGB IEC 61966-2.1).
OUTPUT_CONDITION = "sRGB"
PRODUCER = f"Verbale {__version__} (ReportLab)"


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


def aware(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.replace(microsecond=0)


@cache
def srgb_profile() -> bytes:
    return (resources_dir() / "color" / "sRGB.icc").read_bytes()


@cache
def _compressed_profile() -> bytes:
    return zlib.compress(srgb_profile())


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_packet(metadata: DocumentMetadata, created: dt.datetime) -> bytes:
    """The XMP packet of a document: what its information dictionary says, and PDF/A-2b."""
    languages = metadata.languages or ("en",)
    stamp = created.isoformat()
    items = [
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xml(metadata.title)}</rdf:li>'
        "</rdf:Alt></dc:title>",
        "<dc:language><rdf:Bag>"
        + "".join(f"<rdf:li>{_xml(code)}</rdf:li>" for code in languages)
        + "</rdf:Bag></dc:language>",
    ]
    if metadata.author:
        items.append(
            f"<dc:creator><rdf:Seq><rdf:li>{_xml(metadata.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if metadata.subject:
        items.append(
            '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{_xml(metadata.subject)}</rdf:li></rdf:Alt></dc:description>"
        )
    if metadata.keywords:
        items.append(f"<pdf:Keywords>{_xml('; '.join(metadata.keywords))}</pdf:Keywords>")
    items += [
        f"<pdf:Producer>{_xml(PRODUCER)}</pdf:Producer>",
        f"<xmp:CreatorTool>Verbale {_xml(__version__)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
        f"<pdfaid:part>{FLAVOUR[0]}</pdfaid:part>",
        f"<pdfaid:conformance>{FLAVOUR[1].upper()}</pdfaid:conformance>",
    ]
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
        + "\n".join(items)
        + "\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _pdf_date(moment: dt.datetime) -> bytes:
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return pdf_text(f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{minutes:02d}'")


def information(metadata: DocumentMetadata, created: dt.datetime | None) -> bytes:
    """The document information dictionary: with `created`, all the XMP packet says (PDF/A
    wants both to agree) and the stamp; without, only title, author and creator."""
    entries = {"Title": pdf_text(metadata.title), "Author": pdf_text(metadata.author)}
    entries["Creator"] = pdf_text(f"Verbale {__version__}")
    if created is not None:
        if not metadata.author:
            del entries["Author"]
        if metadata.subject:
            entries["Subject"] = pdf_text(metadata.subject)
        if metadata.keywords:
            entries["Keywords"] = pdf_text("; ".join(metadata.keywords))
        entries["Producer"] = pdf_text(PRODUCER)
        entries["CreationDate"] = entries["ModDate"] = _pdf_date(created)
        for key, value in metadata.stamp.items():
            pdf_name(key)
            entries[key] = pdf_text(value)
    return pdf_dictionary(entries)


def assemble_archival(parts: list[ClassicPdf], metadata: DocumentMetadata) -> bytes:
    """The pages of `parts` as one PDF/A-2b file described by `metadata`."""
    created = aware(metadata.created)
    language = (metadata.languages or ("en",))[0]

    def extras(first: int) -> tuple[dict[int, bytes], bytes]:
        xmp, intent, profile = first, first + 1, first + 2
        objects = {
            xmp: pdf_stream(
                {"Type": b"/Metadata", "Subtype": b"/XML"}, xmp_packet(metadata, created)
            ),
            intent: pdf_dictionary(
                {
                    "Type": b"/OutputIntent",
                    "S": b"/GTS_PDFA1",
                    "OutputConditionIdentifier": pdf_text(OUTPUT_CONDITION),
                    "Info": pdf_text(OUTPUT_CONDITION),
                    "DestOutputProfile": b"%d 0 R" % profile,
                }
            ),
            profile: pdf_stream({"N": b"3", "Filter": b"/FlateDecode"}, _compressed_profile()),
        }
        entries = b" /Lang %s /Metadata %d 0 R /OutputIntents [ %d 0 R ]" % (
            pdf_text(language),
            xmp,
            intent,
        )
        return objects, entries

    return assemble(parts, information(metadata, created), extras)


def archival_pdf(data: bytes, metadata: DocumentMetadata) -> bytes:
    """`data` (a PDF whose fonts are all embedded) as PDF/A-2b described by `metadata`."""
    parsed = read_classic(data)
    if parsed is not None:
        try:
            return assemble_archival([parsed], metadata)
        except KeyError:
            pass
    from app.render.pdfa_pikepdf import archival_with_pikepdf

    return archival_with_pikepdf(data, metadata)


def pdfa_findings(data: bytes) -> list[str]:
    """What keeps `data` from being PDF/A-2b, one sentence each (empty when it conforms)."""
    import io

    from pikepdf import pdfa  # the validator: slow to import, and no render needs it

    report = pdfa.validate_written(io.BytesIO(data), FLAVOUR)
    return [str(finding) for finding in report.findings]
