"""A writer killed with SIGKILL mid-issue leaves a sound register: nothing half-issued."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path

from app.domain.note import Note
from app.services.demo import reference_note
from app.services.register import Register
from tests.register.conftest import approved, plain_renderer

KILLS = 50
FILES_PER_NOTE = 4  # en, ru, kk and the bound volume


def _slow_renderer(note: Note) -> Mapping[str, bytes]:
    files = dict(plain_renderer(note))
    time.sleep(0.005)  # rendering takes a while, inside the issuing transaction
    # Large enough that writing them to the database takes a noticeable moment.
    return {name: content + b"%" * 200_000 for name, content in files.items()}


def _issue_forever(url: str) -> None:
    register = Register(url)
    while True:
        note_id = approved(register, register.save_draft(reference_note()))
        register.issue(note_id, _slow_renderer)


def _check(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = connection.execute(
            "SELECT n.id, n.status, n.number_text, count(d.id), "
            "json_array_length(n.documents_manifest) "
            "FROM notes n LEFT JOIN issued_documents d ON d.note_id = n.id GROUP BY n.id"
        ).fetchall()
        issued = 0
        for note_id, status, number, documents, listed in rows:
            if status == "issued":
                issued += 1
                assert number is not None, note_id
                assert documents == FILES_PER_NOTE == listed, (note_id, documents, listed)
            else:
                assert documents == 0 and number is None, (note_id, status, documents)
        used = connection.execute("SELECT count(*) FROM numbers WHERE state = 'used'").fetchone()
        assert used[0] == issued
        return len(rows), issued
    finally:
        connection.close()


def test_sigkill_mid_issue_fifty_times(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    url = f"sqlite:///{path}"
    register = Register.open(url)
    register.ensure_series("PAR", next_running=1453)
    register.close()
    context = multiprocessing.get_context("fork")
    rng = random.Random(1453)
    issued = 0
    for _ in range(KILLS):
        writer = context.Process(target=_issue_forever, args=(url,))
        writer.start()
        time.sleep(rng.uniform(0.05, 0.4))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL
        _notes, issued = _check(path)
    assert issued > 0
    report = Register(url).verify()
    assert report.ok, report.problems
    assert report.documents_checked == issued * FILES_PER_NOTE
