"""The register's list and search queries through SQLAlchemy Core: the portable way, taken by
PostgreSQL and by in-memory SQLite (see app.register.listing for query shapes).

Each shape's statement is built once and kept; values are bound at execution. On PostgreSQL it
is compiled once too and sent straight to the driver (app.register.server_reads).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Date,
    Engine,
    Float,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    column,
    false,
    func,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import DBAPIError

from app.register.engine import is_sqlite
from app.register.listing import Mode, sort_key
from app.register.models import NoteRow, User
from app.register.search import tsquery, tsquery_words
from app.register.server_reads import Compiled, ServerReads

#: Any select statement, whatever its columns.
AnySelect = Select[*tuple[Any, ...]]

_FTS = table("note_fts", column("rowid", Integer), column("rank"), column("body", Text))
#: The most words of the index one typed prefix is looked for as (more: the prefix itself).
MOST_WORDS_PER_PREFIX = 32

#: PostgreSQL's word search: note_fts (0010) holds each note's words as a GIN-indexed tsvector.
#: Each typed word (`words`) is a prefix; it is matched as the words of the index that start
#: with it, listed in note_fts_words (0014), `('кеңес' | 'кеңесінің')`, which GIN combines with
#: the other words without reading every note of a frequent word (a prefix `'кеңес':*` makes it
#: collect them all first). A prefix of more words than MOST_WORDS_PER_PREFIX, or of none, is
#: asked as the prefix. Ranked by the prefix query `match`, as before: the same order. The
#: words are word characters only (app.register.search), so quoting them with ' is safe.
_PG_WORDS = (
    text(
        "SELECT note_fts.rowid AS note_id, "
        "-ts_rank(note_fts.document, to_tsquery('simple', :match)) AS fts_rank "
        "FROM note_fts WHERE note_fts.document @@ ("
        "SELECT to_tsquery('simple', string_agg(CASE "
        f"WHEN found.n BETWEEN 1 AND {MOST_WORDS_PER_PREFIX} THEN '(' || found.words || ')' "
        "ELSE '''' || typed.word || ''':*' END, ' & ')) "
        "FROM unnest(:words) AS typed(word), LATERAL ("
        "SELECT count(*) AS n, string_agg('''' || listed.word || '''', ' | ') AS words "
        "FROM (SELECT note_fts_words.word FROM note_fts_words "
        "WHERE note_fts_words.word >= typed.word "
        "AND note_fts_words.word < typed.word || chr(1114111) "
        f"ORDER BY note_fts_words.word LIMIT {MOST_WORDS_PER_PREFIX + 1}) AS listed) AS found)"
    )
    .bindparams(bindparam("match", type_=Text), bindparam("words", type_=ARRAY(Text)))
    .columns(column("note_id", Integer), column("fts_rank", Float))
)


class CoreListing:
    """Lists and searches notes through SQLAlchemy Core: on a server, statements compiled once
    on the listing's own driver connections; elsewhere executed on the engine's pool."""

    dates_as_text = False

    def __init__(self, engine: Engine, *, driver_reads: bool = True) -> None:
        self.engine = engine
        #: SQLite (in memory) has the FTS5 index, PostgreSQL its tsvector index; other
        #: databases match words with LIKE.
        self.postgresql = engine.dialect.name == "postgresql"
        self.full_text = is_sqlite(engine) or self.postgresql
        self._statements: dict[Hashable, AnySelect] = {}
        #: On a server, each shape's statement compiled once and run on the driver's own
        #: read-only connections (app.register.server_reads): SQLAlchemy's execution of each
        #: call cost as much as the server's answer. In-memory SQLite keeps the engine's, as
        #: does a server's listing made with `driver_reads` off (a test compares the two).
        self._compiled: dict[Hashable, Compiled] = {}
        self.server_reads = ServerReads(engine) if self.postgresql and driver_reads else None

    def page(
        self, mode: Mode, names: tuple[str, ...], sort: str | None, params: Mapping[str, Any]
    ) -> list[Sequence[Any]]:
        return self._rows(("page", mode, names, sort), params)

    def stream(
        self,
        mode: Mode,
        names: tuple[str, ...],
        sort: str | None,
        params: Mapping[str, Any],
        batch: int,
    ) -> Iterator[list[Sequence[Any]]]:
        # Page by page: portable across databases and drivers (no server-side cursor needed).
        offset = 0
        while True:
            rows = self.page(mode, names, sort, {**params, "limit": batch, "offset": offset})
            if rows:
                yield rows
            if len(rows) < batch:
                return
            offset += batch

    def count(self, mode: Mode, names: tuple[str, ...], params: Mapping[str, Any]) -> int:
        rows = self._rows(("count", mode, names, None), params)
        return int(rows[0][0]) if rows else 0

    def exists(self, mode: Mode, names: tuple[str, ...], params: Mapping[str, Any]) -> bool:
        return bool(self._rows(("exists", mode, names, None), params))

    def has_users(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(User.id).limit(1)).first() is not None

    def close(self) -> None:
        """Its own connections on a server closed (the others are the engine's pool)."""
        if self.server_reads is not None:
            self.server_reads.close()

    def _rows(
        self, shape: tuple[str, Mode, tuple[str, ...], str | None], params: Mapping[str, Any]
    ) -> list[Sequence[Any]]:
        if self.server_reads is not None:
            return self._server_rows(shape, params)
        built = self._statements.get(shape)
        if built is None:
            built = self._statements[shape] = statement(*shape, postgresql=self.postgresql)
        if self.postgresql and "match" in params:
            params = _tsquery_params(params)
        try:
            with self.engine.connect() as connection:
                return _fetched(connection.execute(built, dict(params)))
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        # The connection was cut: the pool has dropped every connection it held; a read is
        # asked again, once, on a new one.
        with self.engine.connect() as connection:
            return _fetched(connection.execute(built, dict(params)))

    def _server_rows(
        self, shape: tuple[str, Mode, tuple[str, ...], str | None], params: Mapping[str, Any]
    ) -> list[Sequence[Any]]:
        assert self.server_reads is not None
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = Compiled.of(statement(*shape, postgresql=True), self.engine)
            self._compiled[shape] = compiled
        if "match" in params:
            params = _tsquery_params(params)
        return self.server_reads.rows(compiled, params)


def _tsquery_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """A word search's values on PostgreSQL: the typed words as a tsquery and as a list."""
    return {**params, "match": tsquery(params["match"]), "words": tsquery_words(params["match"])}


def _fetched(result: CursorResult[Any]) -> list[Sequence[Any]]:
    """Every row of `result` in one driver call: iterating a result asks the driver for one
    row at a time (psycopg's fetchone per row cost more than the page's SQL on the server)."""
    return list(result.fetchall())


def statement(
    kind: str,
    mode: Mode,
    names: tuple[str, ...],
    sort: str | None = None,
    *,
    postgresql: bool = False,
) -> AnySelect:
    """The statement of one shape: a page of summaries ("page"), their number ("count") or
    the first match ("exists"). Every value is a named parameter. Words ("fts") are matched
    by SQLite's FTS5 index, or by PostgreSQL's tsvector index when `postgresql`."""
    built: AnySelect = select(
        NoteRow.id,
        NoteRow.number_text,
        NoteRow.date,
        NoteRow.addressee_name,
        NoteRow.subject,
        NoteRow.status,
        NoteRow.objection_deadline,
        NoteRow.prefix,
    )
    for condition in _filter_conditions(names):
        built = built.where(condition)
    best: list[ColumnElement[Any]] = [NoteRow.date.desc(), NoteRow.id.desc()]
    if mode[0] == "number":
        condition, best = _number_condition(bool(mode[1]), int(mode[2]))
        built = built.where(condition)
    elif mode[0] == "fts" and postgresql:
        fts = _PG_WORDS.subquery("fts")
        built = built.join(fts, fts.c.note_id == NoteRow.id)
        best = [fts.c.fts_rank, NoteRow.date.desc(), NoteRow.id.desc()]
    elif mode[0] == "fts":
        fts = (
            select(_FTS.c.rowid.label("note_id"), _FTS.c.rank.label("fts_rank"))
            .where(text("note_fts MATCH :match"))
            .subquery("fts")
        )
        built = built.join(fts, fts.c.note_id == NoteRow.id)
        best = [fts.c.fts_rank, NoteRow.date.desc(), NoteRow.id.desc()]
    elif mode[0] == "like":
        # Every word somewhere in the listed text (no index).
        for index in range(int(mode[1])):
            pattern = bindparam(f"word_{index}", type_=Text)
            built = built.where(
                or_(
                    func.lower(NoteRow.subject).like(pattern),
                    func.lower(NoteRow.addressee_name).like(pattern),
                    func.lower(NoteRow.number_text).like(pattern),
                )
            )
    elif mode[0] == "nothing":
        built = built.where(false())
    if kind == "count":
        return built.with_only_columns(func.count(), maintain_column_froms=True)
    if kind == "exists":
        return built.with_only_columns(NoteRow.id, maintain_column_froms=True).limit(1)
    return (
        built.order_by(*_order(sort, best))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def _order(sort: str | None, best: list[ColumnElement[Any]]) -> list[ColumnElement[Any]]:
    if not sort:
        return best
    key, descending = sort_key(sort)
    columns: dict[str, list[Any]] = {
        "number": [NoteRow.prefix, NoteRow.running],
        "date": [NoteRow.date],
        "addressee": [NoteRow.addressee_name],
        "subject": [NoteRow.subject],
        "status": [NoteRow.status, NoteRow.date],
        "deadline": [NoteRow.objection_deadline],
        "id": [],
    }
    chosen = [*columns[key], NoteRow.id]
    ordered = [column.desc() if descending else column.asc() for column in chosen]
    # Notes without a number (drafts), or without a deadline, last either way: every database
    # alike (SQLite puts NULL first going up, PostgreSQL last).
    if key == "number":
        return [NoteRow.running.is_(None).asc(), *ordered]
    if key == "deadline":
        return [NoteRow.objection_deadline.is_(None).asc(), *ordered]
    return ordered


def _number_condition(
    with_prefix: bool, range_count: int
) -> tuple[ColumnElement[bool], list[ColumnElement[Any]]]:
    running = bindparam("running", type_=Integer)
    exact = NoteRow.running == running
    partial = [
        and_(
            NoteRow.running >= bindparam(f"low_{index}", type_=Integer),
            NoteRow.running < bindparam(f"high_{index}", type_=Integer),
        )
        for index in range(range_count)
    ]
    condition: ColumnElement[bool] = or_(exact, *partial)
    if with_prefix:
        condition = and_(NoteRow.prefix == bindparam("prefix", type_=Text), condition)
    order: list[ColumnElement[Any]] = [
        (NoteRow.running != running).asc(),
        NoteRow.running.asc(),
        NoteRow.date.desc(),
        NoteRow.id.desc(),
    ]
    return condition, order


def _filter_conditions(names: Sequence[str]) -> list[ColumnElement[bool]]:
    """The conditions of the filters named (the parameter names the register service sets)."""
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
