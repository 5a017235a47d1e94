"""Before a note is issued: its sender's seal opened, the key's password asked for when the
keyring holds none (app.services.seal). A sender without a key issues unsigned PDFs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.gui.errors import show_error
from app.i18n.messages import _

if TYPE_CHECKING:
    from app.services.register import Register
    from app.services.seal import Seal, SealConfig


def issue_seal(parent: QWidget, register: Register, note_id: int) -> tuple[bool, Seal | None]:
    """(whether to go on issuing, the opened seal or None for unsigned PDFs); a seal that
    cannot be opened, or a password not given, is said and stops the issue."""
    from app.services.seal import SealError, seal_for

    def ask(config: SealConfig) -> str | None:
        text, given = QInputDialog.getText(
            parent,
            _("Seal the issued PDFs"),
            _("Password of the signing key {path}:").format(path=config.pkcs12),
            QLineEdit.EchoMode.Password,
        )
        return text if given else None

    try:
        return True, seal_for(register.load(note_id).note.sender.key, ask)
    except SealError as error:
        show_error(parent, str(error), _("Seal the issued PDFs"))
        return False, None
