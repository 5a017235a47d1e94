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
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    column,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from app.domain.note import Note
from app.domain.number import NoteNumber, NumberQuery
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
from app.register.engine import Database, is_sqlite, make_engine, sqlite_path
from app.register.listing import AnySelect, Listing
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
from app.register.search import MAX_DIGITS, fold, fts_query, index_text, running_ranges

#: States whose texts may still be edited.
EDITABLE_STATES = frozenset({"draft", "returned"})
#: States from which a note may be issued: only an approved note (app.services.workflow).
ISSUABLE_STATES = frozenset({"approved"})
STATUSES = tuple(status.value for status in NoteStatus)

SummarySelect = Select[int, str | None, dt.date, str, str, str, dt.date | None, str]
#: How a search matches notes, as part of its query shape: ("number", with prefix, ranges),
#: ("fts",), ("like", words), ("all",) or ("nothing",).
Mode = tuple[str | int | bool, ...]

#: Render a numbered note to its PDF files: file name -> bytes.
Renderer = Callable[[Note], Mapping[str, bytes]]


class RegisterError(RuntimeError):
    """A register operation refused, with a message for the officer."""


class NoteNotFound(RegisterError):
    pass


@dataclass(frozen=True)
class NoteSummary:
    """One line of the register, as listed and exported."""

    id: int
    number: str | None
    date: dt.date
    addressee: str
    subject: str
    status: str
    deadline: dt.date | None
    series: str = ""

    @property
    def number_display(self) -> str:
        """`№PAR/1453`, or an empty string for a note not yet numbered."""
        return f"№{self.number}" if self.number else ""


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
class SearchFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    statuses: tuple[str, ...] = ()
    #: An addressee's directory key, or any part of its name as listed.
    addressee: str | None = None
    series: str | None = None
    #: Only notes whose objection deadline is today or later and whose outcome is not set.
    open_deadlines: bool = False
    deadline_before: dt.date | None = None
    today: dt.date | None = None
    #: Only notes drafted by this user id ("My drafts").
    created_by: int | None = None
    #: Only notes not drafted by this user id, notes with no recorded drafter included
    #: ("Awaiting my approval").
    exclude_created_by: int | None = None


#: No filter at all.
NO_FILTERS = SearchFilters()

