"""The register's list opened straight from its SQLite file, as the window does at start."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import synthetic_register
from app.services.register import Register
from app.services.register_reading import RegisterError, open_register_file, sqlite_path


@pytest.fixture(scope="module")
def register_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("reading") / "register.sqlite3"
    synthetic_register(path, 300).close()
    return path


def test_the_file_lists_what_the_register_service_lists(register_file: Path) -> None:
    url = f"sqlite:///{register_file}"
    reading = open_register_file(url)
    assert reading is not None
    register = Register.open(url)
    try:
        assert reading.count() == register.count() == 300
        assert reading.search("", sort="-date", limit=40) == register.search(
            "", sort="-date", limit=40
        )
        assert [s.number for s in reading.search("14", limit=3)] == ["PAR/14", "PAR/140", "PAR/141"]
        assert reading.find_by_number("PAR/12")[0].number == "PAR/12"
        with pytest.raises(RegisterError, match="cannot sort by 'colour'"):
            reading.search("", sort="colour")
    finally:
        reading.close()
        register.close()


def test_the_register_service_shares_the_windows_list(register_file: Path) -> None:
    url = f"sqlite:///{register_file}"
    reading = open_register_file(url)
    assert reading is not None
    register = Register.open(url, reading=reading)
    assert register.reading is reading
    assert register.search("PAR/7")[0].number == "PAR/7"
    register.close()
    # Closed with the register; the next query opens its connection again.
    assert reading.count() == 300
    reading.close()


def test_only_a_sqlite_file_at_the_newest_schema_opens_this_way(tmp_path: Path) -> None:
    assert open_register_file("sqlite://") is None
    assert open_register_file("sqlite:///:memory:") is None
    assert open_register_file("postgresql+psycopg://verbale@db/register") is None
    missing = tmp_path / "missing.sqlite3"
    assert open_register_file(f"sqlite:///{missing}") is None
    assert not missing.exists()  # looking did not create it
    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    connection.close()
    assert open_register_file(f"sqlite:///{old}") is None  # migrating is the service's work
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).close()
    assert open_register_file(f"sqlite:///{foreign}") is None


def test_sqlite_urls() -> None:
    assert sqlite_path("sqlite:////data/register.sqlite3") == Path("/data/register.sqlite3")
    assert sqlite_path("sqlite:///register.sqlite3?timeout=5") == Path("register.sqlite3")
    assert sqlite_path("sqlite+pysqlite:////r.db") == Path("/r.db")
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql://x/y") is None


def test_reading_the_list_loads_no_sqlalchemy(register_file: Path) -> None:
    """The window's first rows must not wait for SQLAlchemy to import."""
    script = (
        "import sys\n"
        "from app.services.register_reading import open_register_file\n"
        f"reading = open_register_file({f'sqlite:///{register_file}'!r})\n"
        "assert reading is not None\n"
        "print(reading.count(), reading.search('', limit=1)[0].number, reading.has_users())\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in "
        "('sqlalchemy', 'alembic')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert shown[0].startswith("300 PAR/")
    assert shown[1] == "[]"
