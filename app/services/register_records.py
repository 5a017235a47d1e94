"""What the register hands out: frozen records of notes, documents, series and checks, and the
register's own errors. No session, no ORM object: the GUI may keep these on any thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.domain.note import Note
from app.domain.number import NoteNumber
from app.domain.verification import VerificationCode
from app.domain.workflow import NoteStatus
from app.services.register_reading import RegisterError

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
    #: How many times the note was saved: a window saves over this version only.
    version: int = 1

    @property
    def number(self) -> NoteNumber | None:
        return self.note.number

    @property
    def verification_code(self) -> VerificationCode | None:
        """The code printed on every page of the issued note (None before issue)."""
        return self.note.issue_mark.code if self.note.issue_mark else None

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATES


@dataclass(frozen=True)
class IssueResult:
    note_id: int
    number: NoteNumber
    documents: tuple[DocumentInfo, ...]
    #: The code printed on every page (None only for a result made by hand in a test).
    code: VerificationCode | None = None
    #: The audit chain's head just before the issue, printed in the QR code.
    chain_head: str = ""


@dataclass(frozen=True)
class DocumentProblem:
    note_id: int
    number: str | None
    file_name: str
    #: "changed", "missing", "unexpected", "unaudited" (issued with no issue entry in the
    #: audit log that mentions the note), "renumbered" (its number is not the one its issue
    #: entry gave) or "reused" (two issue entries gave the same number)
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
