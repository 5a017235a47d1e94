"""Files dropped on a window: a plan table (CSV, XLSX, DOCX…) onto the plan editor imports
it; an issued PDF onto the register window is held against the register."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

#: The files the plan editor imports.
PLAN_SUFFIXES = frozenset({".xlsx", ".ods", ".csv", ".tsv", ".docx", ".html", ".htm"})
PDF_SUFFIXES = frozenset({".pdf"})


def dropped_files(event: QDragEnterEvent | QDropEvent, suffixes: Collection[str]) -> list[Path]:
    """The local files with one of `suffixes` that a drag carries."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    found = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [path for path in found if path.suffix.lower() in suffixes]


class FileDrops(QObject):
    """Accepts drags of files with `suffixes` onto `widget` and hands them to `take`."""

    def __init__(
        self,
        widget: QWidget,
        suffixes: Collection[str],
        take: Callable[[list[Path]], object],
    ) -> None:
        super().__init__(widget)
        self.suffixes = frozenset(suffixes)
        self.take = take
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent | QDragMoveEvent
        ):
            if dropped_files(event, self.suffixes):
                event.acceptProposedAction()
                return True
            event.ignore()
            return False
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = dropped_files(event, self.suffixes)
            if files:
                event.acceptProposedAction()
                self.take(files)
                return True
        return False
