"""The panel beside the plan's table: numbering, page, languages, the dialogs' buttons and a
summary of the plan. The editor connects its widgets; the panel holds no plan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.languages import LANGUAGE_ORDER
from app.gui.plan.model import numbering_names
from app.i18n.messages import _
from app.i18n.problems import language_name


class PlanSidePanel(QWidget):
    """Numbering, orientation, the plan's languages, Title/Columns buttons and the summary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumWidth(340)
        self.numbering_box = QComboBox(self)
        self.numbering_box.setObjectName("plan_numbering")
        for mode, name in numbering_names().items():
            self.numbering_box.addItem(name, mode)
        self.orientation_box = QComboBox(self)
        self.orientation_box.setObjectName("plan_orientation")
        self.orientation_box.addItem(_("Portrait"), "portrait")
        self.orientation_box.addItem(_("Landscape"), "landscape")
        self.summary = QLabel(self)
        self.summary.setObjectName("plan_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Numbering"), self))
        layout.addWidget(self.numbering_box)
        layout.addWidget(QLabel(_("Page"), self))
        layout.addWidget(self.orientation_box)
        layout.addWidget(QLabel(_("Languages of the plan"), self))
        self.language_checks: dict[str, QCheckBox] = {}
        for code in LANGUAGE_ORDER:
            check = QCheckBox(language_name(code), self)
            check.setObjectName(f"plan_language_{code}")
            layout.addWidget(check)
            self.language_checks[code] = check
        self.details_button = QPushButton(_("Title, preamble and approval…"), self)
        self.details_button.setObjectName("plan_details_button")
        self.columns_button = QPushButton(_("Columns…"), self)
        self.columns_button.setObjectName("plan_columns_button")
        layout.addWidget(self.details_button)
        layout.addWidget(self.columns_button)
        layout.addWidget(self.summary, 1)
