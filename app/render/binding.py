"""Binding PDFs into one: the combined parallel volume of a note and its enclosures, PDF/A like
every file (see app.render.pdfa). The parts ReportLab wrote in this process are reassembled by
app.render.pdf_assembly; any other part sends the whole binding through pikepdf."""

from __future__ import annotations

from collections.abc import Sequence

from app.render.pdf_assembly import assemble, read_classic
from app.render.pdfa import DocumentMetadata, assemble_archival, information


def bind_pdfs(
    parts: Sequence[bytes], metadata: DocumentMetadata, *, archival: bool = True
) -> bytes:
    """One PDF holding every page of `parts` in order (the combined parallel volume); PDF/A-2b
    described by `metadata` unless `archival` is False (then only the title and author)."""
    if not parts:
        raise ValueError("nothing to bind: no PDF given")
    parsed = [read_classic(part) for part in parts]
    classic = [part for part in parsed if part is not None]
    if len(classic) == len(parts):
        try:
            if archival:
                return assemble_archival(classic, metadata)
            return assemble(classic, information(metadata, None))
        except KeyError:
            pass
    from app.render.pdfa_pikepdf import bind_with_pikepdf

    return bind_with_pikepdf(parts, metadata, archival=archival)
