"""The selected note's details beside the register: its summary and texts as HTML, and the
panel with Open, History and Objections over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtGui
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.domain.languages import LANGUAGE_NAMES
from app.gui import colours
from app.gui.addressee_names import addressee_name
from app.gui.errors import error_text, show_error
from app.gui.moments import moment_text
from app.gui.operations import CancelFlag, LatestOnly, Operation, ProgressCallback, run_operation
from app.gui.register_model import status_text
from app.i18n.messages import _, ngettext, ui_language
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.services.register import NoteRecord, Register
    from app.services.register_records import StatusEntry


class DetailsPanel(QWidget):
    """Open, History and Objections buttons over the selected note's details; the window
    puts the workflow bar on top once someone logs in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 6, 6, 6)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("&Open"), self)
        self.open_button.setObjectName("open_note_button")
        self.history_button = QPushButton(_("H&istory…"), self)
        self.history_button.setObjectName("history_button")
        self.objections_button = QPushButton(_("O&bjections…"), self)
        self.objections_button.setObjectName("objections_button")
        for button in (self.open_button, self.history_button, self.objections_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.box.addLayout(buttons)
        self.details = QTextBrowser(self)
        self.details.setObjectName("note_details")
        self.details.setOpenLinks(False)
        self.box.addWidget(self.details)
        #: The note being read for the details: a newer selection drops it.
        self.loading = LatestOnly()

    def load(
        self,
        register: Register,
        note_id: int,
        shown: Callable[[NoteRecord], None],
        also_disabled: tuple[QAction, ...] = (),
    ) -> Operation:
        """Read note `note_id` off the GUI thread and pass it to `shown`; its buttons (and
        `also_disabled`) wait meanwhile, the details shown before stay until it arrives."""
        for button in (self.open_button, self.history_button, self.objections_button):
            button.setEnabled(False)
        for action in also_disabled:
            action.setEnabled(False)

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> NoteRecord:
            return register.load(note_id)

        return run_operation(
            work, self, on_success=shown, on_failure=self._load_failed, latest=self.loading
        )

    def _load_failed(self, error: BaseException) -> None:
        self.show_text(error_text(error))
        if not isinstance(error, RegisterError):
            show_error(self, error)  # unexpected: with its traceback, nothing lost

    def show_hint(self, text: str) -> None:
        """A grey line instead of a note (nothing selected, the register still opening)."""
        # Qt's own escaping: the html module costs the first rows 1.5 ms (its entities).
        plain = QtGui.Qt.convertFromPlainText(text)
        self.details.setHtml(f"<div style='color:{colours.HINT}'>{plain}</div>")

    def show_text(self, text: str) -> None:
        """A message instead of a note (why it cannot be shown)."""
        self.details.setPlainText(text)

    def show_opening(self, error: str | None) -> None:
        """The register is still opening, or could not be opened (`error` says why)."""
        if error is not None:
            self.show_text(_("The register could not be opened: {reason}").format(reason=error))
        else:
            self.show_hint(_("Opening the register…"))

    def show_record(self, record: NoteRecord | None, may_open: bool, with_workflow: bool) -> None:
        """The note's details (a hint when none is selected), and the buttons it allows."""
        if record is None:
            self.loading.drop()  # a note still being read arrives no more
        self.open_button.setEnabled(may_open)
        self.history_button.setEnabled(record is not None and with_workflow)
        self.objections_button.setEnabled(
            record is not None and with_workflow and record.note.objection_deadline is not None
        )
        if record is None:
            self.show_hint(_("Select a note to see it here."))
        else:
            self.details.setHtml(details_html(record))


def details_html(record: NoteRecord) -> str:
    """The note's summary and its texts in each language, as HTML for the details pane."""
    # Here: the fields' labels (and the note types) and html are not needed for the first rows.
    import html

    from app.i18n.field_labels import field_label

    note = record.note
    esc = html.escape
    number = "№" + str(note.number).lstrip("№") if note.number else _("(not numbered yet)")
    facts: list[tuple[str, str]] = [
        (_("Status"), status_text(record.status)),
        (_("Date"), _ui_date(note.date)),
        (_("Addressee"), addressee_name(note.addressee, note.languages)),
        (_("Note type"), _note_type_name(note.note_type)),
        (_("Languages"), ", ".join(LANGUAGE_NAMES.get(code, code) for code in note.languages)),
        (_("Revision"), str(record.revision)),
    ]
    if record.verification_code:
        facts.append((_("Verification code"), str(record.verification_code)))
    if note.objection_deadline:
        facts.append((_("Objection deadline"), _ui_date(note.objection_deadline)))
    if note.enclosures:
        facts.append(
            (
                _("Enclosures"),
                "; ".join(_enclosure_text(enclosure) for enclosure in note.enclosures),
            )
        )
    parts = [
        f"<h2>{esc(number)}</h2>",
        f"<p><b>{esc(note.subject)}</b></p>",
        *(f"<p><b>{esc(title)}</b></p>" for title in _title_in_ui_language(note)),
        "<table cellspacing='2'>",
        *(
            f"<tr><td style='color:{colours.MUTED}'>{esc(label)}</td><td>{esc(value)}</td></tr>"
            for label, value in facts
        ),
        "</table>",
    ]
    for language in note.languages:
        texts = [
            *(
                f"<p><i>{esc(field_label('fields.' + key, note.note_type))}:</i> {esc(value)}</p>"
                for key, value in _fields(record, language)
            ),
            *(f"<p>{esc(paragraph)}</p>" for paragraph in note.body_paragraphs(language)),
        ]
        if texts:
            parts.append(f"<h3>{esc(LANGUAGE_NAMES.get(language, language))}</h3>")
            parts.extend(texts)
    if record.documents:
        parts.append("<h3>" + esc(_("Issued documents")) + "</h3><ul>")
        parts.extend(
            f"<li>{esc(doc.file_name)} — <code>{esc(doc.sha256[:16])}…</code></li>"
            for doc in record.documents
        )
        parts.append("</ul>")
    if record.history:
        parts.append("<h3>" + esc(_("History")) + "</h3><ul>")
        parts.extend(
            f"<li>{esc(moment_text(entry.at))}: {esc(_change_text(entry))}"
            + (f" ({esc(entry.comment)})" if entry.comment else "")
            + "</li>"
            for entry in record.history
        )
        parts.append("</ul>")
    return "\n".join(parts)


def _change_text(entry: StatusEntry) -> str:
    """A status change as read: "submitted → approved"; the first entry "created: draft"."""
    if not entry.from_status:
        return _("created: {status}").format(status=status_text(entry.to_status))
    return f"{status_text(entry.from_status)} → {status_text(entry.to_status)}"


def _enclosure_text(enclosure: Any) -> str:
    """An enclosure's title (its plan's, first line), with its rows and pages where known."""
    titles = enclosure.titles or (enclosure.plan.title if enclosure.plan is not None else {})
    title = (titles.get(ui_language()) or titles.get("en") or next(iter(titles.values()), "")) or _(
        "Enclosure"
    )
    text = title.strip().splitlines()[0] if title.strip() else title
    if enclosure.plan is not None:
        rows = sum(1 for _item in enclosure.plan.items)
        text += " " + ngettext("({rows} row)", "({rows} rows)", rows).format(rows=rows)
    if enclosure.pages:
        text += " " + _("({pages} p.)").format(pages=enclosure.pages)
    return text


def _title_in_ui_language(note: Any) -> list[str]:
    """The document's title as the note gives it in the interface language, when the subject
    is in another (a Russian interface shows «Плана действий…» under an English subject)."""
    language = ui_language()
    if language not in note.languages or language == "en":
        return []
    title = " ".join(str(note.fields.get(language, {}).get("document_title", "")).split())
    return [title] if title and title != note.subject else []


def _note_type_name(key: str) -> str:
    from app.domain.note_types import NOTE_TYPES

    kind = NOTE_TYPES.get(key)
    return _(kind.label) if kind is not None else key


def _ui_date(day: dt.date) -> str:
    """A date as the interface language writes it: `29 ноября 2023 года`."""
    # Babel (behind long_date) loads on the first date shown, not at start-up.
    from app.i18n.dates import long_date

    try:
        return long_date(day, ui_language())
    except ValueError:
        return day.isoformat()


def _fields(record: NoteRecord, language: str) -> list[tuple[str, Any]]:
    return [(key, value) for key, value in record.note.fields.get(language, {}).items() if value]
