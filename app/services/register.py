"""The register's use cases: save and load notes, search them, give out numbers, issue, verify.

Every method opens one short session and returns domain objects or frozen dataclasses, never ORM
objects, so the GUI can hold results as long as it likes on any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.domain.note import Note
from app.domain.number import NoteNumber
from app.domain.parties import Addressee, SenderProfile
from app.domain.workflow import NoteStatus
from app.register import numbering, schema
from app.register.codec import (
    addressee_from_dict,
    language_texts,
    note_from_dict,
    note_to_dict,
    sender_to_dict,
)
from app.register.core_listing import CoreListing
from app.register.engine import Database, is_sqlite, make_engine
from app.register.location import sqlite_path
from app.register.models import (
    AddresseeFormRow,
    AddresseeRow,
    AllocatedNumber,
    IssuedDocument,
    NoteRevision,
    NoteRow,
    NoteText,
    SenderProfileRow,
    Series,
    StatusChange,
    utcnow,
)
from app.register.search import fold, index_text
from app.register.sqlite_listing import SqliteListing
from app.services.register_reading import (
    NO_FILTERS,
    SORT_KEYS,
    NoteSummary,
    RegisterError,
    RegisterReading,
    SearchFilters,
)

__all__ = [
    "NO_FILTERS",
    "SORT_KEYS",
    "NoteSummary",
    "RegisterError",
    "SearchFilters",
]

#: States whose texts may still be edited.
EDITABLE_STATES = frozenset({"draft", "returned"})
#: States from which a note may be issued: only an approved note (app.services.workflow).
ISSUABLE_STATES = frozenset({"approved"})
STATUSES = tuple(status.value for status in NoteStatus)

#: Render a numbered note to its PDF files: file name -> bytes.
Renderer = Callable[[Note], Mapping[str, bytes]]


class NoteNotFound(RegisterError):
    pass


@dataclass(frozen=True)
class DocumentInfo:
    file_name: str
    language: str
    sha256: str
    size: int
    issued_at: dt.datetime


@dataclass(frozen=True)
class StatusEntry:
    from_status: str | None
    to_status: str
    at: dt.datetime
    user_id: int | None
    comment: str


@dataclass(frozen=True)
class NoteRecord:
    """A note as the register holds it: the domain note plus its register data."""

    id: int
    note: Note
    status: str
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime
    issued_at: dt.datetime | None
    documents: tuple[DocumentInfo, ...] = ()
    history: tuple[StatusEntry, ...] = ()

    @property
    def number(self) -> NoteNumber | None:
        return self.note.number

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATES


@dataclass(frozen=True)
class IssueResult:
    note_id: int
    number: NoteNumber
    documents: tuple[DocumentInfo, ...]


@dataclass(frozen=True)
class DocumentProblem:
    note_id: int
    number: str | None
    file_name: str
    #: "changed", "missing" or "unexpected"
    kind: str
    detail: str = ""

    def __str__(self) -> str:
        who = f"№{self.number}" if self.number else f"note {self.note_id}"
        return f"{who}: {self.file_name} {self.kind}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class VerifyReport:
    documents_checked: int
    notes_checked: int
    problems: tuple[DocumentProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SeriesInfo:
    prefix: str
    title: str
    yearly_reset: bool
    last_running: int


def _language_of(file_name: str) -> str:
    stem = file_name.rsplit(".", 1)[0]
    return stem.rsplit("_", 1)[-1] if "_" in stem else "all"


def default_renderer(note: Note) -> Mapping[str, bytes]:
    """Render with the rendering service (imported late: it loads fonts and templates)."""
    from app.services import rendering  # type: ignore[attr-defined,unused-ignore]

    pack = rendering.render_note_pack(note)
    files: Mapping[str, bytes] = pack.files
    return files


class Register:
    """The register of notes at one database URL."""

    def __init__(
        self, database: Database | Engine | str, *, reading: RegisterReading | None = None
    ) -> None:
        """`reading`: the list of the same register already open (the window's, at start)."""
        if isinstance(database, str):
            database = Database(make_engine(database))
        elif isinstance(database, Engine):
            database = Database(database)
        self.db = database
        self._fts = is_sqlite(database.engine)
        if reading is None:
            path = sqlite_path(database.url)
            # A SQLite file is read with plain sqlite3; in-memory SQLite (one database per
            # connection) and other databases through SQLAlchemy Core.
            listing = SqliteListing(path) if path is not None else CoreListing(database.engine)
            reading = RegisterReading(listing, database.url)
        #: The register's list: searched, filtered, sorted, paged, counted.
        self.reading = reading

    @classmethod
    def open(
        cls, url: str, *, upgrade: bool = True, reading: RegisterReading | None = None
    ) -> Register:
        """Open the register at `url`, creating or migrating its schema if asked."""
        register = cls(url, reading=reading)
        if upgrade:
            register.upgrade()
        return register

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    def close(self) -> None:
        self.reading.close()
        self.db.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        try:
            with self.db.writing() as session:
                yield session
        except numbering.NumberingError as error:
            raise RegisterError(str(error)) from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction for a service that does several things at once (the workflow:
        a transition, its history and its audit entry); numbering errors become RegisterError."""
        with self._writing() as session:
            yield session

    # -- schema ---------------------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        return schema.current_revision(self.db.engine)

    def needs_upgrade(self) -> bool:
        return schema.needs_upgrade(self.db.engine)

    def upgrade(self, backup_dir: Path | None = None) -> Path | None:
        """Bring the schema up to date. An existing SQLite register that needs migrating is
        first copied to `backup_dir` (the user's backups folder by default); returns that copy."""
        if not self.needs_upgrade():
            return None
        copy: Path | None = None
        if self.schema_revision() is not None and self.sqlite_file is not None:
            from app.paths import backups_dir
            from app.services.backup import backup_register

            folder = backup_dir or backups_dir()
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            copy = folder / f"register-before-upgrade-{stamp}.sqlite3"
            backup_register(self.url, copy)
        schema.upgrade(self.db.engine)
        return copy

    # -- series ---------------------------------------------------------------------------------

    def ensure_series(
        self,
        prefix: str,
        *,
        title: str = "",
        yearly_reset: bool = False,
        next_running: int | None = None,
    ) -> SeriesInfo:
        with self._writing() as session:
            series = numbering.ensure_series(
                session, prefix, title=title, yearly_reset=yearly_reset
            )
            if next_running is not None:
                year = numbering.counter_year(series, None)
                numbering.set_next_running(session, series, next_running, year)
            return self._series_info(session, series)

    def list_series(self) -> list[SeriesInfo]:
        with self.db.reading() as session:
            rows = session.scalars(select(Series).order_by(Series.prefix)).all()
            return [self._series_info(session, row) for row in rows]

    @staticmethod
    def _series_info(session: Session, series: Series) -> SeriesInfo:
        last = session.scalar(
            select(func.max(AllocatedNumber.running)).where(AllocatedNumber.series_id == series.id)
        )
        return SeriesInfo(series.prefix, series.title, series.yearly_reset, last or 0)

    def allocate_number(self, prefix: str, day: dt.date | None = None) -> NoteNumber:
        """Give out the next number of a series on its own (reserved, not yet used)."""
        with self._writing() as session:
            series = numbering.get_series(session, prefix)
            allocated = numbering.allocate(session, series, day=day)
            return NoteNumber(series.prefix, allocated.running)

    def next_number(self, prefix: str, day: dt.date) -> int:
        """The running number series `prefix` will give out next for a note dated `day`
        (1 for a series not created yet)."""
        with self.db.reading() as session:
            series = session.scalars(select(Series).where(Series.prefix == prefix)).one_or_none()
            return 1 if series is None else numbering.next_running(session, series, day)

    def cancel_number(self, number: NoteNumber, reason: str) -> None:
        """Mark a reserved number cancelled: it stays in the register and is never reused."""
        with self._writing() as session:
            series = numbering.get_series(session, number.prefix)
            row = session.scalars(
                select(AllocatedNumber).where(
                    AllocatedNumber.series_id == series.id,
                    AllocatedNumber.running == number.running,
                )
            ).first()
            if row is None:
                raise RegisterError(f"{number} was never given out")
            if row.state == "used":
                raise RegisterError(f"{number} belongs to an issued note and cannot be cancelled")
            row.state = "cancelled"
            row.reason = reason

    def number_states(self, prefix: str) -> dict[int, str]:
        """Every number given out in a series: running -> allocated / used / cancelled."""
        with self.db.reading() as session:
            series = numbering.get_series(session, prefix)
            rows = session.execute(
                select(AllocatedNumber.running, AllocatedNumber.state).where(
                    AllocatedNumber.series_id == series.id
                )
            ).all()
            return {running: state for running, state in rows}

    # -- directory ------------------------------------------------------------------------------

    def save_addressee(self, addressee: Addressee) -> None:
        with self._writing() as session:
            self._upsert_addressee(session, addressee)

    def addressees(self, text: str = "") -> list[Addressee]:
        with self.db.reading() as session:
            rows = session.scalars(select(AddresseeRow).order_by(AddresseeRow.key)).all()
            found = [
                Addressee(
                    key=row.key,
                    kind=row.kind,
                    forms={
                        form.language: addressee_from_dict(
                            {"key": row.key, "forms": {form.language: _forms_dict(form)}}
                        ).forms[form.language]
                        for form in row.forms
                    },
                )
                for row in rows
            ]
        needle = fold(text.strip())
        if not needle:
            return found
        return [
            item
            for item in found
            if needle in fold(item.key)
            or any(needle in fold(forms.nominative) for forms in item.forms.values())
        ]

    @staticmethod
    def _upsert_addressee(session: Session, addressee: Addressee) -> None:
        row = session.scalars(
            select(AddresseeRow).where(AddresseeRow.key == addressee.key)
        ).one_or_none()
        if row is None:
            row = AddresseeRow(key=addressee.key, kind=addressee.kind)
            session.add(row)
        row.kind = addressee.kind
        existing = {form.language: form for form in row.forms}
        for language, forms in addressee.forms.items():
            form = existing.get(language)
            if form is None:
                form = AddresseeFormRow(language=language)
                row.forms.append(form)
            form.nominative = forms.nominative
            form.dative = forms.dative
            form.genitive = forms.genitive
            form.foot = forms.foot

    @staticmethod
    def _upsert_sender(session: Session, sender: SenderProfile) -> None:
        row = session.scalars(
            select(SenderProfileRow).where(SenderProfileRow.key == sender.key)
        ).one_or_none()
        if row is None:
            session.add(SenderProfileRow(key=sender.key, data=sender_to_dict(sender)))
        else:
            row.data = sender_to_dict(sender)

    # -- notes ----------------------------------------------------------------------------------

    def save_draft(
        self, note: Note, note_id: int | None = None, *, user_id: int | None = None
    ) -> int:
        """Save a draft (new when `note_id` is None) and return its id. Drafts need not be
        complete; an issued or approved note refuses changes."""
        with self._writing() as session:
            return self.save_draft_in(session, note, note_id, user_id=user_id)

    def save_draft_in(
        self,
        session: Session,
        note: Note,
        note_id: int | None = None,
        *,
        user_id: int | None = None,
        now: dt.datetime | None = None,
        corrects_note_id: int | None = None,
    ) -> int:
        """`save_draft` inside the caller's write transaction; `user_id` is recorded as the
        drafter of a new note and as the last editor either way."""
        series = numbering.ensure_series(session, note.series)
        self._upsert_addressee(session, note.addressee)
        self._upsert_sender(session, note.sender)
        now = now or utcnow()
        # The number lives on the notes row only (load() puts it back on the note).
        data = _note_data(replace(note, number=None))
        if note_id is None:
            row = NoteRow(
                series_id=series.id,
                prefix=series.prefix,
                status="draft",
                revision_no=1,
                created_by=user_id,
                last_edited_by=user_id,
                corrects_note_id=corrects_note_id,
                created_at=now,
            )
            self._copy_header(row, note, now)
            session.add(row)
            session.flush()
            revision = NoteRevision(
                note_id=row.id, revision_no=1, data=data, saved_by=user_id, saved_at=now
            )
            session.add(revision)
            session.add(StatusChange(note_id=row.id, to_status="draft", at=now, user_id=user_id))
        else:
            row = self._note_row(session, note_id, lock=True)
            if row.status not in EDITABLE_STATES:
                raise RegisterError(
                    f"note {row.number_text or row.id} is {row.status}; it no longer changes "
                    "(a correction is a new revision)"
                )
            row.series_id = series.id
            row.prefix = series.prefix
            row.last_edited_by = user_id
            self._copy_header(row, note, now)
            revision = self._current_revision(session, row)
            revision.data = data
            revision.saved_by = user_id
            revision.saved_at = now
        session.flush()
        self._store_texts(session, revision.id, note)
        self._index(session, row, note)
        return row.id

    @staticmethod
    def _copy_header(row: NoteRow, note: Note, now: dt.datetime) -> None:
        row.note_type = note.note_type
        row.languages = " ".join(note.languages)
        row.date = note.date
        row.subject = note.subject
        row.addressee_key = note.addressee.key
        row.addressee_name = _listed_name(note.addressee, note.languages)
        row.sender_key = note.sender.key
        row.objection_deadline = note.objection_deadline
        row.updated_at = now

    @staticmethod
    def _store_texts(session: Session, revision_id: int, note: Note) -> None:
        session.execute(delete(NoteText).where(NoteText.revision_id == revision_id))
        texts = language_texts(note)
        if texts:
            session.execute(
                insert(NoteText),
                [
                    {"revision_id": revision_id, "language": lang, "text": body}
                    for lang, body in texts.items()
                ],
            )

    def _index(self, session: Session, row: NoteRow, note: Note) -> None:
        if not self._fts:
            return
        number_forms = ""
        if row.number_text:
            number_forms = f"{row.number_text} {row.number_text.replace('/', '-')}"
        body = index_text(
            number_forms, note.subject, row.addressee_name, *language_texts(note).values()
        )
        session.execute(text("DELETE FROM note_fts WHERE rowid = :id"), {"id": row.id})
        session.execute(
            text("INSERT INTO note_fts(rowid, body) VALUES (:id, :body)"),
            {"id": row.id, "body": body},
        )

    @staticmethod
    def _note_row(session: Session, note_id: int, *, lock: bool = False) -> NoteRow:
        statement = select(NoteRow).where(NoteRow.id == note_id)
        if lock:
            statement = statement.with_for_update()
        row = session.scalars(statement).one_or_none()
        if row is None:
            raise NoteNotFound(f"there is no note {note_id} in the register")
        return row

    @staticmethod
    def _current_revision(session: Session, row: NoteRow) -> NoteRevision:
        revision = session.scalars(
            select(NoteRevision).where(
                NoteRevision.note_id == row.id, NoteRevision.revision_no == row.revision_no
            )
        ).one()
        return revision

    def note_in(self, session: Session, note_id: int) -> Note:
        """The note as its current revision holds it (numbered once issued), in a session."""
        row = self._note_row(session, note_id)
        revision = self._current_revision(session, row)
        note = _note_from_data(self._resolve_refs(session, dict(revision.data)))
        if row.running is not None:
            note = replace(note, number=NoteNumber(row.prefix, row.running))
        return note

    def load(self, note_id: int) -> NoteRecord:
        """The note with its status, documents and history."""
        with self.db.reading() as session:
            row = self._note_row(session, note_id)
            revision = self._current_revision(session, row)
            note = _note_from_data(self._resolve_refs(session, dict(revision.data)))
            if row.running is not None:
                note = replace(note, number=NoteNumber(row.prefix, row.running))
            documents = tuple(
                DocumentInfo(doc.file_name, doc.language, doc.sha256, doc.size, doc.issued_at)
                for doc in session.execute(
                    select(
                        IssuedDocument.file_name,
                        IssuedDocument.language,
                        IssuedDocument.sha256,
                        IssuedDocument.size,
                        IssuedDocument.issued_at,
                    )
                    .where(IssuedDocument.note_id == row.id)
                    .order_by(IssuedDocument.id)
                )
            )
            history = tuple(
                StatusEntry(h.from_status, h.to_status, h.at, h.user_id, h.comment)
                for h in session.scalars(
                    select(StatusChange)
                    .where(StatusChange.note_id == row.id)
                    .order_by(StatusChange.id)
                )
            )
            return NoteRecord(
                id=row.id,
                note=note,
                status=row.status,
                revision=row.revision_no,
                created_at=row.created_at,
                updated_at=row.updated_at,
                issued_at=row.issued_at,
                documents=documents,
                history=history,
            )

    @staticmethod
    def _resolve_refs(session: Session, data: dict[str, Any]) -> dict[str, Any]:
        """Fill in a sender or addressee stored by reference to the directory (`{"ref": key}`,
        as bulk-loaded registers store them)."""
        sender = data.get("sender")
        if isinstance(sender, dict) and set(sender) == {"ref"}:
            stored = session.scalar(
                select(SenderProfileRow.data).where(SenderProfileRow.key == sender["ref"])
            )
            if stored is None:
                raise RegisterError(f"sender profile {sender['ref']!r} is not in the directory")
            data = data | {"sender": dict(stored)}
        addressee = data.get("addressee")
        if isinstance(addressee, dict) and set(addressee) == {"ref"}:
            row = session.scalars(
                select(AddresseeRow).where(AddresseeRow.key == addressee["ref"])
            ).one_or_none()
            if row is None:
                raise RegisterError(f"addressee {addressee['ref']!r} is not in the directory")
            forms = {form.language: _forms_dict(form) for form in row.forms}
            data = data | {"addressee": {"key": row.key, "kind": row.kind, "forms": forms}}
        return data

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
        note = _note_from_data(self._resolve_refs(session, dict(revision.data))).validate()
        series = numbering.get_series(session, row.prefix)
        allocated = numbering.allocate(session, series, day=note.date, note_id=row.id)
        number = NoteNumber(series.prefix, allocated.running)
        numbered = replace(note, number=number)
        files = dict(render(numbered))
        if not files:
            raise RegisterError("rendering produced no PDF; nothing was issued")
        now = now or utcnow()
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
        self._index(session, row, numbered)
        return IssueResult(row.id, number, tuple(infos))

    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
        """Re-hash every stored PDF; report any that changed, vanished, or are not on record."""
        problems: list[DocumentProblem] = []
        checked = 0
        with self.db.reading() as session:
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
                if progress:
                    progress(checked, total)
            for note_id, files in expected.items():
                for file_name in files:
                    if (note_id, file_name) not in seen:
                        problems.append(
                            DocumentProblem(note_id, numbers[note_id], file_name, "missing")
                        )
        return VerifyReport(checked, len(manifests), tuple(problems))

    # -- search ---------------------------------------------------------------------------------

    def search(
        self,
        query_text: str = "",
        filters: SearchFilters | None = None,
        sort: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[NoteSummary]:
        """See RegisterReading.search."""
        return self.reading.search(query_text, filters, sort, offset, limit)

    def count(self, query_text: str = "", filters: SearchFilters | None = None) -> int:
        """See RegisterReading.count."""
        return self.reading.count(query_text, filters)

    def find_by_number(self, typed_text: str, limit: int = 50) -> list[NoteSummary]:
        """See RegisterReading.find_by_number."""
        return self.reading.find_by_number(typed_text, limit)

    def iter_summaries(
        self,
        query_text: str = "",
        filters: SearchFilters | None = None,
        sort: str | None = None,
        page: int = 1000,
    ) -> Iterator[NoteSummary]:
        """Every matching note, fetched page by page (for exports)."""
        return self.reading.iter_summaries(query_text, filters, sort, page)


def _forms_dict(form: AddresseeFormRow) -> dict[str, str]:
    return {
        "nominative": form.nominative,
        "dative": form.dative,
        "genitive": form.genitive,
        "foot": form.foot,
    }


def _listed_name(addressee: Addressee, languages: Sequence[str]) -> str:
    for language in ("en", *languages):
        forms = addressee.forms.get(language)
        if forms is not None and forms.nominative.strip():
            return forms.nominative.strip()
    return addressee.key


def _note_data(note: Note) -> dict[str, Any]:
    """The stored form of a note; plans travel as their lossless grid (docs/plan-format.md)."""
    from app.services.plan_io import plan_to_grid  # loaded with the first plan, not at start-up

    data = note_to_dict(note)
    for stored, enclosure in zip(data.get("enclosures", []), note.enclosures, strict=True):
        if enclosure.plan is not None:
            stored["plan_grid"] = plan_to_grid(enclosure.plan)
    return data


def _note_from_data(data: dict[str, Any]) -> Note:
    note = note_from_dict(data)
    grids = [item.get("plan_grid") for item in data.get("enclosures", [])]
    if not any(grids):
        return note
    from app.services.plan_io import grid_to_plan

    enclosures = tuple(
        replace(enclosure, plan=grid_to_plan(grid) if grid else None)
        for enclosure, grid in zip(note.enclosures, grids, strict=True)
    )
    return replace(note, enclosures=enclosures)
