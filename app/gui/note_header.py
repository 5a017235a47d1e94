"""The note's header: type, series and number, date, place, languages, subject, addressee,
deadlines and enclosure. The editor connects its fields; the header holds no note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER
from app.domain.note_types import NOTE_TYPES
from app.gui.date_entry import DateEntry
from app.gui.note_fields import narrow
from app.i18n.messages import _


class NoteHeader(QGroupBox):
    """The header's fields, laid out in two columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Note"), parent)
        self.setObjectName("note_header")
        grid = QGridLayout(self)
        left = QFormLayout()
        right = QFormLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        #: The two columns, for the reflow (side by side, or one under the other).
        self.columns = (grid, left, right)

        self.note_type_box = QComboBox(self)
        self.note_type_box.setObjectName("note_type")
        # Long labels (in Russian most of all) may be cut in the closed box, never the header
        # pushed wider than the window; the list shows them whole.
        narrow(self.note_type_box, 18)
        for kind in NOTE_TYPES.values():
            self.note_type_box.addItem(_(kind.label), kind.key)
        left.addRow(_("Note &type:"), self.note_type_box)

        number_row = QHBoxLayout()
        self.series_edit = QLineEdit(self)
        self.series_edit.setObjectName("note_series")
        self.series_edit.setMaximumWidth(90)
        self.series_edit.setToolTip(_("The number series (prefix), e.g. PAR"))
        self.number_label = QLabel(self)
        self.number_label.setObjectName("note_number")
        number_row.addWidget(self.series_edit)
        number_row.addWidget(self.number_label, 1)
        left.addRow(self._buddy(_("&Series:"), self.series_edit), number_row)

        self.date_edit = DateEntry(self)
        self.date_edit.setObjectName("note_date")
        left.addRow(_("&Date:"), self.date_edit)

        self.place_label = QLabel(self)
        self.place_label.setObjectName("note_place")
        self.place_label.setWordWrap(True)
        left.addRow(_("Place:"), self.place_label)

        language_row = QHBoxLayout()
        self.language_boxes: dict[str, QCheckBox] = {}
        for code in LANGUAGE_ORDER:
            box = QCheckBox(LANGUAGE_NAMES.get(code, code), self)
            box.setObjectName(f"language_{code}")
            language_row.addWidget(box)
            self.language_boxes[code] = box
        language_row.addStretch(1)
        left.addRow(_("Languages:"), language_row)

        self.subject_edit = QLineEdit(self)
        self.subject_edit.setObjectName("note_subject")
        self.subject_edit.setPlaceholderText(_("What the register lists the note under"))
        left.addRow(_("Su&bject:"), self.subject_edit)

        addressee_row = QHBoxLayout()
        self.addressee_search = QLineEdit(self)
        self.addressee_search.setObjectName("addressee_search")
        self.addressee_search.setPlaceholderText(_("Search the directory…"))
        self.addressee_search.setClearButtonEnabled(True)
        self.addressee_box = QComboBox(self)
        self.addressee_box.setObjectName("addressee")
        narrow(self.addressee_box, 18)
        addressee_row.addWidget(self.addressee_search, 1)
        addressee_row.addWidget(self.addressee_box, 2)
        right.addRow(self._buddy(_("&Addressee:"), self.addressee_search), addressee_row)

        self.deadline_edit = DateEntry(self, optional=True, reference=self.date_edit.value)
        self.deadline_edit.setObjectName("objection_deadline")
        self.deadline_label = QLabel(_("Objection dead&line:"), self)
        self.deadline_label.setBuddy(self.deadline_edit)
        right.addRow(self.deadline_label, self.deadline_edit)

        self.event_date_edit = DateEntry(self, optional=True, reference=self.date_edit.value)
        self.event_date_edit.setObjectName("event_date")
        self.event_date_label = QLabel(_("E&vent date:"), self)
        self.event_date_label.setBuddy(self.event_date_edit)
        right.addRow(self.event_date_label, self.event_date_edit)

        enclosure_row = QHBoxLayout()
        self.pages_spin = QSpinBox(self)
        self.pages_spin.setObjectName("enclosure_pages")
        self.pages_spin.setRange(0, 10_000)
        self.pages_spin.setSpecialValueText(_("as rendered"))
        self.pages_spin.setSuffix(_(" p."))
        self.pages_spin.setToolTip(
            _("Pages printed in the enclosure line; 'as rendered' counts the plan's pages")
        )
        self.plan_button = QPushButton(_("&Plan…"), self)
        self.plan_button.setObjectName("edit_plan")
        self.remove_plan_button = QPushButton(_("Remove plan"), self)
        self.remove_plan_button.setObjectName("remove_plan")
        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("plan_summary")
        self.plan_label.setWordWrap(True)  # on two lines rather than holding the header wide
        enclosure_row.addWidget(self.pages_spin)
        enclosure_row.addWidget(self.plan_button)
        enclosure_row.addWidget(self.remove_plan_button)
        enclosure_row.addStretch(1)
        right.addRow(self._buddy(_("Encl&osure:"), self.pages_spin), enclosure_row)
        right.addRow("", self.plan_label)  # a line of its own: the buttons never squeeze it

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label
