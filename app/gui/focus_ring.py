"""A focus ring an officer can see: the platform style's own is a faint one-pixel tint (Fusion's
light blue on white) that is lost at a glance. This style draws, over whatever the platform
style draws, a two-pixel ring in a dark blue round the field, button or box that has the
keyboard."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from app.gui import colours

#: The ring's colour (contrast above 7:1 on white and on the light window colours).
RING_COLOUR: Final = QColor(colours.FOCUS)
RING_WIDTH: Final = 2

PE = QStyle.PrimitiveElement
#: Frames drawn round a focused widget by the platform style, where the ring goes.
_RINGED: Final = frozenset(
    {
        PE.PE_FrameFocusRect,
        PE.PE_FrameLineEdit,
        PE.PE_PanelLineEdit,
        PE.PE_PanelButtonCommand,
        PE.PE_Frame,
    }
)


class FocusRingStyle(QProxyStyle):
    """The platform style with a visible focus ring."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _RINGED or not option.state & QStyle.StateFlag.State_HasFocus:
            return
        if widget is not None and not widget.hasFocus():
            return  # an inner part of a widget (a spin box's field) is ringed by the widget
        if (
            element is PE.PE_FrameFocusRect
            and widget is not None
            and widget.inherits("QAbstractItemView")
        ):
            return  # the current cell of a table: its selection already shows it
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(RING_COLOUR, RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH // 2
        ring = QRect(option.rect).adjusted(half, half, -half, -half)
        painter.drawRoundedRect(ring, 3, 3)
        painter.restore()


def install_focus_ring(qt_app: QApplication) -> FocusRingStyle:
    """Wrap the application's style in FocusRingStyle (kept alive by the application)."""
    current = qt_app.style()
    if isinstance(current, FocusRingStyle):
        return current
    style = FocusRingStyle(current.name())
    qt_app.setStyle(style)
    return style
