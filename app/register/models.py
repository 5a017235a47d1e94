"""The register's tables, SQLAlchemy 2 style. Every schema change goes through an Alembic
migration in `app/register/migrations/versions/`.

Design notes for later migrations (workflow, people, audit): `notes.status` holds the current
state as a short text; `status_history` records every change (who, when, comment); `users` holds
people (roles and password hash are columns a later migration may widen); `objections` records
objections received under a silence procedure.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    #: Space-separated roles: drafter approver registrar administrator.
    roles: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Series(Base):
    """A number series: prefix `PAR`, format pattern, optional yearly reset."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16))
    pattern: Mapped[str] = mapped_column(String(64), default="{prefix}/{running}")
    yearly_reset: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200), default="")


class SeriesCounter(Base):
    """The last running number given out in a series (per year when the series resets)."""

    __tablename__ = "series_counters"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"), primary_key=True)
    #: 0 for series that never reset.
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_running: Mapped[int] = mapped_column(Integer, default=0)


class AllocatedNumber(Base):
    """Every number ever given out; never deleted, never reused. A cancelled one stays."""

    __tablename__ = "numbers"
    __table_args__ = (UniqueConstraint("series_id", "year", "running", name="uq_numbers_running"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    year: Mapped[int] = mapped_column(Integer)
    running: Mapped[int] = mapped_column(Integer)
    #: allocated, used, cancelled
    state: Mapped[str] = mapped_column(String(16), default="allocated")
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))
    allocated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class AddresseeRow(Base):
    __tablename__ = "addressees"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="group")
    #: en, ru or kk: the language of the covering e-mail a dispatch sends (migration 0006).
    working_language: Mapped[str] = mapped_column(String(8), default="", server_default="")
    email: Mapped[str] = mapped_column(Text, default="", server_default="")
    forms: Mapped[list[AddresseeFormRow]] = relationship(
        back_populates="addressee", cascade="all, delete-orphan"
    )


