"""Notes in the register: drafts saved and loaded, with the addressee and sender directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from app.domain.note import Note
from app.domain.number import NoteNumber
from app.domain.parties import Addressee, SenderProfile
from app.domain.verification import IssueMark, VerificationCode
from app.i18n.messages import _
from app.register import numbering
from app.register.codec import (
    language_texts,
    note_from_dict,
    note_to_dict,
    sender_to_dict,
)
from app.register.models import (
    AddresseeFormRow,
    AddresseeRow,
    IssuedDocument,
    NoteRevision,
    NoteRow,
    NoteText,
    SenderProfileRow,
    StatusChange,
    User,
    utcnow,
)
from app.register.search import fold, index_text, postgresql_index_text
from app.services.directory_store import read_entries, store_entry, store_forms
from app.services.register_core import RegisterCore
from app.services.register_reading import RegisterError
from app.services.register_records import (
    EDITABLE_STATES,
    DocumentInfo,
    NoteNotFound,
    NoteRecord,
    StatusEntry,
)


class DraftChanged(RegisterError):
    """A draft saved from a window that opened an older version of it (another officer saved
    meanwhile): refused, never saved over."""


class RegisterNotes(RegisterCore):
    """Drafts and the directory of addressees and senders."""

    def save_addressee(self, addressee: Addressee) -> None:
        """Store a directory entry whole (forms, working language, e-mail, a group's members;
        a member the register lacks is taken from the shipped directory)."""
        from app.services.addressee_file import addressee_directory

        with self._writing() as session:
            store_entry(session, addressee, addressee_directory())

    def addressees(self, text: str = "") -> list[Addressee]:
        with self.db.reading() as session:
            found = read_entries(session)
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
        store_forms(session, addressee)

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
        opened_version: int | None = None,
    ) -> int:
        """`save_draft` inside the caller's write transaction; `user_id` is recorded as the
        drafter of a new note and as the last editor either way. `opened_version`: the version
        the saving window opened (NoteRecord.version); DraftChanged if another save came
        between."""
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
            if opened_version is not None and row.version != opened_version:
                raise DraftChanged(self._changed_since(session, row))
            row.version = row.version + 1
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
    def _changed_since(session: Session, row: NoteRow) -> str:
        """Who saved the note last, and when, as the refusal of a save over it says."""
        editor = session.get(User, row.last_edited_by) if row.last_edited_by else None
        name = (editor.display_name or editor.login) if editor is not None else "?"
        at = row.updated_at.replace(tzinfo=dt.UTC).astimezone().strftime("%d.%m.%Y %H:%M:%S")
        return _(
            "this draft was changed by {name} at {time} since you opened it: your text is kept "
            "here; copy what you need, close the window and open the note again"
        ).format(name=name, time=at)

    @staticmethod
    def _copy_header(row: NoteRow, note: Note, now: dt.datetime) -> None:
        row.note_type = note.note_type
        row.languages = " ".join(note.languages)
        row.date = note.date
        row.subject = note.subject
        row.addressee_key = note.addressee.key
        row.in_reply_to_id = note.in_reply_to.incoming_id if note.in_reply_to else None
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
        if self._fts_postgresql:
            body = postgresql_index_text(body)
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
        note = note_from_data(self._resolve_refs(session, dict(revision.data)))
        if row.running is not None:
            note = replace(note, number=NoteNumber(row.prefix, row.running))
        note = _with_issue_mark(note, row)
        return note

    def load(self, note_id: int) -> NoteRecord:
        """The note with its status, documents and history."""
        with self.db.reading() as session:
            row = self._note_row(session, note_id)
            revision = self._current_revision(session, row)
            note = note_from_data(self._resolve_refs(session, dict(revision.data)))
            if row.running is not None:
                note = replace(note, number=NoteNumber(row.prefix, row.running))
            note = _with_issue_mark(note, row)
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
                version=row.version,
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


def note_from_data(data: dict[str, Any]) -> Note:
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


def _with_issue_mark(note: Note, row: NoteRow) -> Note:
    """The note with the verification code and chain head it was issued with, if any."""
    if not row.verification_code or row.issued_at is None:
        return note
    mark = IssueMark(
        VerificationCode(row.verification_code), row.issue_chain_head or "", row.issued_at
    )
    return replace(note, issue_mark=mark)
