"""Settings every test shares, and the two engines a register runs on.

`register_engine` is parametrised: a test that uses a register through `register_url` (directly
or through the `register` fixtures of tests/register and tests/workflow) runs on SQLite and on
PostgreSQL. The PostgreSQL server is started (tests/postgresql_server.py) by the first test that
needs it, and stopped at the end of the run. A test marked `sqlite_only`, or one that reads the
SQLite file itself (it asks for `db_path` or `db_url`), runs on SQLite only.
VERBALE_TEST_POSTGRESQL=off leaves the PostgreSQL runs out (a machine without PostgreSQL).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgresql_server import PostgreSQLServer

ENGINES = ("sqlite", "postgresql")
#: Fixtures that hand a test the SQLite file itself.
SQLITE_FILE_FIXTURES = frozenset({"db_path", "db_url"})


def pytest_configure(config: pytest.Config) -> None:
    # The cache (parsed hyphenation patterns) is one of the run's own, shared by its tests.
    if "VERBALE_CACHE_DIR" not in os.environ:
        os.environ["VERBALE_CACHE_DIR"] = tempfile.mkdtemp(prefix="verbale-cache-")
    # The audit key and the registers' anchors go to a folder of the run's own, never into
    # the configuration folder of whoever runs the tests; child processes inherit it.
    if "VERBALE_CONFIG_DIR" not in os.environ:
        os.environ["VERBALE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="verbale-config-")
    config.addinivalue_line(
        "markers", "sqlite_only: the test is about SQLite itself; no PostgreSQL run"
    )


def _no_server() -> bool:
    return os.environ.get("VERBALE_TEST_POSTGRESQL", "").lower() in {"off", "0", "no"}


def runs_on(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("register_engine") if callspec is not None else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL runs of SQLite-only tests are not collected (never skipped)."""
    no_server = _no_server()
    kept: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        sqlite_only = item.get_closest_marker("sqlite_only") is not None or bool(
            SQLITE_FILE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        if runs_on(item) == "postgresql" and (sqlite_only or no_server):
            left.append(item)
        else:
            kept.append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(params=ENGINES)
def register_engine(request: pytest.FixtureRequest) -> str:
    """The engine a register test runs on: "sqlite" or "postgresql"."""
    return str(request.param)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgreSQLServer]:
    """The run's PostgreSQL server (started by the first test that needs it)."""
    if _no_server():
        pytest.skip("VERBALE_TEST_POSTGRESQL=off: no PostgreSQL server for this run")
    server = PostgreSQLServer.start()
    try:
        yield server
    finally:
        server.close()


def migrated(url: str) -> None:
    """Fill an empty database with the register's schema (a template's `fill`)."""
    from app.services.register import Register

    Register.open(url).close()


@pytest.fixture
def register_url(
    register_engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The URL of an empty, migrated register of the test's own, on the test's engine."""
    if register_engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite3'}"
        return
    server: PostgreSQLServer = request.getfixturevalue("postgresql_server")
    with server.database("migrated", migrated) as url:
        yield url


def _on_postgresql(nodeid: str) -> bool:
    """A PostgreSQL run of a parametrised test, or a test of a PostgreSQL module."""
    path, _, rest = nodeid.partition("::")
    return "[postgresql" in rest or "postgresql" in path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line for CI: how many PostgreSQL tests ran, and how many were skipped."""
    counts = dict.fromkeys(("passed", "failed", "error", "skipped"), 0)
    for outcome in counts:
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if _on_postgresql(nodeid) and (outcome != "passed" or report.when == "call"):
                counts[outcome] += 1
    if any(counts.values()):
        terminalreporter.write_line(
            "PostgreSQL tests: {passed} passed, {failed} failed, {error} errors, "
            "{skipped} skipped".format(**counts)
        )
