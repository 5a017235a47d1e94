"""Issue 12, acceptance: the register keeps its promises under load and under a kill, with the
audit log's MACs and anchor in the way. Four processes issue 200 notes each through the
workflow: 800 distinct numbers without a gap, a sound chain, the anchor where it should be.
Twenty writers killed with SIGKILL in the middle of an issue: the file passes its integrity
check, no note is half issued, and verify finds nothing wrong."""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import random
import signal
import sqlite3
import time
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path

from app.domain.note import Note
from app.services.demo import reference_note
from app.services.register import Register
from app.services.register_verify import verify_register
from app.services.users import UserInfo, list_users
from app.services.workflow import WorkflowService

WRITERS = 4
ISSUES_EACH = 200
KILLS = 20
FIRST = 1453


def cheap_renderer(note: Note) -> Mapping[str, bytes]:
    """One small file per language: the test is about numbers and transactions, not layout."""
    assert note.number is not None
    stem = note.number.file_stem
    return {
        f"{stem}_{language}.pdf": f"%PDF {note.number} {language}".encode()
        for language in note.languages
    }


def _people(register: Register) -> dict[str, UserInfo]:
    return {user.login: user for user in list_users(register)}


def _issue(url: str, note_ids: list[int], queue: multiprocessing.Queue[list[int]]) -> None:
    register = Register(url)
    workflow = WorkflowService(register, renderer=cheap_renderer, holidays=())
    registrar = _people(register)["greg"]
    queue.put([workflow.issue(registrar, note_id).number.running for note_id in note_ids])
    register.close()


def _approved_notes(register: Register, count: int) -> list[int]:
    """Approved notes made in one transaction at the register's level (who may approve is
    tests/workflow's business; this is about issuing)."""
    note = _short_note()
    made: list[int] = []
    with register.writing() as session:
        for _ in range(count):
            note_id = register.save_draft_in(session, note)
            register.set_status_in(session, note_id, "submitted")
            register.set_status_in(session, note_id, "approved")
            made.append(note_id)
    return made


def _short_note() -> Note:
    """The reference note with a one-word body and no enclosure: cheap to check and index."""
    return dataclasses.replace(
        reference_note(), body={lang: ("Short.",) for lang in ("en", "ru", "kk")}, enclosures=()
    )


def test_four_processes_issue_800_notes_with_distinct_gap_free_numbers(db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    register = Register.open(url)
    notes = _approved_notes(register, WRITERS * ISSUES_EACH)
    register.close()
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[int]] = context.Queue()
    shares = [notes[index::WRITERS] for index in range(WRITERS)]
    started = time.perf_counter()
    workers = [context.Process(target=_issue, args=(url, share, queue)) for share in shares]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    elapsed = time.perf_counter() - started
    every = sorted(number for numbers in results for number in numbers)
    assert every == list(range(FIRST, FIRST + WRITERS * ISSUES_EACH))
    assert all(numbers == sorted(numbers) for numbers in results)
    register = Register.open(url)
    try:
        verdict = verify_register(register)
        assert verdict.ok, (verdict.documents.problems, verdict.problems)
        assert verdict.documents.notes_checked == WRITERS * ISSUES_EACH
    finally:
        register.close()
    print(f"\n{WRITERS} x {ISSUES_EACH} issues in {elapsed:.1f} s")


def _slow_renderer(note: Note) -> Mapping[str, bytes]:
    files = dict(cheap_renderer(note))
    time.sleep(0.01)  # rendering takes a while, inside the issuing transaction
    return {name: content + b"%" * 100_000 for name, content in files.items()}


def _issue_forever(url: str) -> None:
    register = Register(url)
    workflow = WorkflowService(register, renderer=_slow_renderer, holidays=())
    people = _people(register)
    note = _short_note()
    while True:
        note_id = workflow.save_draft(people["dora"], note)
        workflow.submit(people["dora"], note_id)
        workflow.approve(people["anna"], note_id)
        workflow.issue(people["greg"], note_id)


def _issued_count(path: Path) -> int:
    with closing(sqlite3.connect(path, timeout=60)) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM numbers WHERE state = 'used'"
        ).fetchone()
        return int(count)


def _sound(path: Path) -> int:
    """Integrity check; each note issued whole or not at all; returns the notes issued."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = connection.execute(
            "SELECT n.id, n.status, n.number_text, count(d.id), "
            "json_array_length(n.documents_manifest), "
            "(SELECT count(*) FROM audit_log a WHERE a.note_id = n.id AND a.action = 'issue') "
            "FROM notes n LEFT JOIN issued_documents d ON d.note_id = n.id GROUP BY n.id"
        ).fetchall()
        issued = 0
        for note_id, status, number, documents, listed, entries in rows:
            if status == "issued":
                issued += 1
                assert number is not None and documents == listed == 3 and entries == 1, note_id
            else:
                assert (documents, number, entries) == (0, None, 0), (note_id, status)
        (used,) = connection.execute("SELECT count(*) FROM numbers WHERE state = 'used'").fetchone()
        assert used == issued
        return issued


def test_twenty_writers_killed_mid_issue_leave_nothing_half_issued(db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    # Forked, so that a writer is at work at once (a spawned one takes a second to import).
    context = multiprocessing.get_context("fork")
    rng = random.Random(1453)
    issued = 0
    for _ in range(KILLS):
        before = _issued_count(db_path)
        # Frozen, the parent's objects are not walked by the child's collector, so the child
        # copies none of their pages (after a test that loaded a large dictionary, such as
        # pymorphy3's, the first collection in a forked child took longer than the old wait).
        gc.freeze()
        writer = context.Process(target=_issue_forever, args=(url,))
        writer.start()
        gc.unfreeze()
        # Killed in the middle of its work: once it has issued a note (however long the machine
        # takes to get there), at a random moment of the next one.
        while _issued_count(db_path) == before and writer.is_alive():
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.1))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL
        issued = _sound(db_path)
    assert issued > 0
    register = Register.open(url)
    try:
        verdict = verify_register(register)
        assert verdict.ok, (verdict.documents.problems, verdict.problems)
        running = sorted(
            int(n.split("/")[1]) for n in (s.number for s in register.search("", limit=10_000)) if n
        )
        assert running == list(range(FIRST, FIRST + issued))
    finally:
        register.close()
