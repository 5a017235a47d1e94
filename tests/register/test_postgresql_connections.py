"""Issue 13, point 5: connections as a desktop client needs them. A server restart costs no
error; the password is never shown; an address without one logs in through libpq's own sources
(~/.pgpass, PGSERVICE, PG* variables); a schema newer than the application, or older and not the
login's to upgrade, is said in a sentence."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.cli import main
from app.register import schema
from app.services.addresses import shown_url
from app.services.register import Register, RegisterError
from tests.postgresql_server import SUPERUSER_PASSWORD, PostgreSQLServer
from tests.raw_sql import RawDatabase
from tests.register.conftest import issue_reference

#: libpq's variables a test sets: none may leak in from the environment.
LIBPQ = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGPASSFILE", "PGSERVICE",
         "PGSERVICEFILE")  # fmt: skip


@pytest.fixture
def database(postgresql_server: PostgreSQLServer) -> Iterator[str]:
    with postgresql_server.database("migrated", _migrated) as url:
        yield url


def _migrated(url: str) -> None:
    Register.open(url).close()


@pytest.fixture
def libpq_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in LIBPQ:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_server_restart_costs_no_error(
    database: str,
    postgresql_server: PostgreSQLServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    register = Register.open(database)
    try:
        issue_reference(register)
        assert [s.number for s in register.search("1453")] == ["PAR/1453"]
        assert _searched_at_once(register) == [["PAR/1453"]] * 4  # the list keeps 4 connections
        postgresql_server.restart()  # every connection the pool and the list hold is cut
        assert [s.number for s in register.search("1453")] == ["PAR/1453"]
        assert _searched_at_once(register) == [["PAR/1453"]] * 4
        assert register.load(register.search("1453")[0].id).note.subject
        assert register.verify().ok
    finally:
        register.close()


def _searched_at_once(register: Register) -> list[list[str | None]]:
    """What four threads searching at the same time found."""
    found: list[list[str | None]] = []
    ready = threading.Barrier(4)

    def search() -> None:
        ready.wait(timeout=30)
        found.append([s.number for s in register.search("1453")])

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return found


def test_the_password_is_never_shown(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert SUPERUSER_PASSWORD in database
    register = Register.open(database)
    try:
        for shown in (register.display_url, shown_url(register.url), shown_url(database)):
            assert SUPERUSER_PASSWORD not in shown and ":***@127.0.0.1" in shown
    finally:
        register.close()
    assert main(["--db", database, "db", "current"]) == 0
    wrong = make_url(database).set(port=1).render_as_string(hide_password=False)
    assert main(["--db", wrong, "register", "list"]) == 1  # unavailable, as a busy register
    said = capsys.readouterr()
    assert SUPERUSER_PASSWORD not in said.out + said.err
    assert "the register cannot be reached" in said.err and "Traceback" not in said.err


def _without_password(url: str) -> str:
    return make_url(url).set(password=None).render_as_string(hide_password=False)


def test_an_address_without_a_password_uses_pgpass(
    database: str, tmp_path: Path, libpq_env: pytest.MonkeyPatch
) -> None:
    given = make_url(database)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{given.port}:*:postgres:{SUPERUSER_PASSWORD}\n")
    passfile.chmod(0o600)
    libpq_env.setenv("PGPASSFILE", str(passfile))
    register = Register.open(_without_password(database))
    assert register.count() == 0 and register.schema_revision() == schema.HEAD_REVISION
    register.close()


def test_an_address_naming_a_service_uses_the_service_file(
    database: str, tmp_path: Path, libpq_env: pytest.MonkeyPatch
) -> None:
    given = make_url(database)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[verbale]\nhost=127.0.0.1\nport={given.port}\ndbname={given.database}\n"
        f"user=postgres\npassword={SUPERUSER_PASSWORD}\n"
    )
    libpq_env.setenv("PGSERVICEFILE", str(services))
    register = Register.open("postgresql+psycopg:///?service=verbale")
    assert register.schema_revision() == schema.HEAD_REVISION
    register.close()
    libpq_env.setenv("PGSERVICE", "verbale")
    register = Register.open("postgresql+psycopg://")
    assert register.schema_revision() == schema.HEAD_REVISION
    register.close()


def test_an_address_of_pg_variables_alone(database: str, libpq_env: pytest.MonkeyPatch) -> None:
    given = make_url(database)
    for name, value in (
        ("PGHOST", "127.0.0.1"),
        ("PGPORT", str(given.port)),
        ("PGUSER", "postgres"),
        ("PGPASSWORD", SUPERUSER_PASSWORD),
    ):
        libpq_env.setenv(name, value)
    register = Register.open(f"postgresql+psycopg:///{given.database}")
    assert register.schema_revision() == schema.HEAD_REVISION
    register.close()


def test_a_newer_schema_is_said_in_a_sentence(database: str) -> None:
    RawDatabase(database).execute("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(RegisterError, match="revision 0999, newer than this version of Verbale"):
        Register.open(database)


def test_an_older_schema_the_login_may_not_upgrade_is_said_in_a_sentence(
    postgresql_server: PostgreSQLServer,
) -> None:
    url = postgresql_server.new_database()
    try:
        old = Register(url)
        schema.upgrade(old.db.engine, "0009")
        old.close()
        clerk = f"{make_url(url).database}_clerk"
        postgresql_server.execute(f"CREATE ROLE \"{clerk}\" LOGIN PASSWORD 'clerk'")
        RawDatabase(url).execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{clerk}"')
        as_clerk = make_url(url).set(username=clerk, password="clerk")
        with pytest.raises(RegisterError, match="older than this version of Verbale") as said:
            Register.open(as_clerk.render_as_string(hide_password=False))
        assert f"{clerk} may not upgrade it" in str(said.value)
        assert "verbale db upgrade" in str(said.value)
    finally:
        postgresql_server.drop(url)
        postgresql_server.execute(f'DROP OWNED BY "{clerk}"', f'DROP ROLE "{clerk}"')
