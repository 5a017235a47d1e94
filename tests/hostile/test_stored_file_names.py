"""Issue 12, point 12: a file name stored in the register is a name, never a path: saving an
issued note's PDFs writes inside the folder asked for, whatever the stored names say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.services.document_files import safe_file_name
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.integrity.conftest import Cli
from tests.workflow.conftest import note_in


def rename_stored(path: Path, note_id: int, names: list[str]) -> None:
    """What someone with write access to the file can do: drop the trigger, rename."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("DROP TRIGGER issued_documents_no_update")
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM issued_documents WHERE note_id = ? ORDER BY id", (note_id,)
            )
        ]
        for document_id, name in zip(ids, names, strict=False):
            connection.execute(
                "UPDATE issued_documents SET file_name = ? WHERE id = ?", (name, document_id)
            )
        connection.commit()
    finally:
        connection.close()


def test_save_pdfs_never_writes_outside_the_folder(
    cli: Cli,
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    db_path: Path,
    tmp_path: Path,
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    hostile = ["../escaped.txt", "/tmp/../" + str(tmp_path / "absolute.pdf"), "..\\win.pdf"]
    rename_stored(db_path, note_id, hostile)
    folder = tmp_path / "saved" / "here"
    before = set(tmp_path.rglob("*"))
    code, out, err = cli("register", "show", str(note_id), "--save-pdfs", str(folder))
    assert (code, err) == (0, "")
    created = set(tmp_path.rglob("*")) - before
    written = {path for path in created if path.is_file()}
    assert written and all(path.parent == folder for path in written)
    assert {path.name for path in written} >= {"escaped.txt.pdf", "absolute.pdf", "win.pdf"}
    saved = [line.split(maxsplit=1)[1] for line in out.splitlines() if line.startswith("Saved:")]
    assert len(saved) == len(written)  # every stored document saved, none over another


@pytest.mark.parametrize(
    ("stored", "saved"),
    [
        ("PAR-1453_en.pdf", "PAR-1453_en.pdf"),
        ("../../etc/cron.d/job", "job.pdf"),
        ("..", "document.pdf"),
        ("", "document.pdf"),
        ("a/b\\..\\.hidden.pdf", "hidden.pdf"),
        ("Нота\x00\n_ru.pdf", "Нота_ru.pdf"),
    ],
)
def test_a_stored_name_becomes_a_safe_base_name(stored: str, saved: str) -> None:
    assert safe_file_name(stored) == saved
