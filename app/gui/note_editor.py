"""The note editor: the header of a note, its language versions side by side (the template's
fixed text around the officer's fields, composed as the page will read), its enclosures, and
the problems found in it, each shown next to the field and language it names."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.consistency import Discrepancy, find_discrepancies
from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER, in_binding_order
from app.domain.note import Enclosure, Note
from app.domain.note_types import NOTE_TYPES, NoteType
from app.domain.parties import Addressee
from app.domain.plan import Plan
from app.domain.problems import Problem, ValidationError
from app.gui.problem_text import problem_text
from app.i18n.messages import _, ngettext, ui_language
from app.services.drafting import DraftText, compose_draft, find_addressees, new_note
from app.services.register import Register

#: Milliseconds after a keystroke before the composed texts and the problems are brought up to
#: date (short: composing is fast, but a burst of typing should compose once).
COMPOSE_DELAY_MS = 150
#: A date edit showing this date means "no date given".
_NO_DATE = QDate(2000, 1, 1)
#: Pixels the plan title may take in the enclosure line; longer titles end in "…".
PLAN_TITLE_WIDTH = 150
_PROBLEM_STYLE = "border: 2px solid #c0392b;"
_FIELD_LINES = {"document_title": 4, "documents": 4, "event": 3}


def _to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class _RedoKeys(QObject):
    """Ctrl+Y redoes in every text field too (Qt's Linux default is only Ctrl+Shift+Z)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        if not (event.type() in kinds and isinstance(event, QKeyEvent)):
            return False
        combination = event.keyCombination()
        is_ctrl_y = (
            combination.key() == Qt.Key.Key_Y
            and combination.keyboardModifiers() == Qt.KeyboardModifier.ControlModifier
        )
        if not is_ctrl_y:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the field, not a window shortcut, takes Ctrl+Y
            return False
        redo = getattr(watched, "redo", None)
        if callable(redo) and not getattr(watched, "isReadOnly", lambda: False)():
            redo()
        return True


def use_interface_locale(edit: QDateEdit) -> None:
    """Month names and calendar in the interface language: `29 ноября 2023`, `29 қараша 2023`."""
    locale = QLocale(ui_language())
    edit.setLocale(locale)
    edit.calendarWidget().setLocale(locale)
    edit.setDisplayFormat("d MMMM yyyy")


def show_read_only(widget: QWidget, read_only: bool) -> None:
    """A read-only text looks it: the window's grey instead of a white page, and no focus
    (so no blinking cursor) from the Tab key; the text can still be selected and copied."""
    if read_only:
        palette = QPalette(widget.palette())
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        widget.setPalette(palette)
        widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    else:
        widget.setPalette(QPalette())
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class DateField(QDateEdit):
    """A date that may be left blank (shown as a dash)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        use_interface_locale(self)
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText("—")
        self.setDate(_NO_DATE)

    def value(self) -> dt.date | None:
        return None if self.date() == _NO_DATE else _from_qdate(self.date())

    def set_value(self, day: dt.date | None) -> None:
        self.setDate(_to_qdate(day) if day else _NO_DATE)


class FieldEdit(QPlainTextEdit):
    """One officer's text in one language; Tab moves on to the next field."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setFixedHeight(height)

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        # setPlainText clears undo history: a loaded note starts with nothing to undo.
        if text != self.toPlainText():
            self.setPlainText(text)


class LanguagePane(QSplitter):
    """One language version: the officer's fields above, the composed text below."""

    def __init__(self, language: str, kind: NoteType | None, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.language = language
        self.setObjectName(f"pane_{language}")
        self.setChildrenCollapsible(False)
        form_host = QWidget()
        form = QVBoxLayout(form_host)
        form.setContentsMargins(4, 4, 4, 4)
        title = QLabel(f"<b>{html.escape(LANGUAGE_NAMES.get(language, language))}</b>")
        title.setObjectName(f"pane_title_{language}")
        form.addWidget(title)
        self.fields: dict[str, FieldEdit] = {}
        for spec in kind.fields if kind else ():
            label = QLabel(_(spec.label))
            label.setToolTip(_(spec.hint) if spec.hint else "")
            edit = FieldEdit(_FIELD_LINES.get(spec.key, 2))
            edit.setObjectName(f"field_{spec.key}_{language}")
            edit.setPlaceholderText(_(spec.hint) if spec.hint else "")
            edit.setAccessibleName(f"{_(spec.label)} ({language})")
            label.setBuddy(edit)
            form.addWidget(label)
            form.addWidget(edit)
            self.fields[spec.key] = edit
        body_label = QLabel(
            _("Text of the note (a blank line between paragraphs)")
            if kind is not None and kind.needs_body
            else _("Further paragraphs (optional; a blank line between them)")
        )
        self.body = FieldEdit(6 if kind is not None and kind.needs_body else 3)
        self.body.setObjectName(f"body_{language}")
        body_label.setBuddy(self.body)
        form.addWidget(body_label)
        form.addWidget(self.body)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)

        self._shown = ""
        self.composed = QTextBrowser()
        self.composed.setObjectName(f"composed_{language}")
        self.composed.setOpenLinks(False)
        self.composed.setAccessibleName(_("Composed text ({language})").format(language=language))
        self.addWidget(scroll)
        self.addWidget(self.composed)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)

    def text_edits(self) -> list[FieldEdit]:
        return [*self.fields.values(), self.body]

    def body_paragraphs(self) -> tuple[str, ...]:
        text = self.body.text().replace("\r\n", "\n")
        parts = [" ".join(part.split("\n")).strip() for part in _split_blank_lines(text)]
        return tuple(part for part in parts if part)

    def show_composed(self, draft: DraftText) -> None:
        shown = composed_html(draft)
        if shown == self._shown:
            return
        self._shown = shown
        bar = self.composed.verticalScrollBar()
        position = bar.value()
        self.composed.setHtml(shown)
        bar.setValue(position)


