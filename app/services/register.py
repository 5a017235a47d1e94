"""The register's use cases: save and load notes, search them, give out numbers, issue, verify.

Every method opens one short session and returns domain objects or frozen dataclasses, never ORM
objects, so the GUI can hold results as long as it likes on any thread.

`Register` is put together from one class per responsibility, each in its own module:
register_core (database, sessions, schema, the list), register_series (numbers),
register_notes (drafts, the directory), register_issuing (status, issuing, verification);
register_records holds the records they return.
"""

from __future__ import annotations

from app.services.register_core import NoRegister
from app.services.register_issuing import RegisterIssuing, default_renderer
from app.services.register_reading import (
    NO_FILTERS,
    SORT_KEYS,
    NoteSummary,
    RegisterError,
    SearchFilters,
)
from app.services.register_records import (
    EDITABLE_STATES,
    ISSUABLE_STATES,
    STATUSES,
    DocumentInfo,
    DocumentProblem,
    IssueResult,
    NoteNotFound,
    NoteRecord,
    Renderer,
    SeriesInfo,
    StatusEntry,
    VerifyReport,
)
from app.services.register_series import RegisterSeries

__all__ = [
    "EDITABLE_STATES",
    "ISSUABLE_STATES",
    "NO_FILTERS",
    "SORT_KEYS",
    "STATUSES",
    "DocumentInfo",
    "DocumentProblem",
    "IssueResult",
    "NoRegister",
    "NoteNotFound",
    "NoteRecord",
    "NoteSummary",
    "Register",
    "RegisterError",
    "Renderer",
    "SearchFilters",
    "SeriesInfo",
    "StatusEntry",
    "VerifyReport",
    "default_renderer",
]


class Register(RegisterIssuing, RegisterSeries):
    """The register of notes at one database URL."""
