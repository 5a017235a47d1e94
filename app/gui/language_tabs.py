"""The language panes as tabs when the editor is too narrow for them side by side.

Side by side, each version needs room to be read (`PANE_MIN_WIDTH`); in a narrower editor
(a small laptop screen, the preview widened) one version shows at a time under a tab bar.
The other versions are collapsed in the splitter, not hidden, so the Tab key walks English,
Russian and Kazakh in the same order as side by side: a field getting the focus brings its
version to the front.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QSplitter, QTabBar, QWidget

from app.domain.languages import LANGUAGE_NAMES
from app.gui.note_fields import LanguagePane

#: The narrowest a version is readable beside the others, in pixels.
PANE_MIN_WIDTH = 240


class LanguageTabs(QObject):
    """Shows the panes of `splitter` side by side, or one at a time under `bar`."""

    def __init__(self, splitter: QSplitter, parent: QWidget) -> None:
        super().__init__(parent)
        self.splitter = splitter
        self._editor = parent
        self.bar = QTabBar(parent)
        self.bar.setObjectName("language_tabs")
        # Tab reaches the versions' fields themselves (see above); the bar is for the mouse.
        self.bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bar.setDrawBase(False)
        self.bar.setExpanding(False)
        self.bar.hide()
        self.bar.currentChanged.connect(self._show_current)
        self._panes: list[LanguagePane] = []
        self._watched: dict[int, int] = {}  # id(widget) -> index of its pane
        self._handle_width = splitter.handleWidth()
        splitter.installEventFilter(self)

    @property
    def narrow(self) -> bool:
        """True when one version shows at a time."""
        return self.bar.isVisibleTo(self._editor)

    def set_panes(self, panes: Mapping[str, LanguagePane]) -> None:
        """Take the panes rebuilt for the note's languages (in binding order)."""
        self._panes = list(panes.values())
        self._watched.clear()
        self.bar.blockSignals(True)
        while self.bar.count():
            self.bar.removeTab(0)
        for index, pane in enumerate(self._panes):
            self.bar.addTab(LANGUAGE_NAMES.get(pane.language, pane.language))
            self.bar.setTabToolTip(index, pane.language)
            for edit in pane.text_edits():
                edit.installEventFilter(self)
                self._watched[id(edit)] = index
        self.bar.blockSignals(False)
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self._arrange()
        elif event.type() == QEvent.Type.FocusIn and id(watched) in self._watched:
            index = self._watched[id(watched)]
            if self.narrow and index != self.bar.currentIndex():
                self.bar.setCurrentIndex(index)
        return False

    def _arrange(self) -> None:
        narrow = len(self._panes) > 1 and self.splitter.width() < PANE_MIN_WIDTH * len(self._panes)
        was_narrow = self.narrow
        self.bar.setVisible(narrow)
        self.splitter.setChildrenCollapsible(narrow)
        self.splitter.setHandleWidth(0 if narrow else self._handle_width)
        for index in range(self.splitter.count()):
            self.splitter.handle(index).setEnabled(not narrow)
        if narrow:
            self._show_current(self.bar.currentIndex())
        elif was_narrow or 0 in self.splitter.sizes():
            share = max(1, self.splitter.width() // max(1, len(self._panes)))
            self.splitter.setSizes([share] * len(self._panes))

    def _show_current(self, current: int) -> None:
        if not self.narrow or not self._panes:
            return
        width = max(1, self.splitter.width())
        self.splitter.setSizes([width if i == current else 0 for i in range(len(self._panes))])
