"""People: Argon2id hashes in the users table, the first administrator, lock-out after five
failed logins for fifteen minutes, every login audited."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.services import users
from app.services.register import Register
from app.services.users import LoginRefused, UserInfo, UserRefused
from tests.workflow.conftest import PASSWORD, audit_rows

T0 = dt.datetime(2023, 11, 29, 4, 0)


def stored_hash(path: Path, login: str) -> str:
    with sqlite3.connect(path) as connection:
        (value,) = connection.execute(
            "SELECT password_hash FROM users WHERE login = ?", (login,)
        ).fetchone()
    return str(value)


def test_passwords_are_stored_as_argon2id(register: Register, db_path: Path) -> None:
    stored = stored_hash(db_path, "dora")
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    user = users.authenticate(register, "dora", PASSWORD, now=T0)
    assert user.login == "dora" and user.actor.user == "dora"


def test_the_first_user_must_be_an_administrator_then_only_administrators_add(
    tmp_path: Path,
) -> None:
    register = Register.open(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert not users.has_users(register)
    with pytest.raises(UserRefused, match="first user must be an administrator"):
        users.add_user(register, "dora", PASSWORD, "drafter", by=None)
    admin = users.add_user(register, "root", PASSWORD, "administrator", by=None)
    with pytest.raises(UserRefused, match="Only an administrator may add users"):
        users.add_user(register, "eve", PASSWORD, "drafter", by=None)
    dora = users.add_user(register, "dora", PASSWORD, "drafter,approver", by=admin)
    with pytest.raises(UserRefused, match="dora is not one"):
        users.add_user(register, "eve", PASSWORD, "drafter", by=dora)
    with pytest.raises(UserRefused, match="taken"):
        users.add_user(register, "dora", PASSWORD, "drafter", by=admin)
    with pytest.raises(UserRefused, match="Unknown role 'boss'"):
        users.add_user(register, "eve", PASSWORD, "boss", by=admin)
    with pytest.raises(UserRefused, match="at least 8 characters"):
        users.add_user(register, "eve", "short", "drafter", by=admin)
    assert [(u.login, sorted(u.roles)) for u in users.list_users(register)] == [
        ("dora", ["approver", "drafter"]),
        ("root", ["administrator"]),
    ]
    register.close()


def test_lock_out_after_five_failed_logins_for_fifteen_minutes(
    register: Register, db_path: Path
) -> None:
    for attempt in range(1, 5):
        with pytest.raises(LoginRefused, match=r"^Wrong login or password\.$"):
            users.authenticate(register, "dora", f"guess {attempt}", now=T0)
    with pytest.raises(LoginRefused, match="locked until 04:15 UTC"):
        users.authenticate(register, "dora", "guess 5", now=T0)
    # Even the right password is refused while the account is locked.
    with pytest.raises(LoginRefused, match="account dora is locked"):
        users.authenticate(register, "dora", PASSWORD, now=T0 + dt.timedelta(minutes=14))
    user = users.authenticate(register, "dora", PASSWORD, now=T0 + dt.timedelta(minutes=16))
    assert user.login == "dora"
    actions = [action for login, action, _ in audit_rows(db_path) if login == "dora"]
    assert actions == ["login failed"] * 5 + ["locked out", "login failed", "login"]


def test_an_unknown_login_is_refused_and_audited(register: Register, db_path: Path) -> None:
    with pytest.raises(LoginRefused, match="Wrong login or password"):
        users.authenticate(register, "mallory", PASSWORD, now=T0)
    assert audit_rows(db_path)[-1][:2] == ("mallory", "login failed")


def test_a_hash_with_old_parameters_is_replaced_at_login(register: Register, db_path: Path) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE users SET password_hash = ? WHERE login = 'greg'", (weak,))
    users.authenticate(register, "greg", PASSWORD, now=T0)
    renewed = stored_hash(db_path, "greg")
    assert renewed != weak and renewed.startswith("$argon2id$v=19$m=65536,t=3")


def test_passwords_are_changed_by_their_owner_or_an_administrator(
    register: Register, people: dict[str, UserInfo]
) -> None:
    users.set_password(register, "dora", "a new secret", by=people["dora"], now=T0)
    assert users.authenticate(register, "dora", "a new secret", now=T0).login == "dora"
    with pytest.raises(UserRefused, match="Only an administrator"):
        users.set_password(register, "anna", "a new secret", by=people["dora"], now=T0)
    users.set_password(register, "anna", "another secret", by=people["admin"], now=T0)
    assert users.authenticate(register, "anna", "another secret", now=T0).login == "anna"
