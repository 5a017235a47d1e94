"""The key to the register table's row colours, under the table."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from app.gui.register_model import (
    NEAR_BACKGROUND,
    NEAR_DAYS,
    NEAR_FOREGROUND,
    OVERDUE_BACKGROUND,
    OVERDUE_FOREGROUND,
)
from app.i18n.messages import _, ngettext


def _swatch(text: str, foreground: QColor, background: QColor, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(
        f"color: {foreground.name()}; background: {background.name()};"
        f" border: 1px solid {foreground.name()}; padding: 1px 6px;"
    )
    # A narrow table may cut the key rather than widen the window (it is in the tooltip too).
    label.setMinimumWidth(24)
    label.setToolTip(text)
    return label


class RowLegend(QWidget):
    """ "Objection deadline passed" and "… within 7 days" in the rows' own colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("row_legend")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 0)
        title = QLabel(_("Row colours:"), self)
        title.setMinimumWidth(24)
        row.addWidget(title)
        self.overdue = _swatch(
            _("objection deadline passed"), OVERDUE_FOREGROUND, OVERDUE_BACKGROUND, self
        )
        self.overdue.setObjectName("legend_overdue")
        self.near = _swatch(
            ngettext("deadline within {days} day", "deadline within {days} days", NEAR_DAYS).format(
                days=NEAR_DAYS
            ),
            NEAR_FOREGROUND,
            NEAR_BACKGROUND,
            self,
        )
        self.near.setObjectName("legend_near")
        row.addWidget(self.overdue)
        row.addWidget(self.near)
        row.addStretch(1)
        self.setToolTip(
            _("A dispatched note whose deadline has passed is not marked: its procedure has run.")
        )


def place_legend(table: QTableView) -> RowLegend:
    """The legend under `table` (in its holder's column)."""
    holder = table.parentWidget()
    legend = RowLegend(holder)
    layout = holder.layout() if holder is not None else None
    if isinstance(layout, QVBoxLayout):
        layout.addWidget(legend)
    return legend
