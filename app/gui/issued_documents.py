"""An issued note's stored PDFs in the note window: which one the preview's language picks,
the bar that says the preview shows it as stored (with its SHA-256), and opening it in the
system's viewer with every failure said to the officer."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from app import paths
from app.domain.languages import LANGUAGE_NAMES
from app.gui.errors import show_error
from app.i18n.messages import _
from app.private_files import private_folder
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.services.register import NoteRecord, Register
    from app.services.register_records import DocumentInfo


def chosen_document(record: NoteRecord | None, language: str) -> DocumentInfo | None:
    """The stored document in `language` (else the first one); None before issue."""
    if record is None or not record.documents:
        return None
    for document in record.documents:
        if document.language == language:
            return document
    return record.documents[0]


def grouped_digest(digest: str) -> str:
    """A SHA-256 in groups of eight (`439e9036 e43a4393 …`): read aloud, compared by eye, and
    wrapped in a narrow bar instead of running out of it."""
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


def issued_caption(record: NoteRecord, document: DocumentInfo) -> str:
    """ "Issued document №PAR/1453 (English), as stored — SHA-256 439e9036 …" """
    number = str(record.number) if record.number else ""
    language = LANGUAGE_NAMES.get(document.language, document.language)
    return _("Issued document {number} ({language}), as stored — SHA-256 {digest}").format(
        number=number, language=language, digest=grouped_digest(document.sha256)
    )


def open_in_viewer(parent: QWidget, register: Register, note_id: int, file_name: str) -> bool:
    """Open the stored PDF in the system's viewer from a copy in the data folder; a copy that
    cannot be made or a viewer that does not start is said in a dialog. True if opened."""
    title = _("Open in viewer")
    try:
        data = register.document(note_id, file_name)
        folder = private_folder(paths.user_data_dir() / "opened")
        with tempfile.NamedTemporaryFile(
            prefix=Path(file_name).stem + "-", suffix=".pdf", dir=folder, delete=False
        ) as handle:
            handle.write(data)
    except (RegisterError, OSError) as error:
        show_error(
            parent,
            _("The issued PDF could not be copied for the viewer: {error}").format(error=error),
            title,
        )
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(handle.name)):
        show_error(
            parent,
            _(
                "No PDF viewer could be started. The copy is kept at:\n{path}\n"
                "Open it with a viewer of your choice."
            ).format(path=handle.name),
            title,
        )
        return False
    return True
