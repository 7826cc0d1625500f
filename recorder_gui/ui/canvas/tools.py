"""Canvas tools: moving and resizing with snapping.

The scene routes pointer input to a tool by what is under the pointer (a handle: resize; a
region: move); items only draw. A tool sees its host through :class:`ToolHost` (the selection,
the snapping settings, where to show snap lines), turns pointer positions (canvas pixels) into
editor calls, and takes its geometry (clamping, snapping, aspect) from
``recorder_gui.layout.geometry``. A gesture is one undo step. Rubber-band selection is the
view's own (``QGraphicsView.RubberBandDrag``).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF, Qt

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


class ToolHost(Protocol):
    """What a tool needs of the canvas it works on."""

    snap_enabled: bool
    snap_tolerance: float

    def selected_indices(self) -> list[int]: ...

    def show_snap_lines(self, x: float | None, y: float | None) -> None: ...


def _union(rects: list[Rect]) -> Rect:
    left = min(r.x for r in rects)
    top = min(r.y for r in rects)
    right = max(r.right for r in rects)
    bottom = max(r.bottom for r in rects)
    return Rect(left, top, right - left, bottom - top)


class _Tool:
    def __init__(self, host: ToolHost, editor: LayoutEditor) -> None:
        self.host = host
        self.editor = editor

    def _snapping(self, modifiers: Qt.KeyboardModifier) -> bool:
        return self.host.snap_enabled and not modifiers & Qt.KeyboardModifier.AltModifier

    def _guides(self, moving: set[int]) -> SnapGuides:
        layout = self.editor.layout
        others = [r for i, r in enumerate(layout.regions) if i not in moving]
        return snap_guides(layout.canvas_width, layout.canvas_height, others)


class MoveTool(_Tool):
    """Drags the selected regions together; the group stays on the canvas and snaps."""

    def __init__(self, host: ToolHost, editor: LayoutEditor) -> None:
        super().__init__(host, editor)
        self._start: QPointF | None = None
        self._rects: dict[int, Rect] = {}
        self._guides_cache: SnapGuides | None = None
        self.active = False

    def press(self, pos: QPointF) -> None:
        layout = self.editor.layout
        indices = self.host.selected_indices()
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
            snapped = snap_move(moved, self._guides_cache, self.host.snap_tolerance)
            dx = min(max(snapped.rect.x - box.x, -box.x), cw - box.right)
            dy = min(max(snapped.rect.y - box.y, -box.y), ch - box.bottom)
            gx, gy = snapped.x_guide, snapped.y_guide
        self.host.show_snap_lines(gx, gy)
        rects = {
            i: to_fractions(Rect(r.x + dx, r.y + dy, r.width, r.height), cw, ch)
            for i, r in self._rects.items()
        }
        text = "Move region" if len(rects) == 1 else f"Move {len(rects)} regions"
        self.editor.set_rects(rects, text)

    def release(self) -> None:
        self.host.show_snap_lines(None, None)
        if self.active:
            self.editor.end_gesture()
        self.active = False
        self._start = None
        self._rects = {}


class ResizeTool(_Tool):
    """Drags one handle of the single selected region; Shift keeps the aspect ratio."""

    def __init__(self, host: ToolHost, editor: LayoutEditor) -> None:
        super().__init__(host, editor)
        self._handle: Handle | None = None
        self._index: int | None = None
        self._rect: Rect | None = None
        self._guides_cache: SnapGuides | None = None

    @property
    def active(self) -> bool:
        return self._handle is not None

    def press(self, handle: Handle) -> None:
        indices = self.host.selected_indices()
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
            snapped = snap_resize(rect, self._handle, self._guides_cache, self.host.snap_tolerance)
            rect, gx, gy = snapped.rect, snapped.x_guide, snapped.y_guide
        self.host.show_snap_lines(gx, gy)
        fractions = to_fractions(rect, cw, ch)
        self.editor.set_rects({self._index: fractions}, "Resize region", resize=True)

    def release(self) -> None:
        self.host.show_snap_lines(None, None)
        if self._handle is not None:
            self.editor.end_gesture()
        self._handle = self._index = self._rect = None
