"""Is this PDF the one Verbale issued? A copy held against the register.

A file is looked up by its SHA-256 in the stored documents; failing that, by the first revision
of the file (a PDF grows by incremental updates appended after its `%%EOF`: the issued bytes
followed by more), then by the verification code and number its metadata carries
(VerbaleCode, VerbaleNumber: app.services.rendering). A copy that matches no stored document
exactly is compared with the stored document it claims to be: which bytes differ, which pages'
text changed. A printout is checked by the code typed from its footer (`find_by_code`).

Everything here only reads; the wording for people is app.services.copy_report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.verification import CodeError, VerificationCode
from app.domain.workflow import Action
from app.register.models import AuditEntry, IssuedDocument, NoteRow
from app.services.register import Register
from app.services.seal_check import SignatureCheck, SignatureState, check_signature

NO_SIGNATURE = SignatureCheck(SignatureState.ABSENT)
#: Characters of context shown on each side of a changed piece of text.
CONTEXT = 24


class Finding(enum.StrEnum):
    """What a file is, held against the register."""

    IDENTICAL = "identical"
    #: The stored copy, byte for byte, followed by an incremental update.
    APPENDED = "appended"
    #: Claims to be a stored document (its metadata or its size) but differs from it.
    CHANGED = "changed"
    #: Carries Verbale's metadata, but this register issued no such note.
    UNKNOWN = "unknown"
    #: A PDF that Verbale did not issue.
    FOREIGN = "foreign"
    #: Not a PDF at all.
    NOT_PDF = "not-pdf"
    #: Could not be read (missing, a folder, not permitted).
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class IssuedDocumentEntry:
    """One stored document of an issued note."""

    file_name: str
    language: str
    sha256: str
    size: int


@dataclass(frozen=True)
class IssuedNote:
    """An issued note as the register knows it, with what anchors it in the audit log."""

    note_id: int
    number: str
    code: VerificationCode
    #: The note's date (printed on it) and when the register issued it.
    dated: dt.date
    issued_at: dt.datetime
    status: str
    addressee: str
    subject: str
    #: The audit chain's head just before the issue (printed in the QR code and metadata).
    chain_head: str
    #: The number of the issue's entry in the audit log, and the SHA-256 it recorded per file.
    audit_entry: int | None
    audited: dict[str, str] = field(default_factory=dict)
    documents: tuple[IssuedDocumentEntry, ...] = ()


@dataclass(frozen=True)
class TextChange:
    """A piece of a page's text that differs from the stored copy's (with some context)."""

    page: int
    stored: str
    found: str


@dataclass(frozen=True)
class CopyCheck:
    """What one file is, held against the register."""

    path: str
    finding: Finding
    sha256: str = ""
    size: int = 0
    #: The note the file was found to be (or to claim to be), and its stored document.
    note: IssuedNote | None = None
    document: IssuedDocumentEntry | None = None
    #: APPENDED: how many bytes follow the issued file.
    appended_bytes: int = 0
    #: CHANGED: the first byte that differs and how many differ (same length only).
    first_changed_byte: int | None = None
    changed_bytes: int | None = None
    #: CHANGED/APPENDED: the pages whose text differs, and the page counts when they differ.
    text_changes: tuple[TextChange, ...] = ()
    pages: tuple[int, int] | None = None
    #: The number, code and chain head the file's metadata claims.
    claimed_number: str = ""
    claimed_code: str = ""
    claimed_chain_head: str = ""
    #: UNREADABLE / NOT_PDF: why.
    error: str = ""
    #: The file's seal (absent when it has none, or is no PDF).
    signature: SignatureCheck = NO_SIGNATURE

    @property
    def chain_head_matches(self) -> bool:
        """The chain head in the file is the register's (or the file names none)."""
        if self.note is None or not self.claimed_chain_head:
            return True
        return self.claimed_chain_head == self.note.chain_head

    @property
    def audit_confirms(self) -> bool:
        """The audit log's issue entry recorded this document with the stored SHA-256."""
        if self.note is None or self.document is None:
            return False
        return self.note.audited.get(self.document.file_name) == self.document.sha256

    @property
    def ok(self) -> bool:
        return (
            self.finding is Finding.IDENTICAL
            and self.chain_head_matches
            and self.audit_confirms
            # Identical to what the register issued: a sound seal by a signer this computer
            # has no trusted certificate for is still the register's own (and said so).
            and (self.signature.ok or self.signature.state is SignatureState.UNTRUSTED)
        )


# -- looking up ----------------------------------------------------------------------------------