#: Sort keys for `search`; "-" in front reverses. None: best match first.
SORT_KEYS = ("number", "date", "addressee", "subject", "status", "deadline", "id")


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

    def __init__(self, database: Database | Engine | str) -> None:
        if isinstance(database, str):
            database = Database(make_engine(database))
        elif isinstance(database, Engine):
            database = Database(database)
        self.db = database
        self._fts = is_sqlite(database.engine)

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Register:
        """Open the register at `url`, creating or migrating its schema if asked."""
        register = cls(url)
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

    @cached_property
    def listing(self) -> Listing:
        """The read path of searches and lists: its SQL built once per query shape, run on
        connections of its own on SQLite (closed with the engine)."""
        return Listing(self.db.engine)

    def search(
        self,
        query_text: str = "",
        filters: SearchFilters | None = None,
        sort: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[NoteSummary]:
        """Notes matching what an officer typed: a number in any form officers type it (exact
        match first, then numbers starting with the digits), else words anywhere in any language
        version. `sort` is one of SORT_KEYS, "-" in front to reverse; None is best match first."""
        params = _filter_params(filters or NO_FILTERS)
        names = tuple(params)
        params["offset"] = max(offset, 0)
        params["limit"] = max(limit, 0)
        typed = query_text.strip()
        number = _number_query(typed)
        if number is not None:
            mode, values = _number_mode(number)
            by_number = params | values
            found = self._page(mode, names, sort, by_number)
            # An empty page of number matches still means "search by number" when the page is
            # past the end or empty by request; only no match at all falls back to words.
            if found or ((offset > 0 or limit <= 0) and self._matches_any(mode, names, by_number)):
                return found
        mode, values = self._text_mode(typed)
        return self._page(mode, names, sort, params | values)

    def count(self, query_text: str = "", filters: SearchFilters | None = None) -> int:
        """How many notes `search` would list for the same query and filters (on SQLite
        remembered until the register changes, so paging a million notes counts them once)."""
        params = _filter_params(filters or NO_FILTERS)
        names = tuple(params)
        typed = query_text.strip()
        number = _number_query(typed)
        if number is not None:
            mode, values = _number_mode(number)
            counted = self._count(mode, names, params | values)
            if counted:
                return counted
        mode, values = self._text_mode(typed)
        return self._count(mode, names, params | values)

    def find_by_number(self, typed_text: str, limit: int = 50) -> list[NoteSummary]:
        """Notes by number only: exact match first, then partial matches."""
        number = _number_query(typed_text.strip())
        if number is None:
            return []
        mode, values = _number_mode(number)
        return self._page(mode, (), None, values | {"offset": 0, "limit": max(limit, 0)})

    def iter_summaries(
        self,
        query_text: str = "",
        filters: SearchFilters | None = None,
        sort: str | None = None,
        page: int = 1000,
    ) -> Iterator[NoteSummary]:
        """Every matching note, fetched page by page (for exports)."""
        offset = 0
        while True:
            rows = self.search(query_text, filters, sort, offset, page)
            yield from rows
            if len(rows) < page:
                return
            offset += page

    def _text_mode(self, typed: str) -> tuple[Mode, dict[str, Any]]:
        """How words are searched: the FTS5 index on SQLite, LIKE on every word elsewhere."""
        if not typed:
            return ("all",), {}
        match = fts_query(typed)
        if match is None:
            return ("nothing",), {}
        if self._fts:
            return ("fts",), {"match": match}
        words = match.replace('"', "").replace("*", "").split()
        return ("like", len(words)), {f"word_{i}": f"%{word}%" for i, word in enumerate(words)}

    def _page(
        self, mode: Mode, names: tuple[str, ...], sort: str | None, params: dict[str, Any]
    ) -> list[NoteSummary]:
        shape = ("page", mode, names, sort)
        rows = self.listing.rows(shape, lambda: _statement("page", mode, names, sort), params)
        return _summaries(rows, dates_as_text=self.listing.fast)

    def _count(self, mode: Mode, names: tuple[str, ...], params: dict[str, Any]) -> int:
        shape = ("count", mode, names)
        return self.listing.count(shape, lambda: _statement("count", mode, names), params)

    def _matches_any(self, mode: Mode, names: tuple[str, ...], params: dict[str, Any]) -> bool:
        shape = ("exists", mode, names)
        build = lambda: _statement("exists", mode, names)  # noqa: E731
        return self.listing.scalar(shape, build, params) is not None


_FTS = table("note_fts", column("rowid", Integer), column("rank"), column("body", Text))


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


def _summary_select() -> SummarySelect:
    return select(
        NoteRow.id,
        NoteRow.number_text,
        NoteRow.date,
        NoteRow.addressee_name,
        NoteRow.subject,
        NoteRow.status,
        NoteRow.objection_deadline,
        NoteRow.prefix,
    )


def _summaries(rows: Sequence[Sequence[Any]], dates_as_text: bool) -> list[NoteSummary]:
    """Register lines from rows of `_summary_select`'s columns. SQLite's driver hands dates
    back as ISO text on the fast path; SQLAlchemy gives `datetime.date`."""
    day: Callable[[Any], dt.date] = dt.date.fromisoformat if dates_as_text else _as_is
    new, set_attribute = object.__new__, object.__setattr__
    summaries = []
    for note_id, number, date, addressee, subject, status, deadline, prefix in rows:
        summary = new(NoteSummary)
        # A frozen dataclass's __init__ sets each field through object.__setattr__, which made
        # building a page of summaries cost more than reading it from SQLite; filling the
        # instance dict at once gives the same object (fields, equality, hash) far faster.
        set_attribute(
            summary,
            "__dict__",
            {
                "id": note_id,
                "number": number,
                "date": day(date),
                "addressee": addressee,
                "subject": subject,
                "status": status,
                "deadline": None if deadline is None else day(deadline),
                "series": prefix,
            },
        )
        summaries.append(summary)
    return summaries


def _as_is(value: dt.date) -> dt.date:
    return value


def _statement(kind: str, mode: Mode, names: tuple[str, ...], sort: str | None = None) -> AnySelect:
    """The SQL of one query shape: a page of summaries ("page"), their number ("count") or
    the first match ("exists"). Every value is a named parameter, so the statement is built
    and compiled once per shape."""
    statement: AnySelect = _summary_select()
    for condition in _filter_conditions(names):
        statement = statement.where(condition)
    best: list[ColumnElement[Any]] = [NoteRow.date.desc(), NoteRow.id.desc()]
    if mode[0] == "number":
        condition, best = _number_condition(bool(mode[1]), int(str(mode[2])))
        statement = statement.where(condition)
    elif mode[0] == "fts":
        fts = (
            select(_FTS.c.rowid.label("note_id"), _FTS.c.rank.label("fts_rank"))
            .where(text("note_fts MATCH :match"))
            .subquery("fts")
        )
        statement = statement.join(fts, fts.c.note_id == NoteRow.id)
        best = [fts.c.fts_rank, NoteRow.date.desc(), NoteRow.id.desc()]
    elif mode[0] == "like":
        # Other databases: every word somewhere in the listed text (no index).
        for index in range(int(str(mode[1]))):
            pattern = bindparam(f"word_{index}", type_=Text)
            statement = statement.where(
                or_(
                    func.lower(NoteRow.subject).like(pattern),
                    func.lower(NoteRow.addressee_name).like(pattern),
                    func.lower(NoteRow.number_text).like(pattern),
                )
            )
    elif mode[0] == "nothing":
        statement = statement.where(false())
    if kind == "count":
        return statement.with_only_columns(func.count(), maintain_column_froms=True)
    if kind == "exists":
        return statement.with_only_columns(NoteRow.id, maintain_column_froms=True).limit(1)
    return (
        statement.order_by(*_order(sort, best))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def _order(sort: str | None, best: list[ColumnElement[Any]]) -> list[ColumnElement[Any]]:
    if not sort:
        return best or [NoteRow.date.desc(), NoteRow.id.desc()]
    descending = sort.startswith("-")
    key = sort.lstrip("-+")
    columns: dict[str, list[Any]] = {
        "number": [NoteRow.prefix, NoteRow.running],
        "date": [NoteRow.date],
        "addressee": [NoteRow.addressee_name],
        "subject": [NoteRow.subject],
        "status": [NoteRow.status, NoteRow.date],
        "deadline": [NoteRow.objection_deadline],
        "id": [],
    }
    if key not in columns:
        raise RegisterError(f"cannot sort by {key!r}; use one of {', '.join(SORT_KEYS)}")
    chosen = [*columns[key], NoteRow.id]
    ordered = [column.desc() if descending else column.asc() for column in chosen]
    if key == "number":  # notes without a number (drafts) last either way
        return [NoteRow.running.is_(None).asc(), *ordered]
    return ordered


def _number_query(typed: str) -> NumberQuery | None:
    """What was typed as a number, or None when it holds no running number."""
    if not typed:
        return None
    query = NumberQuery.parse(typed)
    if query is None or query.digits is None:
        return None
    return query


def _number_mode(query: NumberQuery) -> tuple[Mode, dict[str, Any]]:
    """The shape and values of a number search: the exact running number, the ranges of
    numbers starting with the typed digits, the series if typed."""
    assert query.digits is not None and query.running is not None
    ranges = running_ranges(query.digits)
    values: dict[str, Any] = {"running": query.running}
    for (low_key, high_key), (low, high) in zip(_RANGE_KEYS, ranges, strict=False):
        values[low_key] = low
        values[high_key] = high
    if query.prefix:
        values["prefix"] = query.prefix
    return ("number", bool(query.prefix), len(ranges)), values


#: Parameter names of the running-number ranges: ("low_0", "high_0"), ...
_RANGE_KEYS = tuple((f"low_{index}", f"high_{index}") for index in range(MAX_DIGITS + 1))


def _number_condition(
    with_prefix: bool, range_count: int
) -> tuple[ColumnElement[bool], list[ColumnElement[Any]]]:
    running = bindparam("running", type_=Integer)
    exact = NoteRow.running == running
    if range_count:
        partial: ColumnElement[bool] = or_(
            *(
                and_(
                    NoteRow.running >= bindparam(f"low_{index}", type_=Integer),
                    NoteRow.running < bindparam(f"high_{index}", type_=Integer),
                )
                for index in range(range_count)
            )
        )
    else:
        partial = exact
    condition = or_(exact, partial)
    if with_prefix:
        condition = and_(NoteRow.prefix == bindparam("prefix", type_=Text), condition)
    order: list[ColumnElement[Any]] = [
        (NoteRow.running != running).asc(),
        NoteRow.running.asc(),
        NoteRow.date.desc(),
        NoteRow.id.desc(),
    ]
    return condition, order


def _filter_params(filters: SearchFilters) -> dict[str, Any]:
    """The values of the filters set; which keys are present is the filters' part of the shape."""
    params: dict[str, Any] = {}
    if filters.date_from:
        params["date_from"] = filters.date_from
    if filters.date_to:
        params["date_to"] = filters.date_to
    for index, status in enumerate(filters.statuses):
        params[f"state_{index}"] = status
    if filters.series:
        params["series"] = filters.series.strip().upper()
    if filters.addressee:
        wanted = filters.addressee.strip()
        params["addressee_key"] = wanted
        params["addressee_part"] = _like_escaped(wanted.lower())
    if filters.open_deadlines:
        params["today"] = filters.today or dt.date.today()
    if filters.deadline_before:
        params["deadline_before"] = filters.deadline_before
    if filters.created_by is not None:
        params["created_by"] = filters.created_by
    if filters.exclude_created_by is not None:
        params["exclude_created_by"] = filters.exclude_created_by
    return params


def _like_escaped(text: str) -> str:
    """`text` for a LIKE pattern with "/" as the escape character: %, _ and / match themselves."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _filter_conditions(names: Sequence[str]) -> list[ColumnElement[bool]]:
    """The conditions of the filters named (the keys `_filter_params` gives)."""
    conditions: list[ColumnElement[bool]] = []
    if "date_from" in names:
        conditions.append(NoteRow.date >= bindparam("date_from", type_=Date))
    if "date_to" in names:
        conditions.append(NoteRow.date <= bindparam("date_to", type_=Date))
    statuses = [bindparam(name, type_=Text) for name in names if name.startswith("state_")]
    if statuses:
        conditions.append(NoteRow.status.in_(statuses))
    if "series" in names:
        conditions.append(NoteRow.prefix == bindparam("series", type_=Text))
    if "addressee_key" in names:
        conditions.append(
            or_(
                NoteRow.addressee_key == bindparam("addressee_key", type_=Text),
                func.lower(NoteRow.addressee_name).contains(
                    bindparam("addressee_part", type_=Text), escape="/"
                ),
            )
        )
    if "today" in names:
        conditions.append(NoteRow.objection_deadline >= bindparam("today", type_=Date))
        conditions.append(NoteRow.outcome.is_(None))
        conditions.append(NoteRow.status != "withdrawn")
    if "deadline_before" in names:
        conditions.append(NoteRow.objection_deadline <= bindparam("deadline_before", type_=Date))
    if "created_by" in names:
        conditions.append(NoteRow.created_by == bindparam("created_by", type_=Integer))
    if "exclude_created_by" in names:
        excluded = bindparam("exclude_created_by", type_=Integer)
        conditions.append(NoteRow.created_by.is_distinct_from(excluded))
    return conditions


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
