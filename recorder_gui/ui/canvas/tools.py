"""Canvas tools: moving and resizing with snapping, and the snap lines they show.

A tool turns pointer positions (canvas pixels) into editor calls; the geometry (clamping,
snapping, aspect) comes from ``recorder_gui.layout.geometry``. A gesture is one undo step.
Rubber-band selection is the view's own (``QGraphicsView.RubberBandDrag``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from recorder_gui.layout.geometry import (
    Handle,
    Rect,
    SnapGuides,
    resize_rect,
    snap_guides,
    snap_move,
    snap_resize,
    to_fractions,
    to_pixels,
)

from .commands import LayoutEditor

if TYPE_CHECKING:
    from .scene import LayoutScene

SNAP_COLOR = QColor("#ff4fd8")


class SnapLinesItem(QGraphicsItem):
    """The guide lines the current gesture snapped to, drawn across the whole canvas."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1100)
        self._canvas = QRectF()
        self.x_line: float | None = None
        self.y_line: float | None = None

    def set_canvas(self, width: int, height: int) -> None:
        self.prepareGeometryChange()
        self._canvas = QRectF(0, 0, width, height)

    def show_lines(self, x: float | None, y: float | None) -> None:
        if (x, y) != (self.x_line, self.y_line):
            self.x_line, self.y_line = x, y
            self.update()

    def clear(self) -> None:
        self.show_lines(None, None)

    def boundingRect(self) -> QRectF:
        return self._canvas.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.x_line is None and self.y_line is None:
            return
        scale = painter.worldTransform().m11() or 1.0
        painter.setPen(QPen(SNAP_COLOR, 1.5 / scale))
        c = self._canvas
        if self.x_line is not None:
            painter.drawLine(QPointF(self.x_line, c.top()), QPointF(self.x_line, c.bottom()))
        if self.y_line is not None:
            painter.drawLine(QPointF(c.left(), self.y_line), QPointF(c.right(), self.y_line))


def _union(rects: list[Rect]) -> Rect:
    left = min(r.x for r in rects)
    top = min(r.y for r in rects)
    right = max(r.right for r in rects)
    bottom = max(r.bottom for r in rects)
    return Rect(left, top, right - left, bottom - top)


class _Tool:
    def __init__(self, scene: LayoutScene, editor: LayoutEditor) -> None:
        self.scene = scene
        self.editor = editor

    def _snapping(self, modifiers: Qt.KeyboardModifier) -> bool:
        return self.scene.snap_enabled and not modifiers & Qt.KeyboardModifier.AltModifier

    def _guides(self, moving: set[int]) -> SnapGuides:
        layout = self.editor.layout
        others = [r for i, r in enumerate(layout.regions) if i not in moving]
        return snap_guides(layout.canvas_width, layout.canvas_height, others)


class MoveTool(_Tool):
    """Drags the selected regions together; the group stays on the canvas and snaps."""

    def __init__(self, scene: LayoutScene, editor: LayoutEditor) -> None:
        super().__init__(scene, editor)
        self._start: QPointF | None = None
        self._rects: dict[int, Rect] = {}
        self._guides_cache: SnapGuides | None = None
        self.active = False

    def press(self, pos: QPointF) -> None:
        layout = self.editor.layout
        indices = self.scene.selected_indices()
        self._rects = {
            i: to_pixels(layout.regions[i], layout.canvas_width, layout.canvas_height)
            for i in indices
            if i < len(layout.regions)
        }
        self._start = QPointF(pos) if self._rects else None
        self._guides_cache = self._guides(set(self._rects)) if self._rects else None

    def drag(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        if self._start is None or self._guides_cache is None:
            return
        if not self.active:
            if (pos - self._start).manhattanLength() < 1.0:
                return
            self.active = True
            self.editor.begin_gesture()
        layout = self.editor.layout
        cw, ch = layout.canvas_width, layout.canvas_height
        box = _union(list(self._rects.values()))
        dx = min(max(pos.x() - self._start.x(), -box.x), cw - box.right)
        dy = min(max(pos.y() - self._start.y(), -box.y), ch - box.bottom)
        gx = gy = None
        if self._snapping(modifiers):
            moved = Rect(box.x + dx, box.y + dy, box.width, box.height)
            snapped = snap_move(moved, self._guides_cache, self.scene.snap_tolerance)
            dx = min(max(snapped.rect.x - box.x, -box.x), cw - box.right)
            dy = min(max(snapped.rect.y - box.y, -box.y), ch - box.bottom)
            gx, gy = snapped.x_guide, snapped.y_guide
        self.scene.snap_lines.show_lines(gx, gy)
        rects = {
            i: to_fractions(Rect(r.x + dx, r.y + dy, r.width, r.height), cw, ch)
            for i, r in self._rects.items()
        }
        text = "Move region" if len(rects) == 1 else f"Move {len(rects)} regions"
        self.editor.set_rects(rects, text)

    def release(self) -> None:
        self.scene.snap_lines.clear()
        if self.active:
            self.editor.end_gesture()
        self.active = False
        self._start = None
        self._rects = {}


class ResizeTool(_Tool):
    """Drags one handle of the single selected region; Shift keeps the aspect ratio."""

    def __init__(self, scene: LayoutScene, editor: LayoutEditor) -> None:
        super().__init__(scene, editor)
        self._handle: Handle | None = None
        self._index: int | None = None
        self._rect: Rect | None = None
        self._guides_cache: SnapGuides | None = None

    @property
    def active(self) -> bool:
        return self._handle is not None

    def press(self, handle: Handle) -> None:
        indices = self.scene.selected_indices()
        layout = self.editor.layout
        if len(indices) != 1 or indices[0] >= len(layout.regions):
            return
        self._index = indices[0]
        self._handle = handle
        region = layout.regions[self._index]
        self._rect = to_pixels(region, layout.canvas_width, layout.canvas_height)
        self._guides_cache = self._guides({self._index})
        self.editor.begin_gesture()

    def drag(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        if self._handle is None or self._rect is None or self._index is None:
            return
        layout = self.editor.layout
        cw, ch = layout.canvas_width, layout.canvas_height
        keep = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        rect = resize_rect(self._rect, self._handle, pos.x(), pos.y(), cw, ch, keep_aspect=keep)
        gx = gy = None
        if not keep and self._guides_cache is not None and self._snapping(modifiers):
            snapped = snap_resize(rect, self._handle, self._guides_cache, self.scene.snap_tolerance)
            rect, gx, gy = snapped.rect, snapped.x_guide, snapped.y_guide
        self.scene.snap_lines.show_lines(gx, gy)
        fractions = to_fractions(rect, cw, ch)
        self.editor.set_rects({self._index: fractions}, "Resize region", resize=True)

    def release(self) -> None:
        self.scene.snap_lines.clear()
        if self._handle is not None:
            self.editor.end_gesture()
        self._handle = self._index = self._rect = None
