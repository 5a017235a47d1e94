"""Binding PDFs into one: the combined parallel volume of a note and its enclosures (pikepdf,
which copies pages with their resources and keeps the result PDF/A; see app.render.pdfa)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf

from app import __version__
from app.render.pdfa import DocumentMetadata, describe, save_archival


def bind_pdfs(
    parts: Sequence[bytes], metadata: DocumentMetadata, *, archival: bool = True
) -> bytes:
    """One PDF holding every page of `parts` in order (the combined parallel volume); PDF/A-2b
    described by `metadata` unless `archival` is False (then only the title and author)."""
    if not parts:
        raise ValueError("nothing to bind: no PDF given")
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
