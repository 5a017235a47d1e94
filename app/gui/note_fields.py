"""The note editor's pieces: a date that may be blank, a field of officer's text, one language
version's pane (its fields and the text composed from them), and that text as HTML."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.languages import LANGUAGE_NAMES
from app.domain.note_types import NoteType
from app.gui import colours
from app.i18n.messages import _
from app.services.drafting import DraftText

#: Pixels the plan title may take in the enclosure line; longer titles end in "…".
PLAN_TITLE_WIDTH = 150
_FIELD_LINES = {"document_title": 4, "documents": 4, "event": 3}


class RedoKeys(QObject):
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
        if isinstance(watched, QLineEdit | QPlainTextEdit) and not watched.isReadOnly():
            watched.redo()
        return True


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
            label.setWordWrap(True)  # long Russian and Kazakh labels wrap, never widen the pane
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
        body_label.setWordWrap(True)
        self.body = FieldEdit(6 if kind is not None and kind.needs_body else 3)
        self.body.setObjectName(f"body_{language}")
        body_label.setBuddy(self.body)
        form.addWidget(body_label)
        form.addWidget(self.body)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)

        self._shown = ""
        self.composed = QTextBrowser()
        self.composed.setObjectName(f"composed_{language}")
        self.composed.setOpenLinks(False)
        self.composed.setAccessibleName(_("Composed text ({language})").format(language=language))
        self.addWidget(scroll)
        self.addWidget(self.composed)
        # The fields are what the officer types; the composed text below is there to check.
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)

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
        return f"<p style='color:{colours.ERROR}'>{html.escape(draft.problem)}</p>"
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
                spans.append(
                    f"<span style='color:{colours.ERROR}; font-style:italic'>{text}</span>"
                )
            elif segment.field is not None:
                spans.append(
                    f"<span style='background-color:{colours.NOTICE_BACKGROUND}'>{text}</span>"
                )
            else:
                spans.append(text)
        parts.append(
            "<p align='justify' style='margin-top:8px; text-indent:24px'>" + "".join(spans) + "</p>"
        )
    if draft.closing:
        parts.append(f"<p style='margin-top:12px'>{html.escape(draft.closing[0])}</p>")
        for line in draft.closing[1:]:
            parts.append(f"<p style='margin:0; font-weight:bold'>{html.escape(line)}</p>")
    if draft.verification:
        line = html.escape(draft.verification)
        parts.append(f"<p style='margin-top:16px; color:{colours.MUTED}'>{line}</p>")
    parts.append("</div>")
    return "".join(parts)


def narrow(box: QComboBox, characters: int) -> None:
    """Let `box` be as narrow as `characters` characters (its popup list shows items whole)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)
