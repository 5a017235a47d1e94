"""The title, preamble and approval dialog, one tab per language."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import plan_edits
from app.domain.plan import Block, Plan, Signatory
from app.domain.problems import Refusal
from app.gui import colours
from app.gui.date_entry import DateEntry
from app.i18n.messages import _
from app.i18n.problems import language_name, refusal_text


class PlanDetailsDialog(QDialog):
    """Title, preamble and approval block, one tab per language.

    The preamble is typed one paragraph per line; a line beginning with "• " or "- " is a bullet.
    Signatories stand side by side in the PDF; their count is the same in every language.
    """

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_details_dialog")
        self.setWindowTitle(_("Title, preamble and approval"))
        self._plan = plan
        self._count = len(plan.signatories)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("details_languages")
        self.title_edits: dict[str, QPlainTextEdit] = {}
        self.preamble_edits: dict[str, QPlainTextEdit] = {}
        #: Per language, per signatory: heading, name, title.
        self.signatory_edits: dict[str, list[tuple[QLineEdit, QLineEdit, QPlainTextEdit]]] = {}
        self._signatory_boxes: dict[str, QVBoxLayout] = {}
        self.date_edits: list[DateEntry] = []
        for code in plan.languages:
            page = QWidget(self.tabs)
            form = QFormLayout(page)
            title = QPlainTextEdit(plan.title.get(code, ""), page)
            title.setObjectName(f"details_title_{code}")
            title.setMaximumHeight(90)
            preamble = QPlainTextEdit(plan_edits.preamble_text(plan, code), page)
            preamble.setObjectName(f"details_preamble_{code}")
            form.addRow(_("Title"), title)
            form.addRow(_("Preamble"), preamble)
            holder = QWidget(page)
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            scroll = QScrollArea(page)
            scroll.setWidgetResizable(True)
            scroll.setWidget(holder)
            form.addRow(_("Approval"), scroll)
            self.title_edits[code] = title
            self.preamble_edits[code] = preamble
            self.signatory_edits[code] = []
            self._signatory_boxes[code] = box
            self.tabs.addTab(page, language_name(code))
        for signatory in plan.signatories:
            self._add_signatory(signatory)
        add = QPushButton(_("Add signatory"), self)
        add.setObjectName("details_add_signatory")
        add.clicked.connect(lambda: self._add_signatory(None))
        remove = QPushButton(_("Remove last signatory"), self)
        remove.setObjectName("details_remove_signatory")
        remove.clicked.connect(self._remove_signatory)
        self.error = QLabel(self)
        self.error.setObjectName("details_error")
        self.error.setStyleSheet(colours.ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("details_buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def _add_signatory(self, signatory: Signatory | None) -> None:
        for code in self._plan.languages:
            box = QGroupBox(self)
            form = QFormLayout(box)
            number = len(self.signatory_edits[code]) + 1
            box.setTitle(_("Signatory {number}").format(number=number))
            heading = QLineEdit(signatory.headings.get(code, "") if signatory else "", box)
            heading.setObjectName(f"details_heading_{code}_{number}")
            heading.setPlaceholderText(Signatory({}).heading(code))
            name = QLineEdit(signatory.names.get(code, "") if signatory else "", box)
            name.setObjectName(f"details_name_{code}_{number}")
            title = QPlainTextEdit(signatory.titles.get(code, "") if signatory else "", box)
            title.setObjectName(f"details_signatory_title_{code}_{number}")
            title.setMaximumHeight(70)
            form.addRow(_("Heading"), heading)
            form.addRow(_("Name"), name)
            form.addRow(_("Title"), title)
            if code == self._plan.languages[0]:
                # The date is the same in every language: it is typed once, here.
                # Typed as people write dates (29.11.2023, 29 ноября 2023), or picked (F4).
                date = DateEntry(box, optional=True)
                date.set_value(signatory.date if signatory else None)
                date.setObjectName(f"details_date_{number}")
                form.addRow(_("Date"), date)
                self.date_edits.append(date)
            self._signatory_boxes[code].addWidget(box)
            self.signatory_edits[code].append((heading, name, title))

    def _remove_signatory(self) -> None:
        if self.date_edits:
            self.date_edits.pop()
        for code in self._plan.languages:
            if self.signatory_edits[code]:
                heading, _name, _title = self.signatory_edits[code].pop()
                box = heading.parentWidget()
                if box is not None:
                    box.setParent(None)
                    box.deleteLater()

    def _blocks(self) -> tuple[tuple[Block, ...], list[Refusal]]:
        texts = {code: edit.toPlainText() for code, edit in self.preamble_edits.items()}
        return plan_edits.parse_preamble(texts, self._plan.languages)

    def result_plan(self) -> Plan:
        """The plan with the title, preamble and signatories as typed."""
        blocks, _problems = self._blocks()
        signatories = []
        first = self._plan.languages[0]
        for index in range(len(self.signatory_edits[first])):
            headings, names, titles = {}, {}, {}
            for code in self._plan.languages:
                heading, name, title = self.signatory_edits[code][index]
                headings[code] = heading.text().strip()
                names[code] = name.text().strip()
                titles[code] = title.toPlainText().strip()
            signatories.append(Signatory(names, titles, headings, self._dates()[0][index]))
        plan_title = {
            code: self.title_edits[code].toPlainText().strip() for code in self._plan.languages
        }
        return plan_edits.with_details(self._plan, plan_title, blocks, signatories)

    def _dates(self) -> tuple[list[dt.date | None], list[Refusal]]:
        """Each signatory's date as typed (None: none), with those that are not dates."""
        dates: list[dt.date | None] = []
        problems: list[Refusal] = []
        for number, edit in enumerate(self.date_edits, start=1):
            edit.read_typed()  # what is still being typed counts too
            if edit.problem() is None:
                dates.append(edit.value())
                continue
            dates.append(None)
            text = edit.text().strip()
            problems.append(Refusal(plan_edits.SIGNATORY_DATE, {"number": number, "text": text}))
        return dates, problems

    def accept(self) -> None:
        _blocks, problems = self._blocks()
        problems += self._dates()[1]
        if problems:
            self.error.setText("\n".join(refusal_text(problem) for problem in problems))
            return
        super().accept()
