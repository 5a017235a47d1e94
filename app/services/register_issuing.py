"""Issuing in the register: status changes, numbered notes rendered to PDFs stored with their
SHA-256, the stored documents read back and verified."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.note import Note
from app.domain.number import NoteNumber
from app.domain.workflow import Action
from app.register import numbering
from app.register.models import AuditEntry, IssuedDocument, NoteRow, StatusChange, utcnow
from app.services.issue_marks import new_issue_mark
from app.services.register_notes import RegisterNotes, note_from_data
from app.services.register_reading import RegisterError
from app.services.register_records import (
    ISSUABLE_STATES,
    STATUSES,
    DocumentInfo,
    DocumentProblem,
    IssueResult,
    Renderer,
    VerifyReport,
)


def _language_of(file_name: str) -> str:
    stem = file_name.rsplit(".", 1)[0]
    return stem.rsplit("_", 1)[-1] if "_" in stem else "all"


def default_renderer(note: Note) -> Mapping[str, bytes]:
    """Render with the rendering service (imported late: it loads fonts and templates)."""
    from app.services import rendering  # type: ignore[attr-defined,unused-ignore]

    pack = rendering.render_note_pack(note)
    files: Mapping[str, bytes] = pack.files
    return files


#: Per note: the issue entry's number in the log, the note number it issued, and file name ->
#: SHA-256 of every document it issued.
IssueEntries = dict[int, tuple[int, str | None, dict[str, str]]]


def _issue_entries(session: Session) -> tuple[IssueEntries, set[int]]:
    """Per note, the audit log's issue entry, and the notes the log mentions at all."""
    audited: IssueEntries = {}
    for entry_id, note_id, detail in session.execute(
        select(AuditEntry.id, AuditEntry.note_id, AuditEntry.detail).where(
            AuditEntry.action == Action.ISSUE.value, AuditEntry.note_id.is_not(None)
        )
    ):
        if note_id is None:
            continue
        try:
            data = json.loads(detail)
            documents, number = data.get("documents"), data.get("number")
        except (ValueError, AttributeError):
            documents, number = None, None
        files = (
            {str(name): str(digest) for name, digest in documents.items()}
            if isinstance(documents, dict)
            else {}
        )
        audited[int(note_id)] = (int(entry_id), number if isinstance(number, str) else None, files)
    mentioned = {
        int(note_id)
        for note_id in session.scalars(
            select(AuditEntry.note_id).where(AuditEntry.note_id.is_not(None)).distinct()
        )
        if note_id is not None
    }
    return audited, mentioned