def _split_blank_lines(text: str) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def composed_html(draft: DraftText) -> str:
    """The composed version as HTML: the fixed text plain, the officer's text tinted, texts not
    given yet as red placeholders, laid out like the page."""
    if draft.problem:
        return f"<p style='color:#b03a2e'>{html.escape(draft.problem)}</p>"
    parts = ["<div style=\"font-family:'Liberation Serif','Times New Roman',serif;\">"]
    number_seen = False
    for line in draft.heading:
        if line.startswith("№"):
            number_seen = True
        align = "left" if number_seen else "center"
        weight = "normal" if number_seen else "bold"
        parts.append(
            f"<p align='{align}' style='margin:0; font-weight:{weight}'>{html.escape(line)}</p>"
        )
    for paragraph in draft.paragraphs:
        spans = []
        for segment in paragraph:
            text = html.escape(segment.text)
            if segment.missing:
                spans.append(f"<span style='color:#b03a2e; font-style:italic'>{text}</span>")
            elif segment.field is not None:
                spans.append(f"<span style='background-color:#fdf1c7'>{text}</span>")
            else:
                spans.append(text)
        parts.append(
            "<p align='justify' style='margin-top:8px; text-indent:24px'>" + "".join(spans) + "</p>"
        )
    if draft.closing:
        parts.append(f"<p style='margin-top:12px'>{html.escape(draft.closing[0])}</p>")
        for line in draft.closing[1:]:
            parts.append(f"<p style='margin:0; font-weight:bold'>{html.escape(line)}</p>")
    parts.append("</div>")
    return "".join(parts)