def _issued_note(session: Session, row: NoteRow) -> IssuedNote:
    documents = tuple(
        IssuedDocumentEntry(name, language, sha256, size)
        for name, language, sha256, size in session.execute(
            select(
                IssuedDocument.file_name,
                IssuedDocument.language,
                IssuedDocument.sha256,
                IssuedDocument.size,
            )
            .where(IssuedDocument.note_id == row.id)
            .order_by(IssuedDocument.id)
        )
    )
    entry = session.execute(
        select(AuditEntry.id, AuditEntry.detail)
        .where(AuditEntry.action == Action.ISSUE.value, AuditEntry.note_id == row.id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    audited: dict[str, str] = {}
    entry_id: int | None = None
    if entry is not None:
        entry_id = int(entry[0])
        try:
            listed = json.loads(entry[1]).get("documents")
        except (ValueError, AttributeError):
            listed = None
        if isinstance(listed, dict):
            audited = {str(name): str(digest) for name, digest in listed.items()}
    return IssuedNote(
        note_id=row.id,
        number=row.number_text or "",
        code=VerificationCode(row.verification_code or "0" * 8),
        dated=row.date,
        issued_at=row.issued_at or row.updated_at,
        status=row.status,
        addressee=row.addressee_name,
        subject=row.subject,
        chain_head=row.issue_chain_head or "",
        audit_entry=entry_id,
        audited=audited,
        documents=documents,
    )


def _note_by_code(session: Session, code: VerificationCode) -> IssuedNote | None:
    row = session.scalar(select(NoteRow).where(NoteRow.verification_code == code.characters))
    return _issued_note(session, row) if row is not None and row.issued_at else None


def find_by_code(register: Register, typed: str) -> IssuedNote | None:
    """The issued note whose verification code was typed (forgiving: app.domain.verification);
    None if the register issued none with it. Raises CodeError for text that is no code."""
    code = VerificationCode.parse(typed)
    with register.db.reading() as session:
        return _note_by_code(session, code)


def _stored(session: Session, digests: Iterable[str]) -> tuple[int, str] | None:
    """(note id, file name) of a stored document with one of these SHA-256s."""
    wanted = list(dict.fromkeys(digests))
    if not wanted:
        return None
    found = session.execute(
        select(IssuedDocument.note_id, IssuedDocument.file_name)
        .where(IssuedDocument.sha256.in_(wanted))
        .limit(1)
    ).first()
    return (int(found[0]), str(found[1])) if found else None


def earlier_revisions(data: bytes) -> list[int]:
    """The lengths of the file's earlier revisions: each `%%EOF` followed by more bytes ends
    one (with its end-of-line)."""
    lengths: list[int] = []
    for match in re.finditer(rb"%%EOF(\r\n|\r|\n)?", data):
        end = match.end()
        if end < len(data.rstrip(b"\r\n\x00 ")):
            lengths.append(end)
            if match.group(1):
                lengths.append(match.start() + 5)
    return lengths


# -- reading a PDF -------------------------------------------------------------------------------


def _reader(data: bytes) -> PdfReader | None:
    try:
        return PdfReader(io.BytesIO(data), strict=False)
    # pypdf raises many kinds of error on a damaged file; any of them means "unreadable".
    except Exception:
        return None


def _metadata(reader: PdfReader | None) -> dict[str, str]:
    if reader is None:
        return {}
    try:
        info: dict[str, object] = dict(reader.metadata or {})
        return {str(key).lstrip("/"): str(value) for key, value in info.items()}
    except Exception:
        return {}


def page_texts(data: bytes) -> list[str] | None:
    """Each page's text, or None if the file cannot be read as a PDF."""
    reader = _reader(data)
    if reader is None:
        return None
    try:
        return [page.extract_text() or "" for page in reader.pages]
    except Exception:
        return None


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    piece = " ".join(text[left:right].split())
    return ("…" if left else "") + piece + ("…" if right < len(text) else "")


def text_changes(stored: Sequence[str], found: Sequence[str]) -> tuple[TextChange, ...]:
    """The first difference on each page whose text differs, with context."""
    changes = []
    for index, (before, after) in enumerate(zip(stored, found, strict=False), start=1):
        if before == after:
            continue
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                changes.append(TextChange(index, _excerpt(before, i1, i2), _excerpt(after, j1, j2)))
                break
    return tuple(changes)


# -- checking a file -----------------------------------------------------------------------------


def _claimed_document(
    register: Register, note: IssuedNote, data: bytes, title: str
) -> IssuedDocumentEntry | None:
    """The stored document a changed file claims to be: the same title, else the same size,
    else the most similar first page."""
    documents = list(note.documents)
    if not documents:
        return None
    stored = {d.file_name: register.document(note.note_id, d.file_name) for d in documents}
    if title:
        for document in documents:
            if _metadata(_reader(stored[document.file_name])).get("Title") == title:
                return document
    for document in documents:
        if document.size == len(data):
            return document
    found = (page_texts(data) or [""])[0]

    def likeness(document: IssuedDocumentEntry) -> float:
        first = (page_texts(stored[document.file_name]) or [""])[0]
        return difflib.SequenceMatcher(None, first, found, autojunk=False).ratio()

    return max(documents, key=likeness)


def _compare(
    register: Register,
    check: CopyCheck,
    data: bytes,
    note: IssuedNote,
    document: IssuedDocumentEntry,
) -> CopyCheck:
    """`check` completed with how `data` differs from the stored `document`."""
    stored = register.document(note.note_id, document.file_name)
    first: int | None = None
    count: int | None = None
    if len(stored) == len(data):
        differing = [i for i, (a, b) in enumerate(zip(stored, data, strict=True)) if a != b]
        first, count = (differing[0], len(differing)) if differing else (None, 0)
    stored_pages = page_texts(stored) or []
    found_pages = page_texts(data)
    pages = None
    if found_pages is not None and len(found_pages) != len(stored_pages):
        pages = (len(found_pages), len(stored_pages))
    changes = text_changes(stored_pages, found_pages or [])
    return replace(
        check,
        note=note,
        document=document,
        first_changed_byte=first,
        changed_bytes=count,
        text_changes=changes,
        pages=pages,
    )


def check_copy(register: Register, path: Path) -> CopyCheck:
    """Hold the file at `path` against the register."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return CopyCheck(str(path), Finding.UNREADABLE, error=error.strerror or str(error))
    return check_bytes(register, str(path), data)


def check_bytes(register: Register, name: str, data: bytes) -> CopyCheck:
    """Hold `data` (the file called `name`) against the register."""
    digest = hashlib.sha256(data).hexdigest()
    base = CopyCheck(name, Finding.NOT_PDF, sha256=digest, size=len(data))
    if b"%PDF-" not in data[:1024]:
        return base
    reader = _reader(data)
    info = _metadata(reader)
    claimed = replace(
        base,
        finding=Finding.FOREIGN,
        signature=check_signature(data),
        claimed_number=info.get("VerbaleNumber", ""),
        claimed_code=info.get("VerbaleCode", ""),
        claimed_chain_head=info.get("VerbaleChainHead", ""),
    )
    with register.db.reading() as session:
        exact = _stored(session, [digest])
        if exact is not None:
            note = _issued_note(session, session.get_one(NoteRow, exact[0]))
            document = next(d for d in note.documents if d.file_name == exact[1])
            return replace(claimed, finding=Finding.IDENTICAL, note=note, document=document)
        lengths = earlier_revisions(data)
        prefix = _stored(session, (hashlib.sha256(data[:n]).hexdigest() for n in lengths))
        if prefix is not None:
            note = _issued_note(session, session.get_one(NoteRow, prefix[0]))
            document = next(d for d in note.documents if d.file_name == prefix[1])
            appended = replace(
                claimed, finding=Finding.APPENDED, appended_bytes=len(data) - document.size
            )
            return _compare(register, appended, data, note, document)
        claimed_note = _claimed_note(session, claimed.claimed_code)
    if reader is None and not claimed.claimed_code:
        return replace(base, error="damaged")
    if claimed_note is None:
        marked = claimed.claimed_number or claimed.claimed_code
        return replace(claimed, finding=Finding.UNKNOWN if marked else Finding.FOREIGN)
    changed = replace(claimed, finding=Finding.CHANGED, note=claimed_note)
    claimed_document = _claimed_document(register, claimed_note, data, info.get("Title", ""))
    if claimed_document is None:
        return changed
    return _compare(register, changed, data, claimed_note, claimed_document)


def _claimed_note(session: Session, typed_code: str) -> IssuedNote | None:
    """The issued note whose code a file's metadata names, if any."""
    if not typed_code:
        return None
    try:
        return _note_by_code(session, VerificationCode.parse(typed_code))
    except CodeError:
        return None


def check_copies(register: Register, paths: Sequence[Path]) -> tuple[CopyCheck, ...]:
    return tuple(check_copy(register, path) for path in paths)
