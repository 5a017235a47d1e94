"""The main window: the register, searched as the officer types, with the selected note's
details beside it."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QItemSelection, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import app
from app import paths
from app.domain.languages import LANGUAGE_NAMES
from app.gui.register_model import (
    COL_ADDRESSEE,
    COL_DATE,
    COL_DEADLINE,
    COL_NUMBER,
    COL_STATUS,
    COL_SUBJECT,
    RegisterModel,
)
from app.i18n.messages import _
from app.services.register import NoteRecord, Register, RegisterError

#: Milliseconds after the last keystroke before the register is searched.
SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    """The register window."""

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(_("Verbale — Register of notes verbales"))
        self.setObjectName("MainWindow")

        self.model = RegisterModel(register, self)

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(
            _("Search by number (1453, PAR/1453) or by words in any language  (Ctrl+F)")
        )

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(self._search_text_changed)
        self.search_field.returnPressed.connect(self.run_search)

        self.table = QTableView(self)
        self.table.setObjectName("registerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_NUMBER, 110)
        header.resizeSection(COL_DATE, 95)
        header.resizeSection(COL_ADDRESSEE, 200)
        header.resizeSection(COL_STATUS, 85)
        header.resizeSection(COL_DEADLINE, 95)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.details = QTextBrowser(self)
        self.details.setObjectName("noteDetails")
        self.details.setOpenLinks(False)

        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search_field)
        layout.addWidget(self.table)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 420])
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)

        self._build_actions()
        self._restore_settings()
        self._show_count()
        self._show_details(None)

    # -- actions --------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.find_action = QAction(_("&Find…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.about_action = QAction(_("&About Verbale"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(_("&File"))
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu(_("&Edit"))
        edit_menu.addAction(self.find_action)
        help_menu = menu_bar.addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def about_text(self) -> str:
        rows = [(_("Register"), self.register.url)]
        for label, finder in (
            (_("Data folder"), paths.user_data_dir),
            (_("Logs"), paths.user_log_dir),
            (_("Templates"), paths.templates_dir),
            (_("Resources"), paths.resources_dir),
        ):
            try:
                rows.append((label, str(finder())))
            except (OSError, FileNotFoundError) as error:
                rows.append((label, str(error)))
        table = "".join(
            f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(value)}</td></tr>"
            for label, value in rows
        )
        return (
            f"<h3>Verbale {html.escape(app.__version__)}</h3>"
            # _() outside the f-string: pybabel does not extract calls inside f-strings.
            "<p>"
            + html.escape(
                _("Notes verbales drafted, approved, issued in parallel languages and registered.")
            )
            + "</p>"
            f"<table cellspacing='4'>{table}</table>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Verbale"), self.about_text())

    # -- search ---------------------------------------------------------------------------------

    def _search_text_changed(self, _text: str) -> None:
        self.search_timer.start()

    def run_search(self) -> None:
        self.search_timer.stop()
        text = self.search_field.text()
        if text.strip() == self.model.query and self.model.rowCount() > 0:
            return
        try:
            self.model.set_query(text)
        except RegisterError as error:
            self.statusBar().showMessage(str(error), 5000)
            return
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._show_count()
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
            self.table.scrollToTop()
        else:
            self._show_details(None)

    def _show_count(self) -> None:
        total = self.model.total()
        count = f"{total:,}"
        if self.model.query:
            if total == 1:
                text = _("1 note matches “{query}”").format(query=self.model.query)
            else:
                text = _("{count} notes match “{query}”").format(
                    count=count, query=self.model.query
                )
        elif total == 1:
            text = _("1 note in the register")
        else:
            text = _("{count} notes in the register").format(count=count)
        self.count_label.setText(text)

    # -- details --------------------------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        note_id = self.model.note_id(rows[0].row()) if rows else None
        if note_id is None:
            self._show_details(None)
            return
        try:
            record = self.register.load(note_id)
        except RegisterError as error:
            self.details.setPlainText(str(error))
            return
        self._show_details(record)

    def _show_details(self, record: NoteRecord | None) -> None:
        if record is None:
            self.details.setHtml(
                "<p style='color:gray'>" + html.escape(_("Select a note to see it here.")) + "</p>"
            )
            return
        self.details.setHtml(details_html(record))

    # -- settings -------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("mainWindow/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 720)
        state = settings.value("mainWindow/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        settings.setValue("mainWindow/splitter", self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)


def details_html(record: NoteRecord) -> str:
    """The note's summary and its texts in each language, as HTML for the details pane."""
    note = record.note
    esc = html.escape
    number = "№" + str(note.number).lstrip("№") if note.number else _("(not numbered yet)")
    facts: list[tuple[str, str]] = [
        (_("Status"), record.status),
        (_("Date"), note.date.isoformat()),
        (_("Addressee"), _addressee_name(record)),
        (_("Note type"), note.note_type),
        (_("Languages"), ", ".join(note.languages)),
        (_("Revision"), str(record.revision)),
    ]
    if note.objection_deadline:
        facts.append((_("Objection deadline"), note.objection_deadline.isoformat()))
    if note.enclosures:
        facts.append(
            (
                _("Enclosures"),
                "; ".join(
                    (enclosure.titles.get("en") or next(iter(enclosure.titles.values()), ""))
                    + (f" ({enclosure.pages} p.)" if enclosure.pages else "")
                    for enclosure in note.enclosures
                ),
            )
        )
    parts = [
        f"<h2>{esc(number)}</h2>",
        f"<p><b>{esc(note.subject)}</b></p>",
        "<table cellspacing='2'>",
        *(
            f"<tr><td style='color:#555'>{esc(label)}</td><td>{esc(value)}</td></tr>"
            for label, value in facts
        ),
        "</table>",
    ]
    for language in note.languages:
        texts = [
            *(
                f"<p><i>{esc(_field_label(key))}:</i> {esc(value)}</p>"
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
            f"<li>{esc(entry.at.strftime('%Y-%m-%d %H:%M'))}: "
            f"{esc(entry.from_status or '—')} → {esc(entry.to_status)}"
            + (f" ({esc(entry.comment)})" if entry.comment else "")
            + "</li>"
            for entry in record.history
        )
        parts.append("</ul>")
    return "\n".join(parts)


def _addressee_name(record: NoteRecord) -> str:
    addressee = record.note.addressee
    for language in ("en", *record.note.languages):
        forms = addressee.forms.get(language)
        if forms is not None and forms.nominative.strip():
            return forms.nominative.strip()
    return addressee.key


def _field_label(key: str) -> str:
    """`document_short_genitive` -> `Document short genitive`."""
    return key.replace("_", " ").strip().capitalize()


def _fields(record: NoteRecord, language: str) -> list[tuple[str, Any]]:
    return [(key, value) for key, value in record.note.fields.get(language, {}).items() if value]
