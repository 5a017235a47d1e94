"""People: Argon2id hashes in the users table, the first administrator, lock-out after five
failed logins for fifteen minutes, every login audited."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.cli import main
from app.services import users
from app.services.register import Register
from app.services.users import LoginRefused, UserInfo, UserRefused
from tests.raw_sql import connected
from tests.workflow.conftest import PASSWORD, audit_rows

T0 = dt.datetime(2023, 11, 29, 4, 0)


def stored_hash(path: Path | str, login: str) -> str:
    with connected(path) as connection:
        (value,) = connection.execute(
            "SELECT password_hash FROM users WHERE login = ?", (login,)
        ).fetchone()
    return str(value)


def test_passwords_are_stored_as_argon2id(register: Register, register_url: str) -> None:
    stored = stored_hash(register_url, "dora")
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


@pytest.fixture
def almaty(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The system's local zone is Asia/Almaty (UTC+6 in 2023)."""
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_lock_out_after_five_failed_logins_for_fifteen_minutes(
    register: Register, register_url: str, almaty: None
) -> None:
    for attempt in range(1, 5):
        with pytest.raises(LoginRefused, match=r"^Wrong login or password\.$"):
            users.authenticate(register, "dora", f"guess {attempt}", now=T0)
    # Locked until 04:15 UTC: said in local time, with the date and the zone.
    with pytest.raises(LoginRefused) as locked:
        users.authenticate(register, "dora", "guess 5", now=T0)
    assert str(locked.value).endswith("locked until 29 Nov 2023 10:15 (Asia/Almaty).")
    # Even the right password is refused while the account is locked.
    with pytest.raises(LoginRefused, match=r"try again after 29 Nov 2023 10:15 \(Asia/Almaty\)"):
        users.authenticate(register, "dora", PASSWORD, now=T0 + dt.timedelta(minutes=14))
    user = users.authenticate(register, "dora", PASSWORD, now=T0 + dt.timedelta(minutes=16))
    assert user.login == "dora"
    actions = [action for login, action, _ in audit_rows(register_url) if login == "dora"]
    assert actions == ["login failed"] * 5 + ["locked out", "login failed", "login"]


def test_an_unknown_login_is_refused_and_audited(register: Register, register_url: str) -> None:
    with pytest.raises(LoginRefused, match="Wrong login or password"):
        users.authenticate(register, "mallory", PASSWORD, now=T0)
    # No such user: what was typed is not kept (it may be a password typed as a login).
    assert audit_rows(register_url)[-1][:2] == ("", "login failed")


def test_a_hash_with_old_parameters_is_replaced_at_login(
    register: Register, register_url: str
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with connected(register_url) as connection:
        connection.execute("UPDATE users SET password_hash = ? WHERE login = 'greg'", (weak,))
    users.authenticate(register, "greg", PASSWORD, now=T0)
    renewed = stored_hash(register_url, "greg")
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


def test_verbale_today_neither_lifts_a_lock_out_nor_dates_the_audit_log(
    register: Register,
    register_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = users.utcnow()
    for attempt in range(1, 6):
        with pytest.raises(LoginRefused):
            users.authenticate(register, "dora", f"guess {attempt}", now=now)
    # A day far after the lock-out ends changes nothing: the clock is the real one.
    monkeypatch.setenv("VERBALE_TODAY", "2099-01-01")
    monkeypatch.setenv("VERBALE_PASSWORD", PASSWORD)
    monkeypatch.setenv("VERBALE_NEW_PASSWORD", "a new secret")
    code = main(["--db", register_url, "users", "passwd", "dora", "--user", "dora"])
    assert code == 2
    assert "account dora is locked" in capsys.readouterr().err
    code = main(["--db", register_url, "users", "passwd", "greg", "--user", "greg"])
    assert code == 0, capsys.readouterr().err
    with connected(register_url) as connection:
        stamps = [
            at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
            for (at,) in connection.execute("SELECT at FROM audit_log WHERE user_login = 'greg'")
        ]
    assert stamps and all(abs(at - now) < dt.timedelta(minutes=5) for at in stamps)


def test_passwd_without_a_new_password_is_refused_with_exit_status_2(
    register_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERBALE_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    code = main(
        ["--db", register_url, "users", "passwd", "greg", "--user", "greg",
         "--password-stdin"]
    )  # fmt: skip
    assert code == 2
    assert "standard input ended before a password" in capsys.readouterr().err
    # Not a terminal, no $VERBALE_NEW_PASSWORD, no --password-stdin: refused the same way.
    monkeypatch.setenv("VERBALE_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--db", register_url, "users", "passwd", "greg", "--user", "greg"])
    assert code == 2
    assert "No new password" in capsys.readouterr().err


@pytest.mark.parametrize(
    "setting", ["Asia/Almaty", ":Asia/Almaty", "/usr/share/zoneinfo/Asia/Almaty"]
)
def test_the_local_zone_is_named_as_the_system_names_it(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    if setting.startswith("/") and not Path(setting).exists():
        pytest.skip("no system zoneinfo folder")
    monkeypatch.setenv("TZ", setting)
    time.tzset()
    try:
        assert users.local_zone_name() == "Asia/Almaty"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_windows_zone_name_has_an_iana_name_for_the_lock_out_message() -> None:
    # On Windows tzlocal reads the registry's zone name and maps it with this table.
    from tzlocal.windows_tz import win_tz

    assert win_tz["Central Asia Standard Time"].startswith("Asia/")
    assert win_tz["West Asia Standard Time"].startswith("Asia/")
