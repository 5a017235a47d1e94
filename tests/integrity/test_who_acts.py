"""Issue 12, points 1, 2 and 4: nobody writes to the register without their login, four eyes
without holes, and a password typed as a login is never stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.workflow import Action, NoteStatus
from app.paths import resources_dir
from app.services.register import Register
from app.services.users import LoginRefused, UserInfo, authenticate
from app.services.workflow import WorkflowRefused, WorkflowService
from tests.integrity.conftest import PASSWORD, Cli
from tests.raw_sql import RawDatabase, connected
from tests.workflow.conftest import audit_rows, note_in, stored_status, the_note

REFERENCE = resources_dir() / "examples" / "par-1453.toml"


def snapshot(path: Path | str) -> tuple[object, ...]:
    """What a write would change: notes, audit entries, series counters, objections."""
    with connected(path) as connection:
        return tuple(
            connection.execute(query).fetchall()
            for query in (
                "SELECT id, status, created_by, outcome FROM notes ORDER BY id",
                "SELECT count(*) FROM audit_log",
                "SELECT series_id, year, last_running FROM series_counters ORDER BY 1, 2",
                "SELECT prefix FROM series ORDER BY prefix",
                "SELECT count(*) FROM objections",
            )
        )


def test_every_command_that_writes_needs_a_login(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    issued = note_in(workflow, people, NoteStatus.ISSUED)
    before = snapshot(register_url)
    for argv in (
        ("register", "add", str(REFERENCE)),
        ("register", "series", "PAR", "--next", "9000"),
        ("register", "series", "NEW"),
        ("note", "draft", str(REFERENCE)),
        ("outcomes",),
        ("objections", "add", str(issued), "--party", "Mongolia", "--date", "2023-12-01"),
    ):
        code, _out, err = cli(*argv, claim=None)
        assert (code, err) == (2, "Say who acts: --user LOGIN or $VERBALE_USER.\n"), argv
        # $VERBALE_USER without a password is no login either.
        code, _out, err = cli(*argv, claim="dora")
        assert code == 2 and "No password" in err, argv
    assert snapshot(register_url) == before

    code, out, err = cli("register", "add", str(REFERENCE), user="dora")
    assert code == 0, err
    draft = int(out.split()[-1])
    with connected(register_url) as connection:
        (drafter,) = connection.execute(
            "SELECT u.login FROM notes n JOIN users u ON u.id = n.created_by WHERE n.id = ?",
            (draft,),
        ).fetchone()
    assert drafter == "dora"
    assert audit_rows(register_url, draft)[-1][:2] == ("dora", "draft saved")

    code, _out, err = cli("register", "series", "PAR", "--next", "9000", user="dora")
    assert code == 2 and "Only an administrator or a registrar" in err
    code, out, err = cli("register", "series", "PAR", "--next", "9000", user="greg")
    assert code == 0, err
    who, action, detail = audit_rows(register_url)[-1]
    assert (who, action) == ("greg", "series continued")
    assert json.loads(detail) == {"series": "PAR", "year": 0, "next": 9000, "was": 1454}
    code, out, err = cli("register", "series", "DIR", "--title", "Directives", user="admin")
    assert code == 0 and "DIR" in out
    assert audit_rows(register_url)[-1][:2] == ("admin", "series created")
    code, _out, err = cli("outcomes", user="admin")
    assert code == 2 and "Only a registrar, approver or drafter settles outcomes" in err
    code, out, _err = cli("outcomes", user="greg")
    assert code == 0 and out.startswith("PAR/1453  adopted under the silence procedure")
    assert audit_rows(register_url)[-1][:2] == ("greg", "outcome set")


def test_an_export_names_only_a_user_who_logged_in(
    cli: Cli,
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
    tmp_path: Path,
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    target = tmp_path / "register.csv"
    assert cli("register", "export", str(target), claim="greg")[0] == 0
    assert audit_rows(register_url)[-1][:2] == ("", "export")
    code, _out, err = cli("register", "export", str(target), user="greg", password="wrong one")
    assert (code, err) == (2, "Wrong login or password.\n")
    assert cli("register", "export", str(target), user="greg")[0] == 0
    assert audit_rows(register_url)[-1][:2] == ("greg", "export")


def test_nobody_who_drafted_edited_or_submitted_a_note_approves_it(
    workflow: WorkflowService, people: dict[str, UserInfo], register: Register, register_url: str
) -> None:
    dora, ada, anna = people["dora"], people["ada"], people["anna"]
    # A note added without a drafter: ada (drafter and approver) submits it, so she may not
    # approve it; another approver may.
    loose = register.save_draft(the_note())
    workflow.submit(ada, loose)
    assert Action.APPROVE not in workflow.allowed_actions(ada, loose)
    with pytest.raises(WorkflowRefused, match="ada submitted this note and cannot approve it"):
        workflow.approve(ada, loose)
    assert stored_status(register_url, loose) == "submitted"
    assert workflow.approve(anna, loose) is NoteStatus.APPROVED

    from app.services.sharing import share_note, unshare_note

    # ada may not save over dora's draft until dora shares it with her.
    note_id = workflow.save_draft(dora, the_note())
    with pytest.raises(WorkflowRefused, match="ada may not save over dora's draft"):
        workflow.save_draft(ada, the_note(subject="ada's words"), note_id)
    assert register.load(note_id).note.subject == the_note().subject
    with pytest.raises(WorkflowRefused, match="Only the drafter of note"):
        share_note(register, ada, note_id, "ada")
    share_note(register, dora, note_id, "ada")
    workflow.save_draft(ada, the_note(subject="ada's words"), note_id)
    # dora saves once more (the last editor again) and submits: ada edited it, so no.
    workflow.save_draft(dora, the_note(), note_id)
    workflow.submit(dora, note_id)
    assert Action.APPROVE not in workflow.allowed_actions(ada, note_id)
    with pytest.raises(WorkflowRefused, match="ada edited this note and cannot approve it"):
        workflow.approve(ada, note_id)
    assert audit_rows(register_url, note_id)[-1][:2] == ("ada", "failed attempt")
    assert workflow.approve(anna, note_id) is NoteStatus.APPROVED

    # Unshared, the draft is dora's alone again.
    other = workflow.save_draft(dora, the_note())
    share_note(register, dora, other, "ada")
    unshare_note(register, dora, other, "ada")
    with pytest.raises(WorkflowRefused, match="may not save over"):
        workflow.save_draft(ada, the_note(subject="again"), other)
    actions = [action for _who, action, _detail in audit_rows(register_url, other)]
    assert actions == ["draft saved", "note shared", "note unshared", "failed attempt"]


def test_sharing_from_the_command_line(
    cli: Cli, workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    note_id = workflow.save_draft(people["dora"], the_note())
    code, out, err = cli("note", "share", str(note_id), "--with", "ada", user="dora")
    assert (code, out) == (0, f"note {note_id} is shared with: ada\n"), err
    code, _out, err = cli("note", "share", str(note_id), "--with", "anna", user="dora")
    assert code == 2 and "anna is not a drafter of this register." in err
    code, out, _err = cli("note", "unshare", str(note_id), "--with", "ada", user="dora")
    assert out == f"note {note_id} is shared with: nobody\n"


def test_a_password_typed_into_the_login_field_is_never_stored(
    register: Register, register_url: str
) -> None:
    with pytest.raises(LoginRefused, match="Wrong login or password"):
        authenticate(register, PASSWORD, "dora")
    who, action, detail = audit_rows(register_url)[-1]
    assert (who, action, json.loads(detail)) == ("", "login failed", {"reason": "unknown user"})
    dump = RawDatabase(register_url).dump()
    assert "horse" not in dump
    # A login that exists is kept: the entry says whose account was tried.
    with pytest.raises(LoginRefused):
        authenticate(register, "dora", "not her password")
    assert audit_rows(register_url)[-1][:2] == ("dora", "login failed")
