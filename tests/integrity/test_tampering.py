"""Issue 12, points 8-10: tampering behind the application's back is refused by triggers or
found by `verbale verify` (the audit log's issue entries, MACs and anchor)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.services import audit, audit_anchor
from app.services.users import MAX_FAILED_LOGINS, LoginRefused, UserInfo, authenticate
from app.services.workflow import WorkflowService
from tests.integrity.conftest import Cli
from tests.raw_sql import REFUSED, RawDatabase, connected, is_postgresql
from tests.register.conftest import simple_pdf
from tests.workflow.conftest import note_in


def execute(path: Path | str, statement: str, *params: object) -> None:
    RawDatabase(path).execute(statement, *params)


def refused(path: Path | str, statement: str, *params: object) -> str:
    """The message of the trigger that refuses `statement` (run with plain sqlite3)."""
    with pytest.raises(REFUSED) as error:
        execute(path, statement, *params)
    return str(error.value)


def test_plain_sql_moves_no_status_outside_the_workflow_and_changes_no_one_s_roles(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    draft = note_in(workflow, people, NoteStatus.DRAFT)
    submitted = note_in(workflow, people, NoteStatus.SUBMITTED)
    for note_id, forged in (
        (draft, "issued"),
        (draft, "approved"),
        (submitted, "dispatched"),
        (submitted, "issued"),
        (submitted, "draft"),
    ):
        message = refused(register_url, "UPDATE notes SET status = ? WHERE id = ?", forged, note_id)
        assert "moves only by a transition of the workflow" in message, forged
    for statement in (
        "UPDATE users SET roles = 'drafter approver administrator' WHERE login = 'dora'",
        "UPDATE users SET login = 'dora2' WHERE login = 'dora'",
    ):
        assert "never change" in refused(register_url, statement), statement
    assert "never deleted" in refused(register_url, "DELETE FROM users WHERE login = 'greg'")
    if not is_postgresql(register_url):  # INSERT OR REPLACE is SQLite's
        assert "never replaced" in refused(
            register_url, "INSERT OR REPLACE INTO users SELECT * FROM users WHERE login = 'anna'"
        )
    with connected(register_url) as connection:
        rows = connection.execute("SELECT login, roles FROM users ORDER BY id").fetchall()
    assert ("dora", "drafter") in rows and ("greg", "registrar") in rows


# -- point 8: the stored PDF against the audit log's issue entry ----------------------------


def test_verify_holds_each_pdf_against_its_issue_entry(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    assert cli("verify")[0] == 0
    forged = simple_pdf("a different note")
    digest = hashlib.sha256(forged).hexdigest()
    with connected(register_url) as connection:
        for trigger in ("issued_documents_no_update", "notes_manifest_fixed"):
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute(
            "UPDATE issued_documents SET content = ?, sha256 = ?, size = ? "
            "WHERE note_id = ? AND file_name = 'PAR-1453_en.pdf'",
            (forged, digest, len(forged), note_id),
        )
        (manifest,) = connection.execute(
            "SELECT documents_manifest FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
        listed = manifest if isinstance(manifest, list) else json.loads(manifest)
        for item in listed:
            if item["file_name"] == "PAR-1453_en.pdf":
                item.update(sha256=digest, size=len(forged))
        connection.execute(
            "UPDATE notes SET documents_manifest = ? WHERE id = ?", (json.dumps(listed), note_id)
        )
    code, out, _err = cli("verify")
    assert code == 1
    (issue_entry,) = [e.id for e in workflow.history(note_id) if e.action == "issue"]
    assert (
        f"№PAR/1453: PAR-1453_en.pdf changed (SHA-256 {digest[:12]}…, but audit log entry "
        f"{issue_entry} issued it with"
    ) in out
    assert "4 document(s) of 1 note(s): 1 problem(s)" in out


# -- point 9: the chain anchored outside the register ----------------------------------------


def recompute_chain(path: Path | str, *, strip_macs: bool = False) -> None:
    """What an attacker who knows the algorithm (but not the key) does after an edit: every
    hash computed again, so the chain links up."""
    with connected(path) as connection:
        for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace"):
            connection.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        rows = connection.execute(
            "SELECT id, at, user_login, action, note_id, detail FROM audit_log ORDER BY id"
        ).fetchall()
        previous = audit.GENESIS
        for entry_id, at, login, action, note_id, detail in rows:
            moment = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
            digest = audit.entry_hash(previous, entry_id, moment, login, action, note_id, detail)
            connection.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                (previous, digest, entry_id),
            )
            if strip_macs:
                connection.execute(
                    "UPDATE audit_log SET mac = NULL, mac_key = NULL WHERE id = ?", (entry_id,)
                )
            previous = digest


def test_a_chain_recomputed_after_an_edit_fails_its_macs_and_its_anchor(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    assert cli("verify")[0] == 0
    (approval,) = [e.id for e in workflow.history(note_id) if e.action == "approve"]
    execute(register_url, "DROP TRIGGER audit_log_no_update")
    # ada (who cannot have approved: she is no approver of this note) named as the approver.
    execute(register_url, "UPDATE audit_log SET user_login = 'ada' WHERE id = ?", approval)
    recompute_chain(register_url)
    assert audit.verify_chain(workflow.register) == []  # the chain alone no longer tells
    code, out, _err = cli("verify")
    assert code == 1
    assert f"audit log entry {approval} altered: its MAC does not match" in out
    assert "was rewritten from there on, or replaced by another" in out
    # With the MACs stripped as well, the anchor still tells.
    recompute_chain(register_url, strip_macs=True)
    code, out, _err = cli("verify")
    assert code == 1 and "MAC does not match" not in out
    assert "was rewritten from there on, or replaced by another" in out


def test_cutting_the_tail_off_the_log_is_found(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.APPROVED)
    newest = audit.count_entries(workflow.register)
    # The approval and everything after it cut off, the note set back: what is left is a
    # sound chain, every MAC holds.
    (approval,) = [e.id for e in workflow.history(note_id) if e.action == "approve"]
    with connected(register_url) as connection:
        for trigger in ("audit_log_no_delete", "notes_frozen_status", "notes_status_moves"):
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("DELETE FROM audit_log WHERE id >= ?", (approval,))
        connection.execute("UPDATE notes SET status = 'submitted' WHERE id = ?", (note_id,))
    assert audit.verify_chain(workflow.register) == []
    code, out, _err = cli("verify")
    assert code == 1
    assert (
        f"the audit log ends at entry {approval - 1}, but this computer saw entry {newest}: "
        f"entries {approval}–{newest} were cut off the log"
    ) in out


def test_the_audit_key_and_anchor_live_outside_the_register_owner_only(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
) -> None:
    note_in(workflow, people, NoteStatus.SUBMITTED)
    key = audit_anchor.key_path()
    assert key.parent == Path(os.environ["VERBALE_CONFIG_DIR"])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    location = audit_anchor.register_location(f"sqlite:///{db_path}")
    assert location is not None
    anchor = audit_anchor.read_anchor(location)
    assert anchor is not None and anchor.entry_id == audit.count_entries(workflow.register)
    assert stat.S_IMODE(audit_anchor.anchor_path(location).stat().st_mode) == 0o600
    with connected(db_path) as connection:
        (key_id, mac) = connection.execute(
            "SELECT mac_key, mac FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert key_id == audit_anchor.audit_key().id and len(mac) == 64
    # A copy elsewhere has no anchor here yet: said, not failed, and anchored from then on.
    copy = db_path.with_name("copy.sqlite3")
    shutil.copyfile(db_path, copy)
    code, out, _err = cli.bare("--db", f"sqlite:///{copy}", "verify")
    assert code == 0 and "note: this computer holds no anchor for this register yet" in out
    code, out, _err = cli.bare("--db", f"sqlite:///{copy}", "verify")
    assert code == 0 and "no anchor" not in out


# -- point 10: status moves and people behind the application's back -------------------------


def test_a_status_set_by_hand_before_the_note_is_frozen_is_found(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.SUBMITTED)
    # submitted -> approved is a move of the workflow, so no trigger refuses it; no approver
    # ever approved it, and then the registrar issues it through the application.
    execute(register_url, "UPDATE notes SET status = 'approved' WHERE id = ?", note_id)
    workflow.issue(people["greg"], note_id)
    code, out, _err = cli("verify")
    assert code == 1
    (submission,) = [e.id for e in workflow.history(note_id) if e.action == "submit"]
    (issue_entry,) = [e.id for e in workflow.history(note_id) if e.action == "issue"]
    assert (
        f"note PAR/1453 was approved when audit log entry {issue_entry} (issue) was written, "
        f"but entry {submission} had left it submitted"
    ) in out


def test_users_changed_behind_the_application_s_back_are_found(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_in(workflow, people, NoteStatus.SUBMITTED)
    # Three failed logins of greg's, then anna locked out.
    for _attempt in range(3):
        with pytest.raises(LoginRefused):
            authenticate(workflow.register, "greg", "not his password")
    for _attempt in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginRefused):
            authenticate(workflow.register, "anna", "not her password either")
    assert cli("verify")[0] == 0
    with connected(register_url) as connection:
        connection.execute("DROP TRIGGER users_fixed")
        connection.execute("DROP TRIGGER users_no_replace")
        (dora_hash,) = connection.execute(
            "SELECT password_hash FROM users WHERE login = 'dora'"
        ).fetchone()
        connection.execute("UPDATE users SET roles = 'drafter approver' WHERE login = 'dora'")
        connection.execute("UPDATE users SET password_hash = ? WHERE login = 'admin'", (dora_hash,))
        connection.execute("UPDATE users SET failed_logins = 0 WHERE login = 'greg'")
        connection.execute("UPDATE users SET locked_until = NULL WHERE login = 'anna'")
        connection.execute(
            "INSERT INTO users(login, display_name, roles, password_hash, failed_logins, active, "
            "created_at) SELECT 'mallory', '', 'approver', password_hash, 0, true, created_at "
            "FROM users WHERE login = 'dora'"
        )
    code, out, _err = cli("verify")
    assert code == 1
    for found in (
        "user dora: roles drafter approver, which the audit log never recorded",
        "user admin: a password other than the last one set",
        "user greg: 0 failed logins in a row",
        "user anna: not locked out",
        "user mallory: the user is in the register",
    ):
        assert found in out, found


def test_an_approved_text_or_an_issued_number_changed_by_hand_is_found(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    approved = note_in(workflow, people, NoteStatus.APPROVED)
    first = note_in(workflow, people, NoteStatus.ISSUED)
    second = note_in(workflow, people, NoteStatus.ISSUED)
    assert cli("verify")[0] == 0
    (approval,) = [e.id for e in workflow.history(approved) if e.action == "approve"]
    (second_issue,) = [e.id for e in workflow.history(second) if e.action == "issue"]
    with connected(register_url) as connection:
        for trigger in ("note_revisions_frozen_no_update", "notes_number_fixed"):
            connection.execute(f"DROP TRIGGER {trigger}")
        edited = (
            """(data::jsonb || '{"body": {"en": ["Other words."]}}')::json"""
            if is_postgresql(register_url)
            else "json_set(data, '$.body.en[0]', 'Other words.')"
        )
        connection.execute(
            f"UPDATE note_revisions SET data = {edited} WHERE note_id = ?", (approved,)
        )
        # The second note made to carry the first one's number.
        connection.execute(
            "UPDATE notes SET running = 1453, number_text = 'PAR/1453' WHERE id = ?", (second,)
        )
    code, out, _err = cli("verify")
    assert code == 1
    assert f"note {approved}'s text is not the text approved in audit log entry {approval}" in out
    assert f"№PAR/1453: * renumbered (audit log entry {second_issue} issued it as PAR/1454)" in out
    assert first != second
