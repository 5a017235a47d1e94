"""Closing a note window with changes not yet saved: Save, Discard or Cancel (with "always
save, without asking" for officers who trust the autosave); a new note with no words yet is
neither autosaved nor kept."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from app.domain.note import Note
from app.i18n.messages import _

#: False once the officer chose "Always save when closing, without asking".
ASK_KEY = "note_window/ask_before_closing"


class Closing(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def has_words(note: Note) -> bool:
    """Whether the officer has written anything in `note`: a subject, a field, a paragraph,
    an enclosure, a reply. A new note without words is not worth a draft in the register (a
    date or an addressee chosen alone is not a note yet)."""
    texts = [note.subject]
    texts += [text for fields in note.fields.values() for text in fields.values()]
    texts += [text for paragraphs in note.body.values() for text in paragraphs]
    return any(text.strip() for text in texts) or bool(note.enclosures) or bool(note.in_reply_to)


def asks_before_closing() -> bool:
    return QSettings().value(ASK_KEY, True) not in (False, "false")


def ask_unsaved(parent: QWidget, title: str) -> Closing:
    """Save (the default), Discard or Cancel (Esc) for a window closed with unsaved typing."""
    box = QMessageBox(parent)
    box.setObjectName("unsaved_changes")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("Save the changes to “{title}” before closing?").format(title=title))
    box.setInformativeText(_("If you do not save, what you typed since the last save is lost."))
    save = box.addButton(_("&Save"), QMessageBox.ButtonRole.AcceptRole)
    save.setObjectName("closing_save")
    discard = box.addButton(_("&Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("closing_discard")
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("closing_cancel")
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    always = QCheckBox(_("Always save when closing, without asking"), box)
    always.setObjectName("closing_always_save")
    box.setCheckBox(always)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        if always.isChecked():
            QSettings().setValue(ASK_KEY, False)
        return Closing.SAVE
    if clicked is discard:
        return Closing.DISCARD
    return Closing.CANCEL