def _narrow(box: QComboBox, characters: int) -> None:
    """Let `box` be as narrow as `characters` characters (its popup list shows items whole)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)


class NoteEditor(QWidget):
    """Header fields, parallel language panes and enclosures of one note."""

    changed = Signal()
    #: Emitted after the composed texts and problems were brought up to date.
    checked = Signal()

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_editor")
        self.register = register
        self.note_id: int | None = None
        self.read_only = False
        self._note: Note = new_note(register)
        self._loading = False
        self._addressees: list[Addressee] = []
        self._plan: Plan | None = None
        #: Typed texts per language and field, kept when the note type changes back and forth.
        self._typed: dict[str, dict[str, str]] = {}
        self._redo_keys = _RedoKeys(self)
        self.problems: list[Problem] = []
        #: What the problems list and each widget's mark show now (widgets by id).
        self._listed: list[tuple[str, tuple[str, str | None] | None, bool]] | None = None
        self._marked: dict[int, str] = {}
        self.discrepancies: list[Discrepancy] = []

        self._build_header()
        self.panes_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.panes_splitter.setObjectName("language_panes")
        self.panes_splitter.setChildrenCollapsible(False)
        self.panes: dict[str, LanguagePane] = {}

        self.problems_list = QListWidget(self)
        self.problems_list.setObjectName("problems_list")
        self.problems_list.setMaximumHeight(90)
        self.problems_list.setMinimumHeight(54)  # three lines stay in sight however tight
        self.problems_list.itemActivated.connect(self._go_to_problem)
        self.problems_title = QLabel(self)
        self.problems_title.setObjectName("problems_title")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # The header's natural width (~850 px, more in Russian) must not push the preview
        # into a thumbnail: in a narrow window it scrolls sideways.
        self.header_scroll = QScrollArea(self)
        self.header_scroll.setObjectName("header_scroll")
        self.header_scroll.setWidgetResizable(True)
        self.header_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.header_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header_scroll.setWidget(self.header)
        self.header_scroll.setMinimumWidth(200)
        self.header_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.header_scroll)
        layout.addWidget(self.panes_splitter, 1)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems_list)

        self.compose_timer = QTimer(self)
        self.compose_timer.setSingleShot(True)
        self.compose_timer.setInterval(COMPOSE_DELAY_MS)
        self.compose_timer.timeout.connect(self.refresh)

        self.load(self._note, None)
        # Tall enough for the whole header and the sideways scroll bar when it shows.
        self.header_scroll.setFixedHeight(
            self.header.sizeHint().height()
            + self.header_scroll.horizontalScrollBar().sizeHint().height()
        )

    # -- building ---------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = QGroupBox(_("Note"), self)
        self.header.setObjectName("note_header")
        grid = QGridLayout(self.header)
        left = QFormLayout()
        right = QFormLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.note_type_box = QComboBox(self.header)
        self.note_type_box.setObjectName("note_type")
        # Long labels (in Russian most of all) may be cut in the closed box, never the header
        # pushed wider than the window; the list shows them whole.
        _narrow(self.note_type_box, 18)
        for kind in NOTE_TYPES.values():
            self.note_type_box.addItem(_(kind.label), kind.key)
        self.note_type_box.currentIndexChanged.connect(self._note_type_chosen)
        left.addRow(_("Note &type:"), self.note_type_box)

        number_row = QHBoxLayout()
        self.series_edit = QLineEdit(self.header)
        self.series_edit.setObjectName("note_series")
        self.series_edit.setMaximumWidth(90)
        self.series_edit.setToolTip(_("The number series (prefix), e.g. PAR"))
        self.number_label = QLabel(self.header)
        self.number_label.setObjectName("note_number")
        number_row.addWidget(self.series_edit)
        number_row.addWidget(self.number_label, 1)
        left.addRow(self._buddy(_("&Series:"), self.series_edit), number_row)

        self.date_edit = QDateEdit(self.header)
        self.date_edit.setObjectName("note_date")
        self.date_edit.setCalendarPopup(True)
        use_interface_locale(self.date_edit)
        left.addRow(_("&Date:"), self.date_edit)

        self.place_label = QLabel(self.header)
        self.place_label.setObjectName("note_place")
        self.place_label.setWordWrap(True)
        left.addRow(_("Place:"), self.place_label)

        language_row = QHBoxLayout()
        self.language_boxes: dict[str, QCheckBox] = {}
        for code in LANGUAGE_ORDER:
            box = QCheckBox(LANGUAGE_NAMES.get(code, code), self.header)
            box.setObjectName(f"language_{code}")
            box.toggled.connect(self._languages_chosen)
            language_row.addWidget(box)
            self.language_boxes[code] = box
        language_row.addStretch(1)
        left.addRow(_("Languages:"), language_row)

        self.subject_edit = QLineEdit(self.header)
        self.subject_edit.setObjectName("note_subject")
        self.subject_edit.setPlaceholderText(_("What the register lists the note under"))
        left.addRow(_("Su&bject:"), self.subject_edit)

        addressee_row = QHBoxLayout()
        self.addressee_search = QLineEdit(self.header)
        self.addressee_search.setObjectName("addressee_search")
        self.addressee_search.setPlaceholderText(_("Search the directory…"))
        self.addressee_search.setClearButtonEnabled(True)
        self.addressee_box = QComboBox(self.header)
        self.addressee_box.setObjectName("addressee")
        _narrow(self.addressee_box, 18)
        addressee_row.addWidget(self.addressee_search, 1)
        addressee_row.addWidget(self.addressee_box, 2)
        right.addRow(self._buddy(_("&Addressee:"), self.addressee_search), addressee_row)
        self.addressee_search.textChanged.connect(self._search_addressees)
        self.addressee_box.currentIndexChanged.connect(self._addressee_chosen)

        self.deadline_edit = DateField(self.header)
        self.deadline_edit.setObjectName("objection_deadline")
        self.deadline_label = QLabel(_("Objection &deadline:"), self.header)
        self.deadline_label.setBuddy(self.deadline_edit)
        right.addRow(self.deadline_label, self.deadline_edit)

        self.event_date_edit = DateField(self.header)
        self.event_date_edit.setObjectName("event_date")
        self.event_date_label = QLabel(_("&Event date:"), self.header)
        self.event_date_label.setBuddy(self.event_date_edit)
        right.addRow(self.event_date_label, self.event_date_edit)

        enclosure_row = QHBoxLayout()
        self.pages_spin = QSpinBox(self.header)
        self.pages_spin.setObjectName("enclosure_pages")
        self.pages_spin.setRange(0, 10_000)
        self.pages_spin.setSpecialValueText(_("as rendered"))
        self.pages_spin.setSuffix(_(" p."))
        self.pages_spin.setToolTip(
            _("Pages printed in the enclosure line; 'as rendered' counts the plan's pages")
        )
        self.plan_button = QPushButton(_("&Plan…"), self.header)
        self.plan_button.setObjectName("edit_plan")
        self.plan_button.clicked.connect(self.edit_plan)
        self.remove_plan_button = QPushButton(_("Remove plan"), self.header)
        self.remove_plan_button.setObjectName("remove_plan")
        self.remove_plan_button.clicked.connect(lambda: self.set_plan(None))
        self.plan_label = QLabel(self.header)
        self.plan_label.setObjectName("plan_summary")
        enclosure_row.addWidget(self.pages_spin)
        enclosure_row.addWidget(self.plan_button)
        enclosure_row.addWidget(self.remove_plan_button)
        enclosure_row.addWidget(self.plan_label, 1)
        right.addRow(self._buddy(_("E&nclosure:"), self.pages_spin), enclosure_row)

        for signal in (
            self.series_edit.textEdited,
            self.subject_edit.textEdited,
            self.date_edit.dateChanged,
            self.deadline_edit.dateChanged,
            self.event_date_edit.dateChanged,
            self.pages_spin.valueChanged,
        ):
            signal.connect(self._edited)
        for line_edit in (self.series_edit, self.subject_edit, self.addressee_search):
            line_edit.installEventFilter(self._redo_keys)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self.header)
        label.setBuddy(widget)
        return label

    def _rebuild_panes(self, languages: Iterable[str], kind: NoteType | None) -> None:
        self._remember_typed()
        self._marked.clear()
        sizes = self.panes_splitter.sizes()
        for pane in self.panes.values():
            pane.setParent(None)
            pane.deleteLater()
        self.panes = {}
        for language in in_binding_order(tuple(languages)):
            pane = LanguagePane(language, kind, self.panes_splitter)
            self.panes_splitter.addWidget(pane)
            self.panes[language] = pane
            for key, edit in pane.fields.items():
                edit.set_text(self._typed.get(language, {}).get(key, ""))
                edit.textChanged.connect(self._edited)
                edit.installEventFilter(self._redo_keys)
                edit.setReadOnly(self.read_only)
                show_read_only(edit, self.read_only)
            pane.body.set_text(self._typed.get(language, {}).get("\0body", ""))
            pane.body.textChanged.connect(self._edited)
            pane.body.installEventFilter(self._redo_keys)
            pane.body.setReadOnly(self.read_only)
            show_read_only(pane.body, self.read_only)
        if len(sizes) == len(self.panes):
            self.panes_splitter.setSizes(sizes)

    def _remember_typed(self) -> None:
        for language, pane in self.panes.items():
            typed = self._typed.setdefault(language, {})
            for key, edit in pane.fields.items():
                typed[key] = edit.text()
            typed["\0body"] = pane.body.text()

    # -- loading and reading back -----------------------------------------------------------

    def load(self, note: Note, note_id: int | None) -> None:
        """Show `note` (`note_id` None: not in the register yet) with nothing to undo."""
        self._loading = True
        try:
            self._note = note
            self.note_id = note_id
            self._typed = {
                language: {
                    **{key: str(text) for key, text in note.fields.get(language, {}).items()},
                    "\0body": "\n\n".join(note.body.get(language, ())),
                }
                for language in note.languages
            }
            self.panes = {}
            for index in reversed(range(self.panes_splitter.count())):
                widget = self.panes_splitter.widget(index)
                if widget is not None:
                    widget.setParent(None)
                    widget.deleteLater()
            index = self.note_type_box.findData(note.note_type)
            self.note_type_box.setCurrentIndex(index)
            self.series_edit.setText(note.series)
            self.number_label.setText(str(note.number) if note.number else _("number on issue"))
            self.date_edit.setDate(_to_qdate(note.date))
            for code, box in self.language_boxes.items():
                box.setChecked(code in note.languages)
            self._show_place()
            self.subject_edit.setText(note.subject)
            self.deadline_edit.set_value(note.objection_deadline)
            self.event_date_edit.set_value(note.event_date)
            self._plan = next(
                (item.plan for item in note.enclosures if item.plan is not None), None
            )
            typed_pages = next(
                (item.pages for item in note.enclosures if item.pages is not None), None
            )
            self.pages_spin.setValue(typed_pages or 0)
            self.addressee_search.clear()
            self._fill_addressees(find_addressees(self.register), note.addressee)
            self._rebuild_panes(note.languages, NOTE_TYPES.get(note.note_type))
            self._show_type_rows()
            self._show_plan()
        finally:
            self._loading = False
        self.refresh()

    def draft_note(self) -> Note:
        """The note as typed so far, complete or not (drafts are saved incomplete)."""
        self._remember_typed()
        kind = NOTE_TYPES.get(self.note_type)
        keys = [spec.key for spec in kind.fields] if kind else []
        fields: dict[str, dict[str, str]] = {}
        body: dict[str, tuple[str, ...]] = {}
        for language, pane in self.panes.items():
            fields[language] = {key: pane.fields[key].text() for key in keys}
            paragraphs = pane.body_paragraphs()
            if paragraphs:
                body[language] = paragraphs
        series = self.series_edit.text().strip()
        number = (
            self._note.number if self._note.number and self._note.number.prefix == series else None
        )
        return replace(
            self._note,
            note_type=self.note_type,
            series=series,
            number=number,
            date=_from_qdate(self.date_edit.date()),
            subject=self.subject_edit.text(),
            addressee=self.addressee,
            fields=fields,
            body=body,
            objection_deadline=self.deadline_edit.value()
            if kind is None or kind.needs_objection_deadline
            else None,
            event_date=self.event_date_edit.value()
            if kind is None or kind.needs_event_date
            else None,
            enclosures=self._enclosures(),
        )

    def current_note(self) -> Note:
        """The note as typed; raises ValidationError listing every field and language problem."""
        return self.draft_note().validate()

    def _enclosures(self) -> tuple[Enclosure, ...]:
        pages = self.pages_spin.value() or None
        kept = list(self._note.enclosures)
        first = kept[0] if kept else Enclosure()
        if self._plan is None and pages is None and not first.titles:
            return tuple(kept[1:])
        updated = replace(first, pages=pages, plan=self._plan)
        return (updated, *kept[1:])

    @property
    def note_type(self) -> str:
        return str(self.note_type_box.currentData())

    @property
    def addressee(self) -> Addressee:
        data = self.addressee_box.currentData()
        return data if isinstance(data, Addressee) else self._note.addressee

    # -- enclosures -------------------------------------------------------------------------

    def set_plan(self, plan: Plan | None) -> None:
        """Attach or replace the plan enclosure (None removes it)."""
        self._plan = plan
        self._show_plan()
        self._edited()

    def plan(self) -> Plan | None:
        return self._plan

    def _show_plan(self) -> None:
        plan = self._plan
        if plan is None:
            self.plan_label.setText(_("no plan"))
        else:
            title = next(iter(plan.title.values()), "") if plan.title else ""
            rows = sum(1 for _item in plan.items)
            # Only the title is shortened, with an ellipsis: the row count stays whole.
            shown = QFontMetrics(self.plan_label.font()).elidedText(
                " ".join(title.split()), Qt.TextElideMode.ElideRight, PLAN_TITLE_WIDTH
            )
            self.plan_label.setText(
                ngettext("Plan: {title} ({rows} row)", "Plan: {title} ({rows} rows)", rows).format(
                    title=shown, rows=rows
                )
            )
            self.plan_label.setToolTip(title)
        self.remove_plan_button.setEnabled(plan is not None and not self.read_only)

    def edit_plan(self) -> QDialog | None:
        """Open the plan editor (window-modal) on the attached plan; OK attaches its plan."""
        try:
            from app.gui.plan import PlanEditorDialog
        except ImportError:
            QMessageBox.information(
                self, _("Plan"), _("The plan editor is not available in this build.")
            )
            return None
        plan = self._plan
        languages = plan.languages if plan is not None else self._note.languages
        dialog = PlanEditorDialog(plan, tuple(languages), self)
        dialog.setObjectName("plan_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def attach() -> None:
            try:
                self.set_plan(dialog.plan())
            except ValidationError as error:
                QMessageBox.warning(self, _("Plan"), error.report())

        dialog.accepted.connect(attach)
        dialog.open()
        return dialog

    # -- addressees -------------------------------------------------------------------------

    def _fill_addressees(self, found: list[Addressee], keep: Addressee | None) -> None:
        keep = keep or self.addressee
        if keep is not None and all(item.key != keep.key for item in found):
            found = [keep, *found]
        self._addressees = found
        self.addressee_box.blockSignals(True)
        self.addressee_box.clear()
        languages = self._note.languages
        for item in found:
            name = next(
                (item.forms[code].nominative for code in languages if code in item.forms),
                item.key,
            )
            self.addressee_box.addItem(name, item)
        index = next((i for i, item in enumerate(found) if keep and item.key == keep.key), 0)
        self.addressee_box.setCurrentIndex(index)
        self.addressee_box.blockSignals(False)

    def _search_addressees(self, text: str) -> None:
        found = find_addressees(self.register, text)
        current = self.addressee
        if text.strip() and found:
            # Typing narrows the list; the best match is chosen as the officer types.
            self._fill_addressees(found, found[0])
            if found[0].key != current.key:
                self._addressee_chosen()
        else:
            self._fill_addressees(found or [current], current)

    def _addressee_chosen(self) -> None:
        self._edited()

    # -- note type ---------------------------------------------------------------------------

    def _show_place(self) -> None:
        sender = self._note.sender
        self.place_label.setText(
            " / ".join(
                sender.names[code].city
                for code in in_binding_order(self._note.languages)
                if code in sender.names
            )
        )

    def _languages_chosen(self) -> None:
        """The note's language versions: one pane each, typed texts kept if one comes back."""
        if self._loading:
            return
        chosen = tuple(code for code, box in self.language_boxes.items() if box.isChecked())
        if not chosen:
            # A note has at least one version: the last box stays ticked.
            sender = self.sender()
            if isinstance(sender, QCheckBox):
                sender.blockSignals(True)
                sender.setChecked(True)
                sender.blockSignals(False)
            return
        self._remember_typed()
        self._note = replace(self._note, languages=chosen)
        self._rebuild_panes(chosen, NOTE_TYPES.get(self.note_type))
        self._show_place()
        self._edited()

    def _note_type_chosen(self) -> None:
        if self._loading:
            return
        self._rebuild_panes(self._note.languages, NOTE_TYPES.get(self.note_type))
        self._show_type_rows()
        self._edited()

    def _show_type_rows(self) -> None:
        kind = NOTE_TYPES.get(self.note_type)
        deadline = kind is not None and kind.needs_objection_deadline
        event = kind is not None and kind.needs_event_date
        self.deadline_label.setVisible(deadline)
        self.deadline_edit.setVisible(deadline)
        self.event_date_label.setVisible(event)
        self.event_date_edit.setVisible(event)

    # -- read-only ---------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """Approved and later notes never change: every field is shown but none takes input."""
        self.read_only = read_only
        for pane in self.panes.values():
            for edit in pane.text_edits():
                edit.setReadOnly(read_only)
                show_read_only(edit, read_only)
        for line in (self.series_edit, self.subject_edit):
            line.setReadOnly(read_only)
            show_read_only(line, read_only)
        for widget in (
            self.note_type_box,
            self.date_edit,
            self.addressee_search,
            self.addressee_box,
            self.deadline_edit,
            self.event_date_edit,
            self.pages_spin,
            self.plan_button,
            *self.language_boxes.values(),
        ):
            widget.setEnabled(not read_only)
        self._show_plan()

    def text_widgets(self) -> list[QWidget]:
        """Every text field, for the window's Undo/Redo menu."""
        widgets: list[QWidget] = [self.series_edit, self.subject_edit]
        for pane in self.panes.values():
            widgets.extend(pane.text_edits())
        return widgets

    # -- checking -----------------------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self.compose_timer.start()
        self.changed.emit()

    def refresh(self) -> None:
        """Compose every language version and check the note now."""
        self.compose_timer.stop()
        note = self.draft_note()
        for language, pane in self.panes.items():
            pane.show_composed(compose_draft(note, language))
        self.problems = note.problems()
        self.discrepancies = _discrepancies(note)
        self._mark_problems()
        self.checked.emit()

    def widget_for(self, field: str, language: str | None) -> QWidget | None:
        """The widget in which the officer fixes a problem with `field` (in `language`)."""
        pane = self.panes.get(language) if language else None
        if field.startswith("fields."):
            key = field.removeprefix("fields.")
            if pane is not None:
                return pane.fields.get(key)
            return None
        if field.startswith("body"):
            return pane.body if pane is not None else None
        header: dict[str, QWidget] = {
            "objection_deadline": self.deadline_edit,
            "event_date": self.event_date_edit,
            "series": self.series_edit,
            "number": self.series_edit,
            "subject": self.subject_edit,
            "note_type": self.note_type_box,
            "date": self.date_edit,
        }
        if field in header:
            return header[field]
        if field.startswith("addressee"):
            return self.addressee_box
        if field.startswith("enclosures"):
            return self.plan_button if ".plan" in field else self.pages_spin
        if pane is not None and field in pane.fields:
            return pane.fields[field]
        return None

    def _mark_problems(self) -> None:
        # Only widgets whose state changed are touched: this runs on every pause in typing.
        marks: dict[QWidget, list[str]] = {}
        entries: list[tuple[str, tuple[str, str | None] | None, bool]] = []
        for problem in self.problems:
            widget = self.widget_for(problem.field, problem.language)
            text = problem_text(problem, self.note_type)
            if widget is not None:
                marks.setdefault(widget, []).append(text)
            entries.append((text, (problem.field, problem.language), False))
        for discrepancy in self.discrepancies:
            places = discrepancy.places
            for place in places:
                widget = self.widget_for(_field_of(place.field, self.note_type), place.language)
                if widget is not None:
                    marks.setdefault(widget, []).append(str(discrepancy.message))
            text = _("Versions disagree: {message}").format(message=discrepancy.message)
            first = places[0] if places else None
            target: tuple[str, str | None] | None = (
                (_field_of(first.field, self.note_type), first.language) if first else None
            )
            entries.append((text, target, True))
        if entries != self._listed:
            self._listed = entries
            self.problems_list.clear()
            for text, where, disagreement in entries:
                item = QListWidgetItem(text, self.problems_list)
                item.setData(Qt.ItemDataRole.UserRole, where)
                item.setForeground(
                    Qt.GlobalColor.darkYellow if disagreement else Qt.GlobalColor.darkRed
                )
            count = len(entries)
            self.problems_list.setVisible(bool(count))
            self.problems_title.setText(
                _("No problems: the note is complete.")
                if not count
                else ngettext(
                    "{count} problem to fix before submission:",
                    "{count} problems to fix before submission:",
                    count,
                ).format(count=count)
            )
        for widget in self._markable():
            tip = "\n".join(marks.get(widget, ()))
            if self._marked.get(id(widget)) == tip:
                continue
            self._marked[id(widget)] = tip
            widget.setProperty("problem", bool(tip))
            widget.setStyleSheet(_PROBLEM_STYLE if tip else "")
            widget.setToolTip(tip)

    def _markable(self) -> list[QWidget]:
        widgets: list[QWidget] = [
            self.deadline_edit,
            self.event_date_edit,
            self.series_edit,
            self.subject_edit,
            self.note_type_box,
            self.date_edit,
            self.addressee_box,
            self.plan_button,
            self.pages_spin,
        ]
        for pane in self.panes.values():
            widgets.extend(pane.text_edits())
        return widgets

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        where = item.data(Qt.ItemDataRole.UserRole)
        if not where:
            return
        widget = self.widget_for(*where)
        if widget is not None:
            widget.setFocus()


def _field_of(field: str, note_type: str) -> str:
    """A consistency place's field as the note names it ("document_title" -> "fields.…")."""
    kind = NOTE_TYPES.get(note_type)
    if kind is not None and any(spec.key == field for spec in kind.fields):
        return f"fields.{field}"
    return field


def _discrepancies(note: Note) -> list[Discrepancy]:
    try:
        return find_discrepancies(note)
    except (ValueError, KeyError):
        # A half-typed draft may not parse yet; the problems list already says what is missing.
        return []