class RegisterIssuing(RegisterNotes):
    """Status changes, issuing and the check of every stored PDF."""

    def document(self, note_id: int, file_name: str) -> bytes:
        """An issued PDF exactly as stored."""
        with self.db.reading() as session:
            content = session.scalar(
                select(IssuedDocument.content).where(
                    IssuedDocument.note_id == note_id, IssuedDocument.file_name == file_name
                )
            )
            if content is None:
                raise RegisterError(f"note {note_id} has no document {file_name!r}")
            return bytes(content)

    def set_status(
        self, note_id: int, status: str, *, user_id: int | None = None, comment: str = ""
    ) -> None:
        """Record a change of state (the workflow decides which changes are allowed)."""
        with self._writing() as session:
            self.set_status_in(session, note_id, status, user_id=user_id, comment=comment)

    def set_status_in(
        self,
        session: Session,
        note_id: int,
        status: str,
        *,
        user_id: int | None = None,
        comment: str = "",
        now: dt.datetime | None = None,
    ) -> None:
        """`set_status` inside the caller's write transaction."""
        if status not in STATUSES:
            raise RegisterError(f"unknown status {status!r}")
        now = now or utcnow()
        row = self._note_row(session, note_id, lock=True)
        session.add(
            StatusChange(
                note_id=row.id,
                from_status=row.status,
                to_status=status,
                at=now,
                user_id=user_id,
                comment=comment,
            )
        )
        row.status = status
        row.updated_at = now

    # -- issuing --------------------------------------------------------------------------------

    def issue(
        self,
        note_id: int,
        renderer: Renderer | None = None,
        *,
        user_id: int | None = None,
        comment: str = "",
    ) -> IssueResult:
        """Give the approved note its number, render its PDFs and store them with their SHA-256,
        and mark it issued: all in one transaction, committed with synchronous=FULL, or nothing
        at all. (The workflow service checks who may issue; this only checks the state.)"""
        with self._writing() as session:
            return self.issue_in(session, note_id, renderer, user_id=user_id, comment=comment)

    def issue_in(
        self,
        session: Session,
        note_id: int,
        renderer: Renderer | None = None,
        *,
        user_id: int | None = None,
        comment: str = "",
        now: dt.datetime | None = None,
    ) -> IssueResult:
        """`issue` inside the caller's write transaction."""
        render = renderer or default_renderer
        row = self._note_row(session, note_id, lock=True)
        if row.status not in ISSUABLE_STATES:
            raise RegisterError(
                f"note {row.number_text or row.id} is {row.status} and cannot be issued; "
                "only an approved note is issued"
            )
        revision = self._current_revision(session, row)
        note = note_from_data(self._resolve_refs(session, dict(revision.data))).validate()
        series = numbering.get_series(session, row.prefix)
        allocated = numbering.allocate(session, series, day=note.date, note_id=row.id)
        number = NoteNumber(series.prefix, allocated.running)
        now = now or utcnow()
        mark = new_issue_mark(session, now)
        numbered = replace(note, number=number, issue_mark=mark)
        files = dict(render(numbered))
        if not files:
            raise RegisterError("rendering produced no PDF; nothing was issued")
        infos: list[DocumentInfo] = []
        for file_name, content in files.items():
            digest = hashlib.sha256(content).hexdigest()
            language = _language_of(file_name)
            session.add(
                IssuedDocument(
                    note_id=row.id,
                    revision_id=revision.id,
                    file_name=file_name,
                    language=language,
                    sha256=digest,
                    size=len(content),
                    content=content,
                    issued_at=now,
                )
            )
            infos.append(DocumentInfo(file_name, language, digest, len(content), now))
        row.documents_manifest = [
            {
                "file_name": i.file_name,
                "language": i.language,
                "sha256": i.sha256,
                "size": i.size,
            }
            for i in infos
        ]
        session.add(
            StatusChange(
                note_id=row.id,
                from_status=row.status,
                to_status="issued",
                at=now,
                user_id=user_id,
                comment=comment,
            )
        )
        # The number lives on the notes row only: the approved revision is frozen.
        row.running = number.running
        row.number_year = allocated.year
        row.number_text = number.code
        row.status = "issued"
        row.issued_at = now
        row.updated_at = now
        row.verification_code = mark.code.characters
        row.issue_chain_head = mark.chain_head
        self._index(session, row, numbered)
        return IssueResult(row.id, number, tuple(infos), mark.code, mark.chain_head)

    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
        """Re-hash every stored PDF; report any that changed, vanished, or are not on record.

        A PDF is held against the SHA-256 its note's issue entry in the audit log recorded as
        well as against the documents table and the note's manifest: changing all three in
        the register still leaves the append-only, chained, MAC'd entry. A note the audit log
        mentions must have an issue entry once issued."""
        problems: list[DocumentProblem] = []
        checked = 0
        with self.db.reading() as session:
            audited, mentioned = _issue_entries(session)
            total = session.scalar(select(func.count(IssuedDocument.id))) or 0
            manifests = session.execute(
                select(NoteRow.id, NoteRow.number_text, NoteRow.documents_manifest).where(
                    NoteRow.documents_manifest.is_not(None)
                )
            ).all()
            expected: dict[int, dict[str, str]] = {}
            numbers: dict[int, str | None] = {}
            for note_id, number_text, manifest in manifests:
                numbers[note_id] = number_text
                expected[note_id] = {
                    str(item["file_name"]): str(item["sha256"]) for item in (manifest or [])
                }
                if not manifest:
                    problems.append(
                        DocumentProblem(note_id, number_text, "*", "missing", "no documents listed")
                    )
                if note_id in mentioned and note_id not in audited:
                    problems.append(
                        DocumentProblem(
                            note_id,
                            number_text,
                            "*",
                            "unaudited",
                            "issued, but the audit log has no issue entry for it",
                        )
                    )
                elif note_id in audited and audited[note_id][1] not in (None, number_text):
                    problems.append(
                        DocumentProblem(
                            note_id,
                            number_text,
                            "*",
                            "renumbered",
                            f"audit log entry {audited[note_id][0]} issued it as "
                            f"{audited[note_id][1]}",
                        )
                    )
            # A yearly series gives DIR/1 again each year: the same number in two years is two
            # numbers.
            years = dict(
                session.execute(
                    select(NoteRow.id, NoteRow.number_year).where(NoteRow.running.is_not(None))
                ).all()
            )
            issued_as: dict[tuple[str, int | None], list[int]] = {}
            for note_id, (entry_id, number, _files) in audited.items():
                if number is not None:
                    issued_as.setdefault((number, years.get(note_id)), []).append(entry_id)
            for (number, _year), entries in issued_as.items():
                if len(entries) > 1:
                    problems.append(
                        DocumentProblem(
                            0,
                            number,
                            "*",
                            "reused",
                            "the number was issued more than once (audit log entries "
                            + ", ".join(str(entry) for entry in sorted(entries))
                            + ")",
                        )
                    )
            seen: set[tuple[int, str]] = set()
            stream = session.execute(
                select(
                    IssuedDocument.note_id,
                    IssuedDocument.file_name,
                    IssuedDocument.sha256,
                    IssuedDocument.size,
                    IssuedDocument.content,
                )
                .order_by(IssuedDocument.id)
                .execution_options(yield_per=50)
            )
            for note_id, file_name, sha256, size, content in stream:
                checked += 1
                seen.add((note_id, file_name))
                actual = hashlib.sha256(content or b"").hexdigest()
                number_text = numbers.get(note_id)
                listed = expected.get(note_id, {}).get(file_name)
                if actual != sha256 or len(content or b"") != size:
                    problems.append(
                        DocumentProblem(
                            note_id,
                            number_text,
                            file_name,
                            "changed",
                            f"SHA-256 {actual[:12]}… instead of {sha256[:12]}…",
                        )
                    )
                elif listed is None:
                    problems.append(
                        DocumentProblem(note_id, number_text, file_name, "unexpected", "not issued")
                    )
                elif listed != sha256:
                    problems.append(
                        DocumentProblem(
                            note_id, number_text, file_name, "changed", "hash differs from issue"
                        )
                    )
                if note_id in audited:
                    entry_id, _number, issued = audited[note_id]
                    logged = issued.get(file_name)
                    if logged is None:
                        problems.append(
                            DocumentProblem(
                                note_id,
                                number_text,
                                file_name,
                                "unexpected",
                                f"not among the documents of audit log entry {entry_id}",
                            )
                        )
                    elif logged != actual:
                        problems.append(
                            DocumentProblem(
                                note_id,
                                number_text,
                                file_name,
                                "changed",
                                f"SHA-256 {actual[:12]}…, but audit log entry {entry_id} "
                                f"issued it with {logged[:12]}…",
                            )
                        )
                if progress:
                    progress(checked, total)
            for note_id, files in expected.items():
                for file_name in files:
                    if (note_id, file_name) not in seen:
                        problems.append(
                            DocumentProblem(note_id, numbers[note_id], file_name, "missing")
                        )
            for note_id, (entry_id, _number, issued) in audited.items():
                for file_name in issued:
                    if (note_id, file_name) not in seen and file_name not in expected.get(
                        note_id, {}
                    ):
                        problems.append(
                            DocumentProblem(
                                note_id,
                                numbers.get(note_id),
                                file_name,
                                "missing",
                                f"issued in audit log entry {entry_id}",
                            )
                        )
        return VerifyReport(checked, len(manifests), tuple(problems))
