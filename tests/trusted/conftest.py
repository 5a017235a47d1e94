"""№PAR/1453 issued for real (the full renderer) in a register with one user per role, and
what a stranger uses to read a copy: poppler's pdftoppm and zbar's zbarimg."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.services.register import Register
from app.services.users import UserInfo, list_users
from app.services.workflow import WorkflowService
from tests.workflow.conftest import NOW, template, the_note

__all__ = ["template"]  # the session fixture: a migrated register with its users


@dataclass(frozen=True)
class Issued:
    register: Register
    path: Path
    note_id: int
    #: The stored PDFs written out, by file name.
    folder: Path
    people: dict[str, UserInfo]


def issue_reference(register: Register, people: dict[str, UserInfo]) -> int:
    workflow = WorkflowService(register, clock=lambda: NOW, holidays=())
    note_id = workflow.save_draft(people["dora"], the_note())
    workflow.submit(people["dora"], note_id)
    workflow.approve(people["anna"], note_id)
    workflow.issue(people["greg"], note_id)
    return note_id


@pytest.fixture(scope="module")
def issued(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Issued]:
    """One real issue per test module (rendering the pack takes a few seconds)."""
    folder = tmp_path_factory.mktemp("issued")
    path = folder / "register.sqlite3"
    shutil.copyfile(template, path)
    register = Register.open(f"sqlite:///{path}")
    people = {user.login: user for user in list_users(register)}
    note_id = issue_reference(register, people)
    out = folder / "pdf"
    out.mkdir()
    for document in register.load(note_id).documents:
        (out / document.file_name).write_bytes(register.document(note_id, document.file_name))
    yield Issued(register, path, note_id, out, people)
    register.close()


def qr_codes(pdf: Path, page: int = 1, dpi: int = 200) -> list[str]:
    """The QR codes zbarimg reads on one page rendered by pdftoppm, as a phone would see it."""
    for tool in ("pdftoppm", "zbarimg"):
        assert shutil.which(tool), f"{tool} is installed by packaging/system-deps.sh"
    stem = pdf.parent / f"{pdf.stem}-scan"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", *pages, "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{stem}.png"],
        capture_output=True,
        text=True,
    )
    return [line for line in result.stdout.splitlines() if line]
