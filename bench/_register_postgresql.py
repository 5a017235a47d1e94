"""The register benchmark on PostgreSQL (issue 13): the bench's SQLite register copied to a
throw-away PostgreSQL cluster (started as the tests start it, tests/postgresql_server.py) with
`verbale db copy`, timed; then search by number, word search and the first page through the
Register service, p50 and p95, beside the very SQL the service ran (captured from its engine
and from the list's own driver connections, app.register.server_reads) replayed raw through
psycopg, in turn, on a connection in the session the register's own connections run in
(app.register.engine.POSTGRESQL_SESSION).

Goal: number search p95 < 5 ms, word search p95 < 50 ms, first page p95 < 5 ms, each within 1.5x
of raw. Each query is the register window's own call: `search(text, filters, sort, 0, size)`
with its page size and no filter, best match first (for no text: newest first).
BENCH_POSTGRESQL=off leaves it out; BENCH_POSTGRESQL_URL names a server database (a role that
may CREATE DATABASE) instead of the throw-away cluster, where the copy is then left;
BENCH_POSTGRESQL_COPY names such a copy of the same register, timed again without copying.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.postgresql_server

from app.gui.register_model import PAGE_SIZE
from app.register.core_listing import CoreListing
from app.register.engine import POSTGRESQL_SESSION
from app.register.server_reads import Compiled
from app.services.register import NoteSummary, Register, SearchFilters
from app.services.register_copy import copy_register

GOALS = {"number search": 5.0, "word search": 50.0, "first page (date)": 5.0}
MAX_RATIO = 1.5


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _captured(register: Register, call: Callable[[], object]) -> list[tuple[str, Any]]:
    """The statements (and parameters) the service sends for `call`: the list's own, sent
    to the driver (app.register.server_reads), and any sent through the engine."""
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        sent.append((statement, parameters))

    listing = register.reading.listing
    reads = listing.server_reads if isinstance(listing, CoreListing) else None
    if reads is not None:
        driver_rows = reads.rows

        def kept_rows(compiled: Compiled, params: Mapping[str, Any]) -> list[Sequence[Any]]:
            sent.append((compiled.sql, compiled.values(params)))
            return driver_rows(compiled, params)

        reads.rows = kept_rows  # type: ignore[method-assign]
    event.listen(register.db.engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(register.db.engine, "before_cursor_execute", keep)
        if reads is not None:
            del reads.rows  # the method again
    return [(statement, params) for statement, params in sent if statement != "SELECT 1"]


def run_postgresql(sqlite_path: Path, count: int, repeat: int) -> bool:
    """Print the PostgreSQL figures; True if a goal was missed."""
    from tests.postgresql_server import PostgreSQLServer

    kept = os.environ.get("BENCH_POSTGRESQL_COPY")
    if kept:
        print(f"PostgreSQL: the copy made by an earlier run, {make_url(kept).database}")
        return _timed(kept, count, repeat)
    given = os.environ.get("BENCH_POSTGRESQL_URL")
    if given:
        os.environ["VERBALE_TEST_POSTGRESQL_URL"] = given
    server = PostgreSQLServer.start()
    try:
        url = server.new_database()
        start = time.perf_counter()
        report = copy_register(f"sqlite:///{sqlite_path}", url)
        copy_s = time.perf_counter() - start
        print(
            f"PostgreSQL: db copy of {report.rows.get('notes', 0):,} notes "
            f"({sum(report.rows.values()):,} rows, {report.indexed:,} indexed): {copy_s:.1f} s"
        )
        server.execute_in(url, "VACUUM ANALYZE")  # fresh statistics, as autovacuum would make
        return _timed(url, count, repeat)
    finally:
        server.close()


def _timed(url: str, count: int, repeat: int) -> bool:
    register = Register(url)
    raw = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
    raw.autocommit = True
    for setting in POSTGRESQL_SESSION:  # the session the register's own connections run in
        raw.execute(setting)
    rng = random.Random(7)
    words = ["секретариат", "кеңес", "energy", "молодежь", "declaration", "хатшылығы"]
    shapes: dict[str, Callable[[], str]] = {
        "number search": lambda: f"PAR/{rng.randint(1, count)}",
        "word search": lambda: f"{rng.choice(words)} {rng.randint(1, count)}",
        "first page (date)": lambda: "",
    }
    failed = False
    print(
        f"{'PostgreSQL query':<20} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'raw p95':>8} "
        f"{'ratio':>6}"
    )
    for name, pick in shapes.items():
        queries = [pick() for _ in range(min(repeat, 300))]
        (p50, p95), (r50, r95) = _time_shape(register, raw, queries, repeat)
        ratio = p95 / r95 if r95 else float("inf")
        goal = GOALS[name]
        verdicts = ["ok" if p95 < goal else f"over {goal} ms"]
        verdicts.append("within 1.5x" if ratio <= MAX_RATIO else f"over {MAX_RATIO}x raw")
        print(
            f"{name:<20} {p50:8.3f} {p95:8.3f} {r50:8.3f} {r95:8.3f} {ratio:6.2f}  "
            + ", ".join(verdicts)
        )
        failed = failed or p95 >= goal or ratio > MAX_RATIO
    raw.close()
    register.close()
    return failed


def _time_shape(
    register: Register,
    raw: psycopg.Connection[Any],
    queries: list[str],
    repeat: int,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """p50 and p95 of the service and of its SQL replayed raw, in turn, alternating order."""

    def ours(query: str) -> list[NoteSummary]:
        # What the register window asks (app.gui.register_window.search.read_first_page).
        return register.reading.search(query, SearchFilters(), None, 0, PAGE_SIZE)

    plans = [_captured(register, lambda q=query: ours(q)) for query in queries]

    def baseline(plan: list[tuple[str, Any]]) -> list[Any]:
        return [raw.execute(sql, params).fetchall() for sql, params in plan][-1]

    for query, plan in zip(queries, plans, strict=True):  # the baseline finds the same notes
        assert [s.id for s in ours(query)] == [row[0] for row in baseline(plan)], query
    mine: list[float] = []
    theirs: list[float] = []
    for turn in range(repeat):
        index = turn % len(queries)
        for first_ours in (turn % 2 == 0, turn % 2 == 1):
            start = time.perf_counter()
            if first_ours:
                ours(queries[index])
            else:
                baseline(plans[index])
            (mine if first_ours else theirs).append((time.perf_counter() - start) * 1000)
    return _percentiles(mine), _percentiles(theirs)
