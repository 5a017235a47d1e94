"""Secrets come from the environment override, else the system keyring; a computer without a
keyring has none stored and says why it cannot store one."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.services.credentials import (
    CredentialError,
    environment_variable,
    forget_secret,
    lookup_secret,
    store_secret,
)


class MemoryKeyring(KeyringBackend):
    """A keyring backend holding its entries in a dict (the test's own system keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError(username)
        del self.entries[(service, username)]


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("VERBALE_SECRET_SIGNING_KEY", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_stored_secret_is_found_under_its_purpose_and_account(
    memory_keyring: MemoryKeyring,
) -> None:
    store_secret("signing-key", "secretariat", "s3cret")
    assert lookup_secret("signing-key", "secretariat") == "s3cret"
    assert lookup_secret("signing-key", "embassy") is None
    assert lookup_secret("smtp", "secretariat") is None
    assert memory_keyring.entries == {("Verbale signing-key", "secretariat"): "s3cret"}
    forget_secret("signing-key", "secretariat")
    forget_secret("signing-key", "secretariat")  # twice is no error
    assert lookup_secret("signing-key", "secretariat") is None


def test_the_environment_overrides_the_keyring(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert environment_variable("signing-key") == "VERBALE_SECRET_SIGNING_KEY"
    store_secret("signing-key", "secretariat", "from the keyring")
    monkeypatch.setenv("VERBALE_SECRET_SIGNING_KEY", "from the environment")
    assert lookup_secret("signing-key", "secretariat") == "from the environment"
    assert lookup_secret("signing-key", "anyone") == "from the environment"


def test_without_a_keyring_nothing_is_stored_and_storing_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VERBALE_SECRET_SMTP", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert lookup_secret("smtp", "mail@example.org") is None
        with pytest.raises(CredentialError, match="VERBALE_SECRET_SMTP"):
            store_secret("smtp", "mail@example.org", "pw")
    finally:
        keyring.set_keyring(previous)
