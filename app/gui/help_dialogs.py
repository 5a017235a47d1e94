"""Help ▸ Keyboard shortcuts and Help ▸ User guide: the keys of every window in one list, and
a page on how a note goes from a draft to an issued document."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.domain.workflow import Action
from app.gui.workflow_menu import SHORTCUTS
from app.i18n.messages import _


def _keys(*sequences: str | QKeySequence.StandardKey) -> str:
    shown: list[str] = []
    for sequence in sequences:
        if isinstance(sequence, QKeySequence.StandardKey):
            bindings = QKeySequence.keyBindings(sequence)
            text = bindings[0].toString(QKeySequence.SequenceFormat.NativeText) if bindings else ""
        else:
            text = QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)
            text = text or sequence
        if text and text not in shown:
            shown.append(text)
    return ", ".join(shown)


def _window_keys(window: QWidget) -> list[tuple[str, str]]:
    """The actions of `window` that have keys, as (what, keys)."""
    found: dict[str, str] = {}
    for action in window.actions():
        assert isinstance(action, QAction)
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text and text not in found:
            found[text] = ", ".join(keys)
    return sorted(found.items())


def shortcut_groups(
    register_window: QWidget | None = None,
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The shortcut list: each group's title and its (what, keys) rows."""
    steps = {
        Action.SUBMIT: _("Submit for approval"),
        Action.APPROVE: _("Approve"),
        Action.RETURN_FOR_REVISION: _("Return for revision"),
        Action.ISSUE: _("Issue"),
        Action.DISPATCH: _("Mark dispatched"),
        Action.WITHDRAW: _("Withdraw"),
    }
    register_rows = _window_keys(register_window) if register_window is not None else []
    register_rows += [
        (_("From the search into the results"), _keys("Down") + ", " + _keys("Return")),
        (_("Open the selected note"), _keys("Return")),
    ]
    return [
        (_("Register window"), register_rows),
        (
            _("Note window"),
            [
                (_("Save"), _keys(QKeySequence.StandardKey.Save)),
                (_("Print the set (preview)"), _keys(QKeySequence.StandardKey.Print)),
                (
                    _("Undo / redo typing"),
                    _keys("Ctrl+Z") + " / " + _keys("Ctrl+Shift+Z", "Ctrl+Y"),
                ),
                (_("Close the note"), _keys("Ctrl+W")),
                (_("Next / previous field"), _keys("Tab") + " / " + _keys("Shift+Tab")),
                (_("Open a date's calendar"), _keys("F4", "Alt+Down")),
            ],
        ),
        (
            _("Workflow (both windows)"),
            [(steps[action], _keys(*keys)) for action, keys in SHORTCUTS.items()],
        ),
        (
            _("Print preview"),
            [
                (
                    _("Zoom in / out"),
                    _keys("Ctrl++") + " / " + _keys("Ctrl+-") + ", Ctrl+" + _("mouse wheel"),
                ),
                (_("Fit width"), _keys("Ctrl+1")),
                (_("Fit page"), _keys("Ctrl+0")),
                (_("Next / previous page"), _keys("PgDown") + " / " + _keys("PgUp")),
            ],
        ),
    ]


def shortcuts_html(register_window: QWidget | None = None) -> str:
    parts = []
    for title, rows in shortcut_groups(register_window):
        parts.append(f"<h3>{escape(title)}</h3><table cellpadding='3'>")
        parts.extend(
            f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>" for what, keys in rows
        )
        parts.append("</table>")
    return "".join(parts)


def user_guide_html() -> str:
    steps = [
        _(
            "<b>New note</b> (Ctrl+N): choose the note type, the addressee and the series; type "
            "the texts in English, Russian and Kazakh. The preview beside shows the note as it "
            "will be issued; the problems list says what is still missing."
        ),
        _(
            "The draft is saved as you type. <b>Submit for approval</b> (Ctrl+Enter) when the "
            "problems list is empty."
        ),
        _(
            "An approver who did not draft the note opens it and <b>Approves</b> it "
            "(Ctrl+Shift+A) or returns it with a comment."
        ),
        _(
            "A registrar <b>Issues</b> the approved note (Ctrl+Shift+I, the view <i>To issue</i>): "
            "it takes its number and its PDFs are frozen and stored with their SHA-256."
        ),
        _(
            "<b>Print</b> (Ctrl+P) shows the whole set, every language and the enclosures; tick "
            "the parts to print."
        ),
        _(
            "Find any note by typing its number (1453 or PAR/1453) or words of it in the search "
            "field (Ctrl+F). <b>Verify</b> holds a copy or a printout's code against the register; "
            "a PDF dropped on the register window is verified at once."
        ),
    ]
    items = "".join(f"<li>{step}</li>" for step in steps)
    heading = escape(_("How a note is made"))
    return f"<h2>{heading}</h2><ol>{items}</ol>"


class HelpDialog(QDialog):
    """A page of help text with a Close button."""

    def __init__(self, title: str, html: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName(f"{name}_text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)


def show_shortcuts(window: QWidget) -> HelpDialog:
    dialog = HelpDialog(_("Keyboard shortcuts"), shortcuts_html(window), "shortcuts_dialog", window)
    dialog.show()
    return dialog


def show_user_guide(window: QWidget) -> HelpDialog:
    dialog = HelpDialog(_("User guide"), user_guide_html(), "user_guide_dialog", window)
    dialog.show()
    return dialog
