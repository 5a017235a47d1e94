"""A throw-away PostgreSQL cluster for the test run, or the server VERBALE_TEST_POSTGRESQL_URL
names.

When the variable is unset, the set-up installs Debian's `postgresql` if it is missing (as root,
`apt-get install`), makes a cluster with `initdb` in a temporary folder as the `postgres` user
(`runuser`), starts it on a free port of 127.0.0.1 only, and removes it at the end of the run.
The cluster trades durability for speed (fsync off): it lives for one run.

Each test gets a database of its own, made with CREATE DATABASE ... TEMPLATE from a template
database that is migrated (and filled, e.g. with users) once per run.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

#: The superuser's password on the throw-away cluster (it listens on 127.0.0.1 only).
SUPERUSER_PASSWORD = "verbale-tests"
DRIVER = "postgresql+psycopg"


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server could be had for the tests."""


def _bin_dir() -> Path | None:
    """The folder of initdb and pg_ctl (Debian keeps them per version), or None."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def install_postgresql() -> Path:
    """initdb's folder, installing Debian's `postgresql` first when it is missing."""
    found = _bin_dir()
    if found is not None:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ServerUnavailable(
            "PostgreSQL is not installed and cannot be installed here (needs root and apt-get): "
            "install `postgresql`, or set VERBALE_TEST_POSTGRESQL_URL to a server's database"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, capture_output=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    found = _bin_dir()
    if found is None:
        raise ServerUnavailable("apt-get installed postgresql but no initdb was found")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A PostgreSQL cluster of the run's own, run by the `postgres` user when we are root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="verbale-pg-"))
        self.data = self.folder / "data"
        self.port = 0
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o700)

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def init(self) -> None:
        password_file = self.folder / "pw"
        password_file.write_text(SUPERUSER_PASSWORD + "\n")
        if self._as_postgres:
            shutil.chown(password_file, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
            "--auth-host=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        password_file.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# the test run's throw-away cluster\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 64MB\n"
                "log_min_messages = warning\n"
            )

    def start(self) -> None:
        for _attempt in range(5):
            self.port = free_port()
            done = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-t", "60",
                "-o", f"-p {self.port}", "start", check=False,
            )  # fmt: skip
            if done.returncode == 0:
                return
        log = self.folder / "log"
        raise ServerUnavailable(
            f"the test cluster did not start: {done.stderr}"
            + (log.read_text(errors="replace")[-2000:] if log.exists() else "")
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        """Stop the server (connections cut, as a server restart does) and start it again on
        the same port."""
        self.stop()
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-t", "60",
            "-o", f"-p {self.port}", "start",
        )  # fmt: skip

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self) -> URL:
        return URL.create(
            DRIVER, "postgres", SUPERUSER_PASSWORD, "127.0.0.1", self.port, "postgres"
        )


def _remove_on_sigterm(cluster: Cluster) -> None:
    """A run ended by SIGTERM (a timeout, a CI job cancelled) removes its cluster too: Python's
    default SIGTERM ends the process without atexit."""
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    owner = os.getpid()

    def removed(signum: int, _frame: object) -> None:
        if os.getpid() == owner:  # not a forked child's to remove
            cluster.remove()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, removed)


class PostgreSQLServer:
    """Databases for tests on one server: `admin_url` names a database of a role that may
    CREATE DATABASE; `cluster` is ours (None when VERBALE_TEST_POSTGRESQL_URL names one)."""

    def __init__(self, admin_url: URL, cluster: Cluster | None = None) -> None:
        self.admin_url = admin_url
        self.cluster = cluster
        self._admin = sa.create_engine(
            admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
        )
        self._templates: dict[str, str] = {}
        self._names = itertools.count(1)
        self._prefix = f"verbale_t{os.getpid()}"

    @classmethod
    def start(cls) -> PostgreSQLServer:
        given = os.environ.get("VERBALE_TEST_POSTGRESQL_URL", "")
        if given:
            return cls(make_url(given))
        cluster = Cluster(install_postgresql())
        owner = os.getpid()
        # A run that dies before its teardown (never a forked child's exit).
        atexit.register(lambda: cluster.remove() if os.getpid() == owner else None)
        _remove_on_sigterm(cluster)
        cluster.init()
        cluster.start()
        return cls(cluster.url(), cluster)

    def url(self, database: str) -> str:
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def execute(self, *statements: str) -> None:
        with self._admin.connect() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))

    def execute_in(self, url: str, *statements: str) -> None:
        """Run statements outside a transaction in the database at `url` (VACUUM...)."""
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as connection:
                for statement in statements:
                    connection.execute(sa.text(statement))
        finally:
            engine.dispose()

    def new_database(self, template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`), its URL."""
        name = f"{self._prefix}_{next(self._names)}"
        source = template or "template0"
        # FILE_COPY: a copy of the template's files, much quicker than WAL_LOG for small ones.
        strategy = " STRATEGY FILE_COPY" if self._server_version() >= 150000 else ""
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"{strategy}')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def template(self, key: str, fill: Callable[[str], None]) -> str:
        """The name of the template database `key`, made on first use by `fill(url)` on an
        empty database (it must close every connection it opens)."""
        if key not in self._templates:
            url = self.new_database()
            fill(url)
            name = make_url(url).database
            assert name is not None
            self.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true')
            self._templates[key] = name
        return self._templates[key]

    @contextlib.contextmanager
    def database(self, key: str, fill: Callable[[str], None]) -> Iterator[str]:
        """A fresh copy of the template `key` for one test, dropped afterwards."""
        url = self.new_database(self.template(key, fill))
        try:
            yield url
        finally:
            self.drop(url)

    def _server_version(self) -> int:
        if not hasattr(self, "_version"):
            with self._admin.connect() as connection:
                self._version = int(
                    connection.execute(sa.text("SHOW server_version_num")).scalar_one()
                )
        return self._version

    def restart(self) -> None:
        if self.cluster is None:
            raise ServerUnavailable("only the run's own cluster can be restarted")
        self.cluster.restart()

    def close(self) -> None:
        self._admin.dispose()
        if self.cluster is not None:
            self.cluster.remove()
