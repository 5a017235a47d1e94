"""Render a note's pack: one PDF per language, its enclosures, and the combined parallel text."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.languages import in_binding_order
from app.domain.note import Note
from app.domain.problems import Problem, ValidationError
from app.private_files import FILE_MODE, private_folder
from app.render.binding import bind_pdfs
from app.render.composition import ComposedNote, compose_note
from app.render.fonts import unprintable_characters
from app.render.note_pdf import render_notes_pdf
from app.render.pdfa import DocumentMetadata, archival_pdf
from app.render.templates import NoteTemplates
from app.render.verification_mark import PageMark, draft_mark, issued_mark
from app.services.enclosures import render_enclosures
from app.services.note_places import emblem_file


@dataclass(frozen=True)
class NotePack:
    """The files of one rendering, by file name, in binding order."""

    files: dict[str, bytes] = field(default_factory=dict)
    composed: tuple[ComposedNote, ...] = ()
    enclosure_pages: int = 0


def unprintable_problems(note: Note) -> list[Problem]:
    """Text the embedded fonts cannot print is refused rather than shown as boxes."""
    found = []
    for field_name, language, text in note.user_texts():
        missing = unprintable_characters(text)
        if missing:
            shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in missing[:5])
            found.append(Problem(field_name, "font_cannot_print", language, {"characters": shown}))
    return found


def render_note_pack(
    note: Note,
    languages: Sequence[str] | None = None,
    templates: NoteTemplates | None = None,
    *,
    archival: bool = True,
) -> NotePack:
    """Validate the note and render every requested language, its enclosures and `_all.pdf`,
    each file PDF/A-2b (`archival`; only an on-screen preview does without)."""
    note.validate()
    wanted = in_binding_order(tuple(languages) if languages else note.languages)
    problems = [
        Problem("languages", "no_version", params={"code": code})
        for code in (languages or ())
        if code not in note.languages
    ]
    problems += unprintable_problems(note)
    emblem = None
    if note.sender.emblem:
        try:
            emblem = emblem_file(note.sender.emblem)
        except ValidationError as error:
            problems += error.problems
    if problems:
        raise ValidationError(problems)
    templates = templates or NoteTemplates()
    stem = note.number.file_stem if note.number else f"{note.series}-draft"
    enclosures = render_enclosures(note, stem, wanted, note.sender.enclosure_pages, archival=False)
    has_plan = any(enclosure.plan is not None for enclosure in note.enclosures)
    pages = enclosures.total_pages if has_plan else None

    composed = tuple(compose_note(note, language, templates, pages) for language in wanted)
    marks = [_mark(note, version) for version in composed]
    raw: dict[str, bytes] = {}
    for version, mark in zip(composed, marks, strict=True):
        raw[f"{stem}_{version.language}.pdf"] = render_notes_pdf(
            [version],
            title=version.title,
            author=version.author,
            language=version.language,
            emblem=emblem,
            marks=[mark],
        )
    raw.update(enclosures.files)
    title = f"Note verbale {composed[0].number} ({', '.join(wanted)})"
    combined_metadata = _metadata(note, title, wanted, composed[0].author, None)
    if enclosures.files:
        combined = bind_pdfs(list(raw.values()), combined_metadata, archival=archival)
    else:
        # Without enclosures one ReportLab pass is cheaper than merging the three files.
        combined = render_notes_pdf(
            composed,
            title=title,
            author=composed[0].author,
            language=wanted[0],
            emblem=emblem,
            marks=marks,
        )
        if archival:
            combined = archival_pdf(combined, combined_metadata)
    files: dict[str, bytes] = {}
    for name, data in raw.items():
        if not archival:
            files[name] = data
            continue
        version_title, language, author = _file_title(name, composed, enclosures.titles)
        mark = enclosures.marks.get(name) or marks[wanted.index(language)]
        files[name] = archival_pdf(
            data, _metadata(note, version_title, (language,), author, mark.digest)
        )
    files[f"{stem}_all.pdf"] = combined
    return NotePack(files=files, composed=composed, enclosure_pages=pages or note.enclosure_pages)


def _mark(note: Note, version: ComposedNote) -> PageMark:
    """The verification mark of an issued note's version, or the draft mark."""
    if note.issue_mark is None or note.number is None:
        return draft_mark(version.language)
    return issued_mark(note.number, note.issue_mark, version.language, version.plain_text())


def _file_title(
    file_name: str, composed: Sequence[ComposedNote], plan_titles: dict[str, str]
) -> tuple[str, str, str]:
    """The title of one file of the pack, its language and its author (the sender)."""
    language = file_name.rsplit(".", 1)[0].rsplit("_", 1)[-1]
    version = next((v for v in composed if v.language == language), composed[0])
    if file_name in plan_titles:
        return f"{plan_titles[file_name]} ({version.number})", language, version.author
    return version.title, language, version.author


def _metadata(
    note: Note, title: str, languages: Sequence[str], author: str, digest: str | None
) -> DocumentMetadata:
    """Title, languages, author; for an issued note also its stamp: number, verification
    code, audit chain head at issue and (one document's) text digest, read by `verify`."""
    subject = " ".join(note.subject.split())
    mark = note.issue_mark
    stamp: dict[str, str] = {}
    keywords = ["note verbale", str(note.number) if note.number else "draft"]
    if mark is not None and note.number is not None:
        stamp = {
            "VerbaleNumber": note.number.code,
            "VerbaleCode": str(mark.code),
            "VerbaleChainHead": mark.chain_head,
            "VerbaleIssued": mark.issued_at.isoformat(timespec="seconds"),
        }
        if digest:
            stamp["VerbaleDigest"] = digest
        keywords.append(f"verification code {mark.code}")
    return DocumentMetadata(
        title=f"{title} — {subject}" if subject else title,
        languages=tuple(languages),
        author=author,
        subject=subject,
        keywords=tuple(keywords),
        created=mark.issued_at if mark else None,
        stamp=stamp,
    )


def write_pack(pack: NotePack, directory: Path) -> list[Path]:
    """Write every file atomically (temporary file, fsync, rename); nothing half-written stays.
    The files are readable by their owner only (0600; a folder made for them 0700)."""
    private_folder(directory)
    written: list[Path] = []
    for name, data in pack.files.items():
        target = directory / name
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, FILE_MODE)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