class AddresseeMember(Base):
    """A member of a group addressee, in order: the group's notes are dispatched to each."""

    __tablename__ = "addressee_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("addressees.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("addressees.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class AddresseeFormRow(Base):
    __tablename__ = "addressee_forms"

    addressee_id: Mapped[int] = mapped_column(ForeignKey("addressees.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    nominative: Mapped[str] = mapped_column(Text)
    dative: Mapped[str] = mapped_column(Text)
    genitive: Mapped[str] = mapped_column(Text)
    foot: Mapped[str] = mapped_column(Text, default="")
    addressee: Mapped[AddresseeRow] = relationship(back_populates="forms")


class SenderProfileRow(Base):
    __tablename__ = "sender_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    #: The profile's serialised form (names per language, letterhead, emblem).
    data: Mapped[dict[str, object]] = mapped_column(JSON)


class NoteRow(Base):
    """A note in the register; its texts live in revisions, the latest one current."""

    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_date_id", "date", "id"),
        Index("ix_notes_running", "running"),
        Index("ix_notes_prefix_running", "prefix", "running"),
        Index("ix_notes_status_date", "status", "date"),
        Index("ix_notes_deadline", "objection_deadline"),
        Index("ix_notes_addressee_key", "addressee_key"),
        Index("ix_notes_addressee_name", "addressee_name", "id"),
        Index("ix_notes_subject", "subject", "id"),
        Index("ix_notes_verification_code", "verification_code", unique=True),
        Index("ix_notes_in_reply_to", "in_reply_to_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    prefix: Mapped[str] = mapped_column(String(16))
    #: Null until the note is issued (or a number is reserved for it).
    running: Mapped[int | None] = mapped_column(Integer)
    number_year: Mapped[int | None] = mapped_column(Integer)
    number_text: Mapped[str | None] = mapped_column(String(40))
    note_type: Mapped[str] = mapped_column(String(40))
    languages: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text, default="")
    addressee_key: Mapped[str] = mapped_column(String(100))
    #: The addressee as listed in the register (English nominative, or the first language's).
    addressee_name: Mapped[str] = mapped_column(Text, default="")
    sender_key: Mapped[str] = mapped_column(String(100))
    objection_deadline: Mapped[dt.date | None] = mapped_column(Date)
    #: draft, submitted, approved, issued, dispatched, returned, withdrawn, cancelled
    status: Mapped[str] = mapped_column(String(20), default="draft")
    outcome: Mapped[str | None] = mapped_column(String(40))
    revision_no: Mapped[int] = mapped_column(Integer, default=1)
    #: A correction of an issued note is a new note pointing at the one it corrects.
    corrects_note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Who saved the current revision last: the four-eyes rule keeps them from approving it.
    last_edited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Counts the saves of the note (migration 0012): a save that began from an older one was
    #: made over someone else's and is refused (app.services.register_notes).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: When issued: [{"file_name", "language", "sha256", "size"}] of every PDF sent, so that
    #: `verbale verify` can tell a vanished document from one never issued.
    documents_manifest: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    #: When issued: the random code printed on its pages (K7QX93MD, shown as K7QX-93MD).
    verification_code: Mapped[str | None] = mapped_column(String(16))
    #: When issued: the audit chain's head just before the issue (in its PDFs too).
    issue_chain_head: Mapped[str | None] = mapped_column(String(64))
    #: The incoming note this note answers (incoming_notes.id; migration 0008).
    in_reply_to_id: Mapped[int | None] = mapped_column(Integer)


class NoteShare(Base):
    """A draft its drafter shares with a colleague, who may then save over it too."""

    __tablename__ = "note_shares"

    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    shared_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shared_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class NoteRevision(Base):
    """One saved state of a note: its complete serialised form."""

    __tablename__ = "note_revisions"
    __table_args__ = (UniqueConstraint("note_id", "revision_no", name="uq_note_revisions_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    revision_no: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class NoteText(Base):
    """The text of one language version of a revision, as searched and exported."""

    __tablename__ = "note_texts"

    revision_id: Mapped[int] = mapped_column(
        ForeignKey("note_revisions.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class PlanRow(Base):
    """An enclosed plan, stored generically: its serialised form as the plan module writes it."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("note_revisions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, object]] = mapped_column(JSON)


class PlanTableRow(Base):
    """One row of a plan's table, for queries and exports (numbering, level, cells per language)."""

    __tablename__ = "plan_rows"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="item")
    level: Mapped[int] = mapped_column(Integer, default=0)
    numbering: Mapped[str] = mapped_column(String(40), default="")
    cells: Mapped[dict[str, object]] = mapped_column(JSON)


class IssuedDocument(Base):
    """An issued PDF exactly as sent, with its SHA-256."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("note_id", "file_name", name="uq_issued_documents_file"),
        Index("ix_issued_documents_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("note_revisions.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    #: en, ru, kk, or "all" for the bound parallel volume.
    language: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Dispatch(Base):
    """One recipient of an issued note (a group's member, or the addressee itself) and how the
    note went out to it (migration 0007). `state`: pending, sending, sent, failed."""

    __tablename__ = "dispatches"
    __table_args__ = (
        UniqueConstraint("note_id", "recipient_key", name="uq_dispatches_recipient"),
        Index("ix_dispatches_note", "note_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
    position: Mapped[int] = mapped_column(Integer)
    recipient_key: Mapped[str] = mapped_column(String(100))
    recipient_name: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")
    working_language: Mapped[str] = mapped_column(String(8), default="en")
    state: Mapped[str] = mapped_column(String(16), default="pending")
    #: email, courier, hand
    method: Mapped[str | None] = mapped_column(String(16))
    message_id: Mapped[str | None] = mapped_column(Text)
    #: {file_name: sha256} of every PDF sent.
    documents: Mapped[dict[str, object] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class StatusChange(Base):
    __tablename__ = "status_history"
    __table_args__ = (Index("ix_status_history_note", "note_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")


class Objection(Base):
    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
    party: Mapped[str] = mapped_column(Text)
    received_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IncomingNote(Base):
    """A note received (migration 0008): its number as the sender wrote it, the received PDF
    with its SHA-256; an objection under a silence procedure names the procedure's note."""

    __tablename__ = "incoming_notes"
    __table_args__ = (
        Index("ix_incoming_notes_number_key", "number_key"),
        Index("ix_incoming_notes_answer_by", "answer_by"),
        Index("ix_incoming_notes_procedure", "procedure_note_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: As the sender wrote it: `No. 12/345`.
    number_text: Mapped[str] = mapped_column(String(80))
    #: Its letters and digits alone, folded (`12345`), for search.
    number_key: Mapped[str] = mapped_column(String(80))
    date: Mapped[dt.date] = mapped_column(Date)
    sender_key: Mapped[str] = mapped_column(String(100), default="")
    sender_name: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(String(40), default="")
    received_on: Mapped[dt.date] = mapped_column(Date)
    answer_by: Mapped[dt.date | None] = mapped_column(Date)
    file_name: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    procedure_note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """One entry of the append-only audit log (see app.services.audit for the hash chain).

    SQLite triggers refuse any UPDATE or DELETE of this table; `hash` is the SHA-256 of
    `prev_hash` and a canonical serialisation of the other columns, so that an entry edited,
    removed or inserted behind the app's back breaks the chain."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_note", "note_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: The login of whoever acted, as typed for a failed login; empty for the system.
    user_login: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    note_id: Mapped[int | None] = mapped_column(Integer)
    #: Canonical JSON (sorted keys, no spaces): exactly the text the hash covers.
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The fingerprint of the audit key that made `mac` (app.services.audit_anchor), and the
    #: HMAC-SHA256 of the entry's number and hash under that key; NULL in entries older than
    #: migration 0005.
    mac_key: Mapped[str | None] = mapped_column(String(16))
    mac: Mapped[str | None] = mapped_column(String(64))


#: The full-text index: one row per note, rowid = notes.id, text folded by app.register.search.
FTS_TABLE = "note_fts"
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 0')"
)
