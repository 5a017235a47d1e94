"""ReportLab layout of notes verbales: A4, letterhead, number, body, place and date, foot block."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from app import __version__
from app.render.composition import ComposedNote, markup
from app.render.fonts import FontFamily, serif_family
from app.render.verification_mark import PageMark

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGINS = {"left": 3 * cm, "right": 1.5 * cm, "top": 2 * cm, "bottom": 2 * cm}
BODY_SIZE = 14


@dataclass(frozen=True)
class NoteStyles:
    letterhead: ParagraphStyle
    number: ParagraphStyle
    enclosure: ParagraphStyle
    body: ParagraphStyle
    place: ParagraphStyle
    foot: ParagraphStyle
    page_number: str


def note_styles(family: FontFamily) -> NoteStyles:
    base = ParagraphStyle(
        "note", fontName=family.regular, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.2
    )
    return NoteStyles(
        letterhead=ParagraphStyle(
            "letterhead",
            parent=base,
            fontName=family.bold,
            fontSize=12,
            leading=14,
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
        number=ParagraphStyle("number", parent=base, spaceBefore=8, spaceAfter=10),
        enclosure=ParagraphStyle(
            "enclosure", parent=base, fontName=family.italic, fontSize=12, leading=14
        ),
        body=ParagraphStyle(
            "body",
            parent=base,
            alignment=TA_JUSTIFY,
            firstLineIndent=1.25 * cm,
            spaceAfter=8,
        ),
        place=ParagraphStyle("place", parent=base, spaceBefore=14, alignment=TA_LEFT),
        foot=ParagraphStyle("foot", parent=base, fontName=family.bold, leading=BODY_SIZE * 1.15),
        page_number=family.regular,
    )


class AtFootOfPage(Flowable):  # type: ignore[misc]
    """Sits at the foot of the page it lands on; moves to a new page when it does not fit."""

    def __init__(self, content: Flowable, gap: float = 24) -> None:
        super().__init__()
        self.content = content
        self.gap = gap
        self._content_height = 0.0
        self._available = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, self._content_height = self.content.wrap(available_width, available_height)
        needed = self._content_height + self.gap
        self._available = available_height
        return available_width, max(needed, available_height)

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, 0)


class LanguageSectionStart(Flowable):  # type: ignore[misc]
    """Marks where one language version begins, so page numbers restart with each version
    and its pages carry its own verification mark."""

    width = height = 0

    def __init__(self, mark: PageMark | None = None) -> None:
        super().__init__()
        self.mark = mark

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._verbale_section_start = self.canv.getPageNumber()
        self.canv._verbale_mark = self.mark


def note_story(
    note: ComposedNote,
    styles: NoteStyles,
    emblem: Path | None = None,
    mark: PageMark | None = None,
) -> list[Any]:
    """The flowables of one language version, top to bottom."""
    story: list[Any] = [LanguageSectionStart(mark)]
    if emblem is not None:
        story.append(Image(str(emblem), width=2.2 * cm, height=2.2 * cm, kind="proportional"))
        story.append(Spacer(1, 6))
    for block in note.letterhead:
        story.append(Paragraph("<br/>".join(markup(line) for line in block), styles.letterhead))
    story.append(Paragraph(markup(note.number), styles.number))
    if note.enclosure:
        story.append(
            Paragraph("<br/>".join(markup(line) for line in note.enclosure), styles.enclosure)
        )
        story.append(Spacer(1, 14))
    story.extend(Paragraph(paragraph, styles.body) for paragraph in note.paragraphs)
    story.append(KeepTogether([Paragraph(markup(note.place_and_date), styles.place)]))
    if note.foot:
        foot = Paragraph("<br/>".join(markup(line) for line in note.foot), styles.foot)
        story.append(AtFootOfPage(foot))
    return story


def _draw_page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """From the second page of a language version on, its page number at the top centre; on
    every page, the version's verification mark (or draft mark) in the bottom margin."""
    mark: PageMark | None = getattr(canvas, "_verbale_mark", None)
    if mark is not None:
        mark.draw(canvas, MARGINS["left"], PAGE_WIDTH - MARGINS["right"])
    start = getattr(canvas, "_verbale_section_start", 1)
    page_in_section = canvas.getPageNumber() - start + 1
    if page_in_section < 2:
        return
    canvas.saveState()
    canvas.setFont(doc.verbale_page_font, 11)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 1.2 * cm, f"– {page_in_section} –")
    canvas.restoreState()


def render_notes_pdf(
    notes: Sequence[ComposedNote],
    *,
    title: str,
    author: str,
    language: str,
    emblem: Path | None = None,
    marks: Sequence[PageMark] | None = None,
) -> bytes:
    """One PDF holding the given language versions in order, each starting on a new page;
    `marks` (one per version) go at the foot of each of its pages."""
    family = serif_family()
    styles = note_styles(family)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=title,
        author=author,
        subject="Note verbale",
        creator=f"Verbale {__version__}",
        producer=f"Verbale {__version__} (ReportLab)",
        lang=language,
        invariant=True,
        initialFontName=family.regular,
    )
    doc.verbale_page_font = styles.page_number
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
    )
    doc.addPageTemplates([PageTemplate(id="note", frames=[frame], onPageEnd=_draw_page_number)])
    story: list[Any] = []
    for index, note in enumerate(notes):
        if index:
            story.append(PageBreak())
        story.extend(note_story(note, styles, emblem, marks[index] if marks else None))
    doc.build(story)
    return buffer.getvalue()
