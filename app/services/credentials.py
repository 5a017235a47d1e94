"""Secrets Verbale needs but never keeps in the register: the password of a sender's PKCS#12
signing key, the password of an SMTP account.

They live in the operating system's keyring (the `keyring` library: the Secret Service on Linux,
the macOS Keychain, the Windows Credential Locker), under the service name `Verbale <purpose>`
and the account they belong to. For tests, CI and scripts an environment variable overrides the
keyring: `VERBALE_SECRET_<PURPOSE>` (the purpose in capitals, any other character an
underscore: `VERBALE_SECRET_SIGNING_KEY`). A computer without a keyring has no stored secret:
lookup says None (the caller asks the person), storing says why it cannot.
"""

from __future__ import annotations

import os
import re

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

#: The environment variable overriding the keyring is this plus the purpose in capitals.
ENV_PREFIX = "VERBALE_SECRET_"
#: Purposes in use (free text is allowed; these name the ones Verbale's own code asks for).
SIGNING_KEY = "signing-key"
SMTP = "smtp"


class CredentialError(RuntimeError):
    """A secret could not be stored or removed; the message says which and why."""


def environment_variable(purpose: str) -> str:
    """`VERBALE_SECRET_SIGNING_KEY` for the purpose `signing-key`."""
    return ENV_PREFIX + re.sub(r"[^A-Z0-9]", "_", purpose.upper())


def _service(purpose: str) -> str:
    return f"Verbale {purpose}"


def lookup_secret(purpose: str, account: str) -> str | None:
    """The secret kept for `account` (a sender profile, a mail account) and `purpose`: the
    environment override if set, else the keyring's entry, else None (also when the computer
    has no usable keyring)."""
    override = os.environ.get(environment_variable(purpose))
    if override is not None:
        return override
    try:
        return keyring.get_password(_service(purpose), account)
    except KeyringError:
        return None


def store_secret(purpose: str, account: str, secret: str) -> None:
    """Keep `secret` in the keyring for `account` and `purpose` (replacing any)."""
    try:
        keyring.set_password(_service(purpose), account, secret)
    except KeyringError as error:
        raise CredentialError(
            f"the {purpose} secret of {account!r} could not be kept in the system keyring "
            f"({error or type(error).__name__}); set {environment_variable(purpose)} instead"
        ) from error


def forget_secret(purpose: str, account: str) -> None:
    """Remove the keyring's entry for `account` and `purpose`; nothing if there is none."""
    try:
        keyring.delete_password(_service(purpose), account)
    except PasswordDeleteError:
        return
    except KeyringError as error:
        raise CredentialError(
            f"the {purpose} secret of {account!r} could not be removed from the system "
            f"keyring ({error or type(error).__name__})"
        ) from error
