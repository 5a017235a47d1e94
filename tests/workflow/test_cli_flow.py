"""The reference note №PAR/1453 taken from draft to dispatched through the command line with
a fixed clock (fixed in-process: $VERBALE_TODAY sets only the calendar day): users added,
refusals printed with exit status 2, the deadline tracked, an objection recorded, the outcome
settled; read back from the SQLite file and the issued PDF."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.workflow import NoteStatus
from app.paths import resources_dir
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.workflow.conftest import note_in

REFERENCE = resources_dir() / "examples" / "par-1453.toml"


class Cli:
    def __init__(
        self, path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.path = path
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(
        self, *argv: str, user: str | None = None, today: str = "2023-11-29", stdin: str = ""
    ) -> tuple[int, str, str]:
        self.monkeypatch.setenv("VERBALE_TODAY", today)
        # The clock itself is fixed in-process, at noon UTC of that day: the environment
        # sets only the calendar day.
        moment = dt.datetime.combine(dt.date.fromisoformat(today), dt.time(12, 0))
        for module in ("app.services.workflow_base", "app.services.users", "app.services.audit"):
            self.monkeypatch.setattr(f"{module}.utcnow", lambda: moment)
        if user:
            self.monkeypatch.setenv("VERBALE_USER", user)
            self.monkeypatch.setenv("VERBALE_PASSWORD", f"{user}-secret")
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--db", f"sqlite:///{self.path}", *argv])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def status(self) -> tuple[str, str | None, str | None]:
        with sqlite3.connect(self.path) as connection:
            row = connection.execute("SELECT status, number_text, outcome FROM notes").fetchone()
        return row[0], row[1], row[2]


def test_par_1453_from_draft_to_dispatched_and_its_silence_procedure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VERBALE_USER", raising=False)
    monkeypatch.delenv("VERBALE_PASSWORD", raising=False)
    path = tmp_path / "register.sqlite3"
    cli = Cli(path, capsys, monkeypatch)

    # The first user, the administrator, is added without logging in; then the others by them.
    monkeypatch.setenv("VERBALE_NEW_PASSWORD", "admin-secret")
    assert cli("users", "add", "admin", "--roles", "administrator")[:2] == (
        0,
        "user admin added (administrator)\n",
    )
    monkeypatch.delenv("VERBALE_NEW_PASSWORD")
    for login, roles in (("dora", "drafter"), ("anna", "approver"), ("greg", "registrar")):
        code, out, err = cli(
            "users", "add", login, "--roles", roles, "--user", "admin", "--password-stdin",
            stdin=f"admin-secret\n{login}-secret\n",
        )  # fmt: skip
        assert code == 0, err
    code, _out, err = cli(
        "users", "add", "eve", "--roles", "drafter", "--password-stdin", "--user", "dora",
        stdin="dora-secret\neve-secret1\n",
    )  # fmt: skip
    assert code == 2 and "Only an administrator may add users; dora is not one." in err
    assert cli("users", "list")[1].split() == [
        "admin", "administrator", "anna", "approver", "dora", "drafter", "greg", "registrar"
    ]  # fmt: skip
    assert cli("register", "series", "PAR", "--next", "1453", user="admin")[0] == 0

    code, out, err = cli("note", "draft", str(REFERENCE), user="dora")
    assert (code, out, err) == (0, "saved as draft 1\n", "")
    code, _out, err = cli("note", "approve", "1", user="anna")
    assert code == 2 and "A note that is draft cannot be approved." in err
    assert cli("note", "submit", "1", user="dora")[:2] == (0, "note 1: submitted\n")
    code, _out, err = cli("note", "approve", "1", user="dora")
    assert code == 2 and "Only a user with the role approver may approve" in err
    code, _out, err = cli("note", "issue", "1", user="greg")
    assert code == 2 and "A note that is submitted cannot be issued." in err
    assert cli.status() == ("submitted", None, None)
    assert cli("note", "approve", "1", "--comment", "Agreed with SCO", user="anna")[0] == 0
    code, out, err = cli("note", "issue", "1", user="greg")
    assert code == 0, err
    assert out.startswith("issued №PAR/1453\n") and "PAR-1453_en.pdf  sha256 " in out
    assert "the PDFs are unsigned: no signing key is configured for sender cica-secretariat" in out
    code, out, _err = cli("note", "dispatch", "PAR/1453", user="greg")
    assert (code, out) == (0, "note PAR/1453: dispatched\n")
    assert cli.status() == ("dispatched", "PAR/1453", None)

    register = Register(f"sqlite:///{path}")
    english = register.document(1, "PAR-1453_en.pdf")
    register.close()
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(english)).pages
    )
    assert "№PAR/1453" in text and "by 29 December 2023 at the latest" in text

    code, out, _err = cli("deadlines", "--within", "30", today="2023-12-01")
    assert out.startswith(
        "PAR/1453  2023-12-29  28 day(s) left  0 objections in time  Draft Action"
    )
    assert cli("deadlines", "--within", "7", today="2023-12-01")[1] == (
        "no objection deadline within 7 day(s)\n"
    )
    assert cli("outcomes", user="greg", today="2023-12-29")[1] == "no outcome to settle\n"
    # Received on the last day, registered the next morning: it still breaks the silence.
    code, out, err = cli(
        "objections", "add", "PAR/1453", "--party", "Republic of India", "--date", "2023-12-29",
        "--reference", "No. 12/2023-CICA", "--text", "Requests consultations on item 6.",
        user="greg", today="2023-12-30",
    )  # fmt: skip
    assert code == 0, err
    assert out == "objection from Republic of India recorded for PAR/1453: the silence is broken\n"
    assert cli.status() == ("dispatched", "PAR/1453", "silence_broken")
    assert cli("outcomes", user="greg", today="2023-12-30")[1] == "no outcome to settle\n"

    code, out, _err = cli("note", "history", "PAR/1453")
    lines = out.splitlines()
    assert [line.split("  ")[1:3] for line in lines] == [
        ["dora", "draft saved"],
        ["anna", "failed attempt"],
        ["dora", "submit"],
        ["dora", "failed attempt"],
        ["greg", "failed attempt"],
        ["anna", "approve"],
        ["greg", "issue"],
        ["greg", "dispatch"],
        ["greg", "objection recorded"],
        ["greg", "outcome set"],
    ]
    assert "“Agreed with SCO”" in lines[5]
    assert lines[-1].startswith("2023-12-30 12:00  greg  outcome set  — → silence_broken")
    code, out, _err = cli("verify")
    assert code == 0 and out.splitlines()[-1].endswith("entries: ok")


def test_a_wrong_password_is_refused_with_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    cli = Cli(tmp_path / "register.sqlite3", capsys, monkeypatch)
    monkeypatch.setenv("VERBALE_NEW_PASSWORD", "admin-secret")
    assert cli("users", "add", "admin", "--roles", "administrator")[0] == 0
    code, _out, err = cli(
        "users", "passwd", "admin", "--user", "admin", "--password-stdin", stdin="wrong\nx\n"
    )
    assert (code, err) == (2, "Wrong login or password.\n")


def test_deadlines_count_only_timely_objections_and_say_the_outcome_in_words(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note_id = note_in(workflow, people, NoteStatus.DISPATCHED)
    late = workflow.record_objection(
        people["greg"], note_id, party="Mongolia", received_on=dt.date(2023, 12, 30),
        today=dt.date(2023, 12, 30),
    )  # fmt: skip
    assert not late.timely
    workflow.settle_outcomes(dt.date(2023, 12, 30))
    # Replaying the deadline day: the late objection is marked, the outcome said in words.
    monkeypatch.setenv("VERBALE_TODAY", "2023-12-29")
    assert main(["--db", f"sqlite:///{db_path}", "deadlines"]) == 0
    assert capsys.readouterr().out.startswith(
        "PAR/1453  2023-12-29  today  0 objections in time (+1 late)  adopted under the "
        "silence procedure  Draft Action"
    )


def test_draft_warns_when_the_file_names_another_number_than_the_series_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "register.sqlite3"
    cli = Cli(path, capsys, monkeypatch)
    monkeypatch.setenv("VERBALE_NEW_PASSWORD", "admin-secret")
    assert cli("users", "add", "admin", "--roles", "administrator")[0] == 0
    monkeypatch.delenv("VERBALE_NEW_PASSWORD")
    code, _out, err = cli(
        "users", "add", "dora", "--roles", "drafter", "--user", "admin", "--password-stdin",
        stdin="admin-secret\ndora-secret\n",
    )  # fmt: skip
    assert code == 0, err
    assert cli("register", "series", "PAR", user="admin")[0] == 0
    code, out, err = cli("note", "draft", str(REFERENCE), user="dora")
    assert (code, out) == (0, "saved as draft 1\n")
    assert err == (
        "warning: the file names №PAR/1453, but series PAR will give №PAR/1 when this note is "
        "issued; to continue the series from 1453: verbale register series PAR --next 1453\n"
    )
    # The command it names does what it says: the next draft is not warned about.
    assert cli("register", "series", "PAR", "--next", "1453", user="admin")[0] == 0
    code, out, err = cli("note", "draft", str(REFERENCE), user="dora")
    assert (code, out, err) == (0, "saved as draft 2\n", "")
