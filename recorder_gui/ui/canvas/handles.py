"""Resize handles: eight squares around the one selected region, each driving the resize tool.

Handles are separate items (not part of the region) and keep their screen size at any zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from recorder_gui.layout.geometry import Handle

from .items import ACCENT

HANDLE_SIZE = 9.0  # screen pixels

_CURSORS = {
    Handle.TOP_LEFT: Qt.CursorShape.SizeFDiagCursor,
    Handle.BOTTOM_RIGHT: Qt.CursorShape.SizeFDiagCursor,
    Handle.TOP_RIGHT: Qt.CursorShape.SizeBDiagCursor,
    Handle.BOTTOM_LEFT: Qt.CursorShape.SizeBDiagCursor,
    Handle.TOP: Qt.CursorShape.SizeVerCursor,
    Handle.BOTTOM: Qt.CursorShape.SizeVerCursor,
    Handle.LEFT: Qt.CursorShape.SizeHorCursor,
    Handle.RIGHT: Qt.CursorShape.SizeHorCursor,
}


def handle_point(handle: Handle, rect: QRectF) -> QPointF:
    """Where ``handle`` sits on ``rect`` (corners and edge midpoints)."""
    x = (
        rect.left()
        if handle.moves_left
        else rect.right()
        if handle.moves_right
        else rect.center().x()
    )
    y = (
        rect.top()
        if handle.moves_top
        else rect.bottom()
        if handle.moves_bottom
        else rect.center().y()
    )
    return QPointF(x, y)


class HandleItem(QGraphicsItem):
    """One square handle (the scene starts a resize when it is pressed)."""

    def __init__(self, handle: Handle, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.handle = handle
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setCursor(_CURSORS[handle])
        self.setZValue(1)

    def boundingRect(self) -> QRectF:
        half = HANDLE_SIZE / 2 + 1
        return QRectF(-half, -half, 2 * half, 2 * half)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        half = HANDLE_SIZE / 2
        painter.setPen(QPen(ACCENT, 1.5))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(QRectF(-half, -half, 2 * half, 2 * half))


class HandlesItem(QGraphicsItem):
    """The selection frame with its eight handles, placed on a region's rectangle."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1000)
        self._rect = QRectF()
        self.handles = {handle: HandleItem(handle, self) for handle in Handle}
        self.hide()

    def place(self, rect: QRectF | None) -> None:
        """Show the handles on ``rect`` (scene pixels), or hide them with None."""
        if rect is None:
            self.hide()
            return
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)
            for handle, item in self.handles.items():
                item.setPos(handle_point(handle, rect))
        self.show()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        return  # the region item draws the selected frame; this item only carries handles
