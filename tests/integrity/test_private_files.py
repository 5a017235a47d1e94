"""Issue 12, point 7: the register, its backups and safety copies, exports and rendered PDFs
are created readable by their owner only (0600 files, 0700 folders), whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.paths import resources_dir
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.integrity.conftest import Cli
from tests.workflow.conftest import note_in

EXAMPLES = resources_dir() / "examples"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most careless umask there is: everything created readable and writable by all."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_everything_verbale_writes_is_its_owner_s_alone(
    open_umask: None,
    cli: Cli,
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    db_path: Path,
    tmp_path: Path,
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    out = tmp_path / "out"
    out.mkdir(mode=0o755)  # a folder the user chose keeps its mode; what Verbale makes is private
    os.chmod(out, 0o755)
    # A register made from nothing, in folders made for it, with its WAL files.
    new = out / "office" / "registers" / "register.sqlite3"
    fresh = Register.open(f"sqlite:///{new}")
    fresh.ensure_series("PAR")
    for wal in (Path(f"{new}-wal"), Path(f"{new}-shm")):  # they go when the last connection does
        assert mode(wal) == 0o600, wal
    made: list[Path] = [new]
    folders: list[Path] = [out / "office", out / "office" / "registers"]
    commands = [
        ("backup", str(out / "backups" / "copy.sqlite3")),
        ("register", "export", str(out / "register.csv")),
        ("register", "export", str(out / "register.xlsx")),
        ("register", "export", str(out / "journal.pdf")),
        ("register", "show", "PAR/1453", "--save-pdfs", str(out / "saved")),
        ("render", str(EXAMPLES / "par-1453.toml"), "--out", str(out / "rendered")),
        ("plan", "convert", str(EXAMPLES / "par-1453-plan.csv"), str(out / "plan.xlsx")),
    ]
    for argv in commands:
        code, _out, err = cli(*argv)
        assert code == 0, (argv, err)
    fresh.close()
    made += [out / "backups" / "copy.sqlite3", out / "register.csv", out / "register.xlsx"]
    made += [out / "journal.pdf", out / "plan.xlsx"]
    made += sorted((out / "saved").iterdir()) + sorted((out / "rendered").iterdir())
    folders += [out / "backups", out / "saved", out / "rendered"]
    # The restore's safety copy beside the register.
    workflow.register.close()
    code, _out, err = cli("restore", str(out / "backups" / "copy.sqlite3"), user="admin")
    assert code == 0, err
    made += [p for p in db_path.parent.iterdir() if "-before-restore-" in p.name]
    assert len(made) > 15
    for path in made:
        assert path.is_file() and mode(path) == 0o600, (path, oct(mode(path)))
    for folder in folders:
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))
    assert mode(out) == 0o755
