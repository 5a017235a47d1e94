"""The mark at the foot of every page: an issued document's verification line and QR code, or
a draft's "DRAFT — not issued".

Issued: `Verify: PAR/1453 · K7QX-93MD` in the document's language at the left of the bottom
margin, and at its right a QR code (segno) holding the number, the code, the SHA-256 of the
document's text and the audit chain head at issue (app.domain.verification.QrPayload). The QR is
drawn as vector squares, so it prints sharp and keeps the file PDF/A. Drafts and previews carry a
diagonal "DRAFT — not issued" across the page (half transparent, so the text under it stays
legible) and the same words where the code would be. Both live in the bottom margin, below the
page's frame, so they never cover the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.number import NoteNumber
from app.domain.plan import Item, Plan, Section
from app.domain.verification import IssueMark, QrPayload
from app.render.fonts import serif_family

#: The QR code's side; its lowest edge sits this far above the paper's edge.
QR_SIZE = 16 * mm
QR_BOTTOM = 3 * mm
FOOTER_SIZE = 8.5

_VERIFY = {"en": "Verify", "ru": "Проверка", "kk": "Тексеру"}
_DRAFT = {"en": "DRAFT — not issued", "ru": "ПРОЕКТ — не выпущен", "kk": "ЖОБА — шығарылмаған"}
_DRAFT_GREY = Color(0.55, 0.1, 0.1)


def content_digest(text: str) -> str:
    """The SHA-256 (hex) of a document's text as printed: what its QR code carries (a file
    cannot hold its own hash; the register keeps the file's SHA-256 and `verify` checks it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_text(plan: Plan, language: str) -> str:
    """A plan's text in one language, top to bottom, one piece a line (for `content_digest`)."""
    lines = [plan.title.get(language, "")]
    for signatory in plan.signatories:
        lines += [
            signatory.heading(language),
            signatory.names.get(language, ""),
            signatory.titles.get(language, ""),
        ]
    lines += [block.text(language) for block in plan.preamble]
    lines += [plan.number_column.header(language)]
    lines += [column.headers.get(language, "") for column in plan.columns]
    for row, number in zip(plan.rows, plan.numbers(), strict=False):
        if isinstance(row, Section):
            lines.append(f"{number} {row.title(language)}".strip())
        elif isinstance(row, Item):
            cells = [row.cells[key].text(language) for key in row.cells]
            lines.append("\t".join([number, *cells]))
    return "\n".join(lines)


@dataclass(frozen=True)
class PageMark:
    """What one document prints at the foot of each page (built by `issued_mark`/`draft_mark`)."""

    language: str
    #: The verification line, or None on a draft.
    footer: str | None = None
    #: The QR code's text, or None on a draft.
    qr_text: str | None = None
    #: The SHA-256 of the document's text (issued only; the QR holds its first 16 digits).
    digest: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.footer is None

    def draw(self, canvas: Canvas, left: float, right: float) -> None:
        """Draw into the bottom margin of the current page, between `left` and `right` (the
        frame's edges); called after the page's content."""
        canvas.saveState()
        if self.is_draft:
            self._draw_draft(canvas, left, right)
        else:
            self._draw_issued(canvas, left, right)
        canvas.restoreState()

    def _draw_issued(self, canvas: Canvas, left: float, right: float) -> None:
        assert self.footer is not None and self.qr_text is not None
        canvas.setFillColor(Color(0, 0, 0))
        canvas.setFont(serif_family().regular, FOOTER_SIZE)
        canvas.drawString(left, QR_BOTTOM + QR_SIZE / 2 - FOOTER_SIZE / 3, self.footer)
        draw_qr(canvas, self.qr_text, right - QR_SIZE, QR_BOTTOM, QR_SIZE)

    def _draw_draft(self, canvas: Canvas, left: float, right: float) -> None:
        text = _DRAFT.get(self.language, _DRAFT["en"])
        width, height = canvas._pagesize
        family = serif_family()
        canvas.setFillColor(_DRAFT_GREY)
        canvas.setFont(family.bold, 11)
        canvas.drawRightString(right, QR_BOTTOM + QR_SIZE / 2 - 4, text)
        canvas.setFillAlpha(0.13)
        canvas.setFont(family.bold, 54)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45 if height > width else 30)
        canvas.drawCentredString(0, -18, text)


def verification_line(number: NoteNumber, mark: IssueMark, language: str) -> str:
    """`Verify: PAR/1453 · K7QX-93MD` in `language`, as the foot of every page prints it."""
    label = _VERIFY.get(language, _VERIFY["en"])
    return f"{label}: {number.code} · {mark.code}"


def issued_mark(number: NoteNumber, mark: IssueMark, language: str, document_text: str) -> PageMark:
    """The mark of one issued document in `language` whose printed text is `document_text`."""
    digest = content_digest(document_text)
    payload = QrPayload(number.code, mark.code, digest, mark.chain_head)
    return PageMark(
        language=language,
        footer=verification_line(number, mark, language),
        qr_text=payload.text(),
        digest=digest,
    )


def draft_mark(language: str) -> PageMark:
    return PageMark(language=language)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """`text` as a QR code (error correction M) filling a `size` square at (x, y), quiet zone
    included; upper-case text of the QR alphanumeric set makes the smallest code."""
    import segno  # only issued documents carry a QR code: a draft's render does without it

    qr = segno.make_qr(text, error="m", boost_error=False)
    rows = [list(row) for row in qr.matrix]
    border = 2
    modules = len(rows) + 2 * border
    unit = size / modules
    canvas.setFillColor(Color(1, 1, 1))
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(Color(0, 0, 0))
    path = canvas.beginPath()
    for row_index, row in enumerate(rows):
        top = y + size - (row_index + border + 1) * unit
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + (start + border) * unit, top, (column - start) * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
