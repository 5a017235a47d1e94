"""Registers in real SQLite files with one user per role (tests/workflow's), and the command
line run as an officer would, with the password from the environment."""

from __future__ import annotations

import gc
import io

import pytest

from app.cli import main
from tests.workflow.conftest import (  # noqa: F401  (fixtures, found by name)
    PASSWORD,
    db_path,
    people,
    register,
    register_url,
    template,
    workflow,
)


class Cli:
    """`verbale --db <the register> ...`, as `user` (password from $VERBALE_PASSWORD) or as
    nobody; returns (exit status, stdout, stderr)."""

    def __init__(
        self, url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.url = url
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(
        self,
        *argv: str,
        user: str | None = None,
        password: str = PASSWORD,
        stdin: str = "",
        claim: str | None = None,
    ) -> tuple[int, str, str]:
        """`claim`: $VERBALE_USER set without any password."""
        return self.bare("--db", self.url, *argv, user=user, password=password,
                         stdin=stdin, claim=claim)  # fmt: skip

    def bare(
        self,
        *argv: str,
        user: str | None = None,
        password: str = PASSWORD,
        stdin: str = "",
        claim: str | None = None,
    ) -> tuple[int, str, str]:
        """`verbale ...` without --db (the default register, or a --db in `argv`)."""
        for name in ("VERBALE_USER", "VERBALE_PASSWORD", "VERBALE_NEW_PASSWORD"):
            self.monkeypatch.delenv(name, raising=False)
        if user:
            self.monkeypatch.setenv("VERBALE_USER", user)
            self.monkeypatch.setenv("VERBALE_PASSWORD", password)
        elif claim:
            self.monkeypatch.setenv("VERBALE_USER", claim)
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(argv))
        # What the command left open closes, as when its process ends (a connection left
        # behind would count as another program's to a restore).
        gc.collect()
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def cli(
    register_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    return Cli(register_url, capsys, monkeypatch)
