"""Distribution lists (issue 18, point 3): a group addressee's members."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.domain.parties import Addressee
from app.services.addressee_file import addressee_directory
from app.services.distribution import recipients
from app.services.register import Register, RegisterError

#: The CICA Member States as the Secretariat lists them (s-cica.org): 28; Turkmenistan is an
#: observer state.
CICA_MEMBERS = (
    "Afghanistan", "Azerbaijan", "Bahrain", "Bangladesh", "Cambodia", "China", "Egypt", "India",
    "Iran", "Iraq", "Israel", "Jordan", "Kazakhstan", "Kuwait", "Kyrgyz", "Mongolia", "Pakistan",
    "Palestine", "Qatar", "Korea", "Russian", "Sri Lanka", "Tajikistan", "Thailand", "Türkiye",
    "United Arab Emirates", "Uzbekistan", "Viet Nam",
)  # fmt: skip


def test_the_shipped_directory_lists_the_28_member_states_with_forms_language_and_address() -> None:
    directory = addressee_directory()
    group = directory["cica-member-states"]
    assert len(group.members) == len(set(group.members)) == 28
    members = [directory[key] for key in group.members]
    for member, state in zip(members, CICA_MEMBERS, strict=True):
        assert state in member.forms["en"].nominative
        assert set(member.forms) == {"en", "ru", "kk"}
        assert member.working_language in ("en", "ru", "kk")
        assert member.email.endswith(".example")
    assert not any("Turkmen" in member.forms["en"].nominative for member in members)
    russia = directory["mfa-russia"]
    assert russia.forms["ru"].dative == "Министерству иностранных дел Российской Федерации"
    assert russia.forms["kk"].genitive == "Ресей Федерациясы Сыртқы істер министрлігінің"
    partners = directory["cica-partner-organisations"].members
    assert {"un-secretariat", "sco-secretariat", "osce-secretariat", "cis-executive-committee"} <= (
        set(partners)
    )


def test_a_group_saved_in_the_register_keeps_its_members_in_order(
    register: Register, db_path: Path
) -> None:
    shipped = addressee_directory()["cica-member-states"]
    register.save_addressee(shipped)
    found = recipients(register, "cica-member-states")
    assert [member.key for member in found] == list(shipped.members)
    assert found[20].name == "the Ministry of Foreign Affairs of the Russian Federation"
    assert found[20].working_language == "ru"
    with sqlite3.connect(db_path) as connection:
        (count,) = connection.execute("SELECT count(*) FROM addressee_members").fetchone()
    assert count == 28
    # The officer shortens the list: the register's entry wins over the shipped one.
    smaller = Addressee(
        key="cica-member-states", forms=shipped.forms, kind="group", members=("mfa-china",)
    )
    register.save_addressee(smaller)
    assert [member.key for member in recipients(register, "cica-member-states")] == ["mfa-china"]


def test_a_member_known_nowhere_is_refused(register: Register) -> None:
    group = Addressee(key="g", forms={}, kind="group", members=("mfa-atlantis",))
    with pytest.raises(RegisterError, match="its member 'mfa-atlantis' is not in the directory"):
        register.save_addressee(group)


def test_cli_members_lists_each_recipient(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", f"sqlite:///{db_path}", "addressees", "members", "cica-member-states"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 28
    assert lines[12].split("\t")[:4] == [
        "13", "mfa-kazakhstan", "kk", "mfa-kazakhstan@cica-directory.example"
    ]  # fmt: skip
    assert main(["--db", f"sqlite:///{db_path}", "addressees", "show", "cica-member-states"]) == 0
    assert "members (28): mfa-afghanistan, mfa-azerbaijan" in capsys.readouterr().out
