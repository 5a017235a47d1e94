"""The note editor: the header of a note, its language versions side by side (the template's
fixed text around the officer's fields, composed as the page will read), its enclosures, and
the problems found in it, each shown next to the field and language it names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QLabel,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.consistency import Discrepancy
from app.domain.languages import in_binding_order
from app.domain.note import Enclosure, Note
from app.domain.note_types import NOTE_TYPES, NoteType
from app.domain.parties import Addressee
from app.domain.plan import Plan
from app.domain.problems import Problem, ValidationError
from app.gui import colours
from app.gui.addressee_names import addressee_name
from app.gui.errors import show_error
from app.gui.focus_order import order_note_editor
from app.gui.header_reflow import HeaderReflow
from app.gui.language_tabs import LanguageTabs
from app.gui.note_fields import (
    PLAN_TITLE_WIDTH,
    LanguagePane,
    RedoKeys,
    show_read_only,
)
from app.gui.note_header import NoteHeader
from app.gui.note_problems import (
    ListedProblem,
    discrepancies_of,
    fill_problem_list,
    problem_entries,
    script_notices,
)
from app.gui.note_series import last_series
from app.gui.problem_list import ProblemList
from app.i18n.messages import _, ngettext, ui_language
from app.i18n.problems import problems_report
from app.services.drafting import compose_draft, find_addressees, new_note
from app.services.enclosures import plan_language_notices
from app.services.register import Register

#: Milliseconds after a keystroke before the composed texts and the problems are brought up to
#: date (short: composing is fast, but a burst of typing should compose once).
COMPOSE_DELAY_MS = 150


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
        self._note: Note = new_note(register, series=last_series())
        self._loading = False
        self._addressees: list[Addressee] = []
        self._plan: Plan | None = None
        #: Typed texts per language and field, kept when the note type changes back and forth.
        self._typed: dict[str, dict[str, str]] = {}
        self._redo_keys = RedoKeys(self)
        self.problems: list[Problem] = []
        #: What the problems list and each widget's mark show now (widgets by id).
        self._listed: list[ListedProblem] | None = None
        self._marked: dict[int, str] = {}
        self.discrepancies: list[Discrepancy] = []
        #: Versions of the note whose enclosed plan lacks their language (see enclosures.py).
        self.plan_notices: list[tuple[str, str, str]] = []

        self._build_header()
        self.panes_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.panes_splitter.setObjectName("language_panes")
        self.panes_splitter.setChildrenCollapsible(False)
        self.panes: dict[str, LanguagePane] = {}
        self.language_tabs = LanguageTabs(self.panes_splitter, self)

        self.problems_list = ProblemList(self)  # as tall as its entries, wrapped
        self.problems_list.setObjectName("problems_list")
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
        layout.addWidget(self.language_tabs.bar)
        layout.addWidget(self.panes_splitter, 1)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems_list)

        self.compose_timer = QTimer(self)
        self.compose_timer.setSingleShot(True)
        self.compose_timer.setInterval(COMPOSE_DELAY_MS)
        self.compose_timer.timeout.connect(self.refresh)

        self.load(self._note, None)
        # Tall enough for the whole header; its columns stacked when side by side do not fit.
        self.header_reflow = HeaderReflow(self.header_scroll, *self.header.columns)

    # -- building ---------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = header = NoteHeader(self)
        self.note_type_box = header.note_type_box
        self.series_edit = header.series_edit
        self.number_label = header.number_label
        self.date_edit = header.date_edit
        self.place_label = header.place_label
        self.subject_edit = header.subject_edit
        self.addressee_search = header.addressee_search
        self.addressee_box = header.addressee_box
        self.deadline_edit = header.deadline_edit
        self.deadline_label = header.deadline_label
        self.event_date_edit = header.event_date_edit
        self.event_date_label = header.event_date_label
        self.pages_spin = header.pages_spin
        self.plan_button = header.plan_button
        self.remove_plan_button = header.remove_plan_button
        self.plan_label = header.plan_label
        self.note_type_box.currentIndexChanged.connect(self._note_type_chosen)
        self.addressee_search.textChanged.connect(self._search_addressees)
        self.addressee_box.currentIndexChanged.connect(self._addressee_chosen)
        self.plan_button.clicked.connect(self.edit_plan)
        self.remove_plan_button.clicked.connect(lambda: self.set_plan(None))
        self.language_boxes = header.language_boxes
        for box in self.language_boxes.values():
            box.toggled.connect(self._languages_chosen)
        for signal in (
            self.series_edit.textEdited,
            self.subject_edit.textEdited,
            self.date_edit.value_changed,
            self.deadline_edit.value_changed,
            self.event_date_edit.value_changed,
            self.pages_spin.valueChanged,
        ):
            signal.connect(self._edited)
        for line_edit in (self.series_edit, self.subject_edit, self.addressee_search):
            line_edit.installEventFilter(self._redo_keys)

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
        self.language_tabs.set_panes(self.panes)
        order_note_editor(self)

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
            self.date_edit.set_value(note.date)
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
            date=self.date_edit.value() or self._note.date,
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
            title = plan.title.get(ui_language()) or next(iter(plan.title.values()), "")
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
        from app.gui.plan import PlanEditorDialog

        plan = self._plan
        languages = plan.languages if plan is not None else self._note.languages
        dialog = PlanEditorDialog(plan, tuple(languages), self)
        dialog.setObjectName("plan_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def attach() -> None:
            try:
                self.set_plan(dialog.plan())
            except ValidationError as error:
                show_error(self, problems_report(error.problems), _("Plan"))

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
            # In the interface language where the addressee has a name in it.
            self.addressee_box.addItem(addressee_name(item, languages), item)
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
        self.discrepancies = discrepancies_of(note)
        self.plan_notices = plan_language_notices(note) + script_notices(note)
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
        entries, places = problem_entries(
            self.problems, self.discrepancies, self.note_type, self.plan_notices
        )
        if entries != self._listed:
            self._listed = entries
            fill_problem_list(self.problems_list, self.problems_title, entries)
        marks: dict[QWidget, list[str]] = {}
        for field, language, text in places:
            widget = self.widget_for(field, language)
            if widget is not None:
                marks.setdefault(widget, []).append(text)
        for widget in self._markable():
            tip = "\n".join(marks.get(widget, ()))
            if self._marked.get(id(widget)) == tip:
                continue
            self._marked[id(widget)] = tip
            widget.setProperty("problem", bool(tip))
            widget.setStyleSheet(colours.PROBLEM_BORDER if tip else "")
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
