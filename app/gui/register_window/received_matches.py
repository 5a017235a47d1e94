"""The line under the register's results that says how many notes received the search finds too
("2 notes received match “12/345”: Show them") and opens the Incoming window on them.

The notes received are searched by `IncomingRegister.search`, the matching of the Incoming
window and of `verbale register search`, on a worker of its own; only the latest lookup counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui.correspondence_menu import open_incoming
from app.gui.errors import error_text
from app.gui.operations import (
    CancelFlag,
    LatestOnly,
    Operation,
    OperationCancelled,
    ProgressCallback,
    run_operation,
)
from app.i18n.messages import ngettext

if TYPE_CHECKING:
    from app.gui.incoming_view import IncomingWindow
    from app.gui.register_window.window import MainWindow
    from app.services.incoming import IncomingInfo


class ReceivedMatches(QWidget):
    """Hidden unless the latest search text finds notes received."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("received_matches")
        self.main = window
        self.text = QLabel(self)
        self.text.setObjectName("received_matches_text")
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("received_matches_show")
        self.show_button.setAutoDefault(True)  # Enter as well as Space when it has the focus
        self.show_button.clicked.connect(self.show_them)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.show_button)
        layout.addStretch(1)
        # A worker of its own: a lookup never waits behind the register's search or a render.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.slot = LatestOnly()
        #: The text the line answers for ("" while hidden) and how many it found.
        self.query = ""
        self.found: list[IncomingInfo] = []
        self.hide()

    def look_up(self, text: str) -> Operation | None:
        """Search the notes received for `text` on the worker; the line follows the answer."""
        text = text.strip()  # looked up again for the same text: a note may have come meanwhile
        if not text:
            self.slot.drop()
            self._found(text, [])
            return None
        opening = self.main.opening

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> list[IncomingInfo]:
            if cancel():
                raise OperationCancelled  # overtaken by newer typing before it started
            workflow = opening.workflow()  # waits on this worker while the register loads
            if workflow is None:
                return []  # a read-only window has no notes received to show
            from app.services.incoming import IncomingRegister

            return IncomingRegister(workflow).search(text)

        return run_operation(
            work,
            self,
            self.pool,
            on_success=lambda found: self._found(text, found),
            on_failure=self._failed,
            latest=self.slot,
        )

    def _found(self, text: str, found: list[IncomingInfo]) -> None:
        self.query = text
        self.found = found
        count = len(found)
        if count:
            self.text.setText(
                ngettext(
                    "{count} note received matches “{query}”:",
                    "{count} notes received match “{query}”:",
                    count,
                ).format(count=count, query=text)
            )
            self.show_button.setText(ngettext("Show it", "Show them", count))
        self.setVisible(bool(count))

    def _failed(self, error: BaseException) -> None:
        self._found("", [])
        self.main.statusBar().showMessage(error_text(error), 8000)

    def show_them(self) -> IncomingWindow | None:
        """The Incoming window, searched for the same text, its first match chosen."""
        incoming = open_incoming(self.main)
        if incoming is not None:
            incoming.show_search(self.query)
        return incoming
