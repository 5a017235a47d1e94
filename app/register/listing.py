"""What the register's read path is asked: the *shape* of a list or search query, and the
interface both ways of answering it share.

A shape is everything that changes a statement's text, never a value: its kind (a page of
summaries, their count, whether any note matches), how notes are matched (`Mode`), which filters
are set (their parameter names) and the sort. Values travel separately, so each statement is
written once per shape.

Two listings answer shapes: `SqliteListing` (plain `sqlite3`, SQL written out; the application's
start reads its first page through it before SQLAlchemy is even imported) and `CoreListing`
(SQLAlchemy Core; PostgreSQL and in-memory SQLite). A test runs both over the same file.

This module imports no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

#: How a search matches notes: ("number", with prefix, count of running-number ranges),
#: ("fts",) the SQLite full-text index, ("like", word count) elsewhere, ("all",), ("nothing",).
Mode = tuple[str | int | bool, ...]

#: Sort keys of a page; "-" in front reverses. None: best match first.
SORT_KEYS = ("number", "date", "addressee", "subject", "status", "deadline", "id")

#: The columns of a summary row, in order.
SUMMARY_COLUMNS = (
    "id",
    "number_text",
    "date",
    "addressee_name",
    "subject",
    "status",
    "objection_deadline",
    "prefix",
)

#: The most running-number ranges a number search has (one per digit count, up to 9 digits).
MAX_RANGES = 10


class UnknownSort(ValueError):
    """A sort key that is not one of SORT_KEYS."""


def sort_key(sort: str) -> tuple[str, bool]:
    """The column key of `sort` and whether it is descending; raises UnknownSort."""
    key = sort.lstrip("-+")
    if key not in SORT_KEYS:
        raise UnknownSort(f"cannot sort by {key!r}; use one of {', '.join(SORT_KEYS)}")
    return key, sort.startswith("-")


class Listing(Protocol):
    """Answers list and search shapes with rows of SUMMARY_COLUMNS."""

    #: Dates come back as ISO text (SQLite's driver), not `datetime.date`.
    dates_as_text: bool
    #: Words are matched with the FTS5 index ("fts" mode) rather than LIKE.
    full_text: bool

    def page(
        self, mode: Mode, names: tuple[str, ...], sort: str | None, params: Mapping[str, Any]
    ) -> list[Sequence[Any]]:
        """One page of summary rows; `params` holds every filter value, `limit` and `offset`."""
        ...

    def stream(
        self,
        mode: Mode,
        names: tuple[str, ...],
        sort: str | None,
        params: Mapping[str, Any],
        batch: int,
    ) -> Iterator[list[Sequence[Any]]]:
        """Every summary row of the shape, `batch` rows at a time (exports of a whole
        register): `params` holds the filter values, no `limit` or `offset`."""
        ...

    def count(self, mode: Mode, names: tuple[str, ...], params: Mapping[str, Any]) -> int: ...

    def exists(self, mode: Mode, names: tuple[str, ...], params: Mapping[str, Any]) -> bool: ...

    def has_users(self) -> bool:
        """True once the register has a user account."""
        ...

    def close(self) -> None:
        """Close the connections held; the next query opens them again."""
        ...
