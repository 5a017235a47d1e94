"""The seal on the command line: the key's password from the keyring or the environment
($VERBALE_SECRET_SIGNING_KEY), else a prompt on the terminal; what was sealed, said after the
issue."""

from __future__ import annotations

import getpass
import sys

from app.i18n.messages import _
from app.services.register import Register
from app.services.seal import Seal, SealConfig, seal_for


def _prompt(config: SealConfig) -> str | None:
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(_("Password of the signing key {path}: ").format(path=config.pkcs12))
    except (EOFError, KeyboardInterrupt):
        return None


def issue_seal(register: Register, note_id: int) -> Seal | None:
    """The seal of the note's sender, opened, or None when the sender has no key configured."""
    return seal_for(register.load(note_id).note.sender.key, _prompt)


def seal_report(register: Register, note_id: int, seal: Seal | None) -> str:
    if seal is None:
        sender = register.load(note_id).note.sender.key
        return _("the PDFs are unsigned: no signing key is configured for sender {sender}").format(
            sender=sender
        )
    return _("the PDFs are sealed by {signer} (PAdES {level})").format(
        signer=seal.common_name, level=seal.level
    )
