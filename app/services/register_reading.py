"""Reading the register's list: search by number or words, filter, sort, page, count.

Everything the register window needs to show its rows, and nothing that writes. On a SQLite
file it runs on plain `sqlite3` (app.register.sqlite_listing), so the application can show the
first rows of a million-note register before SQLAlchemy and the rest of the register service
have loaded; `Register` answers its own searches through the same object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from app.register.listing import MAX_RANGES, SORT_KEYS, Listing, Mode, UnknownSort, sort_key
from app.register.location import sqlite_path
from app.register.revision import HEAD_REVISION
from app.register.search import MAX_DIGITS, fts_query, running_ranges
from app.register.sqlite_listing import SqliteListing

if TYPE_CHECKING:
    from app.domain.number import NumberQuery

__all__ = [
    "NO_FILTERS",
    "SORT_KEYS",
    "NoteSummary",
    "RegisterError",
    "RegisterReading",
    "SearchFilters",
    "open_register_file",
    "sqlite_path",
]


class RegisterError(RuntimeError):
    """A register operation refused, with a message for the officer."""


class NoteSummary(NamedTuple):
    """One line of the register, as listed and exported: immutable, compared and hashed by its
    fields. A named tuple, so that a page of lines is made from the driver's rows as they come
    (a frozen dataclass's 200 instances cost half what the server took to read the page)."""

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

#: More rows than any register holds: the largest offset or limit passed to the database.
MAX_ROWS = 2**62

assert MAX_DIGITS + 1 <= MAX_RANGES  # one range per digit count a number can have
#: Parameter names of the running-number ranges: ("low_0", "high_0"), ...
_RANGE_KEYS = tuple((f"low_{index}", f"high_{index}") for index in range(MAX_RANGES))


class RegisterReading:
    """The register's list, searched and paged. Safe to call from any thread."""

    def __init__(self, listing: Listing, url: str = "") -> None:
        self.listing = listing
        self.url = url

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
        _check_sort(sort)
        params = _filter_params(filters) if filters is not None else {}
        names = tuple(params)
        # Within what a database integer holds, however far an officer asks to page.
        params["offset"] = min(max(offset, 0), MAX_ROWS)
        params["limit"] = min(max(limit, 0), MAX_ROWS)
        typed = query_text.strip()
        number = _number_query(typed)
        if number is not None:
            mode, values = _number_mode(number)
            by_number = params | values
            found = self._page(mode, names, sort, by_number)
            # An empty page of number matches still means "search by number" when the page is
            # past the end or empty by request; only no match at all falls back to words.
            if found:
                return found
            if (offset > 0 or limit <= 0) and self.listing.exists(mode, names, by_number):
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
            counted = self.listing.count(mode, names, params | values)
            if counted:
                return counted
        mode, values = self._text_mode(typed)
        return self.listing.count(mode, names, params | values)

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
        """Every note `search` would list, in the same order, read `page` rows at a time
        (for exports: a million notes in seconds)."""
        _check_sort(sort)
        params = _filter_params(filters or NO_FILTERS)
        names = tuple(params)
        typed = query_text.strip()
        mode: Mode | None = None
        number = _number_query(typed)
        if number is not None:
            mode, values = _number_mode(number)
            if not self.listing.exists(mode, names, params | values):
                mode = None  # no number matches: words, as `search` falls back
        if mode is None:
            mode, values = self._text_mode(typed)
        batch = max(page, 1)
        for rows in self.listing.stream(mode, names, sort, params | values, batch):
            yield from _summaries(rows, dates_as_text=self.listing.dates_as_text)

    def has_users(self) -> bool:
        """True once the first user (the administrator) has been added."""
        return self.listing.has_users()

    def close(self) -> None:
        self.listing.close()

    def _text_mode(self, typed: str) -> tuple[Mode, dict[str, Any]]:
        """How words are searched: the FTS5 index on SQLite, LIKE on every word elsewhere."""
        if not typed:
            return ("all",), {}
        match = fts_query(typed)
        if match is None:
            return ("nothing",), {}
        if self.listing.full_text:
            return ("fts",), {"match": match}
        words = match.replace('"', "").replace("*", "").split()
        return ("like", len(words)), {f"word_{i}": f"%{word}%" for i, word in enumerate(words)}

    def _page(
        self, mode: Mode, names: tuple[str, ...], sort: str | None, params: dict[str, Any]
    ) -> list[NoteSummary]:
        rows = self.listing.page(mode, names, sort, params)
        return _summaries(rows, dates_as_text=self.listing.dates_as_text)


def open_register_file(url: str) -> RegisterReading | None:
    """The list of the SQLite register file at `url`, read without loading the register
    service; None when `url` is another database, or the file does not exist or is not at the
    newest schema yet (creating and migrating it is the register service's work)."""
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    listing = SqliteListing(path)
    if listing.schema_revision() != HEAD_REVISION:
        listing.close()
        return None
    return RegisterReading(listing, url)


def _check_sort(sort: str | None) -> None:
    """Refuse, for the officer, a sort that is not one of SORT_KEYS."""
    if sort:
        try:
            sort_key(sort)
        except UnknownSort as error:
            raise RegisterError(str(error)) from error


def _number_query(typed: str) -> NumberQuery | None:
    """What was typed as a number, or None when it holds no running number."""
    if not typed:
        return None
    # Here: the window's first rows (no query) need not wait for the numbers' module.
    from app.domain.number import NumberQuery

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


def _summaries(rows: Sequence[Sequence[Any]], dates_as_text: bool) -> list[NoteSummary]:
    """Register lines from summary rows (SUMMARY_COLUMNS, the lines' fields in order). SQLite's
    driver hands dates back as ISO text; the others give `datetime.date`."""
    line = cast(Callable[[type[NoteSummary], Sequence[Any]], NoteSummary], tuple.__new__)
    if not dates_as_text:
        # Each row is the line: made in one call (not namedtuple's _make, a Python call more).
        return list(map(line, repeat(NoteSummary), rows))
    day = dt.date.fromisoformat
    return [
        line(
            NoteSummary,
            (
                note_id,
                number,
                day(date),
                addressee,
                subject,
                status,
                None if deadline is None else day(deadline),
                prefix,
            ),
        )
        for note_id, number, date, addressee, subject, status, deadline, prefix in rows
    ]
