"""Mouse, key and drop helpers that drive the canvas through real Qt events."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from recorder_gui.ui.canvas.view import LayoutView, uid_mime

NO_MODS = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def viewport_point(view: LayoutView, scene_pos: QPointF | tuple[float, float]) -> QPointF:
    point = QPointF(*scene_pos) if isinstance(scene_pos, tuple) else scene_pos
    return QPointF(view.mapFromScene(point))


def _send(
    view: LayoutView,
    kind: QEvent.Type,
    scene_pos: QPointF | tuple[float, float],
    buttons: Qt.MouseButton,
    modifiers: Qt.KeyboardModifier,
    button: Qt.MouseButton = LEFT,
) -> None:
    local = viewport_point(view, scene_pos)
    global_pos = QPointF(view.viewport().mapToGlobal(local.toPoint()))
    event = QMouseEvent(kind, local, global_pos, button, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), event)


def press(view: LayoutView, pos: QPointF | tuple[float, float], mods=NO_MODS) -> None:
    _send(view, QEvent.Type.MouseButtonPress, pos, LEFT, mods)


def move(view: LayoutView, pos: QPointF | tuple[float, float], mods=NO_MODS) -> None:
    _send(view, QEvent.Type.MouseMove, pos, LEFT, mods, Qt.MouseButton.NoButton)


def release(view: LayoutView, pos: QPointF | tuple[float, float], mods=NO_MODS) -> None:
    _send(view, QEvent.Type.MouseButtonRelease, pos, Qt.MouseButton.NoButton, mods)


def path(
    start: tuple[float, float], end: tuple[float, float], steps: int
) -> list[tuple[float, float]]:
    return [
        (start[0] + (end[0] - start[0]) * k / steps, start[1] + (end[1] - start[1]) * k / steps)
        for k in range(1, steps + 1)
    ]


def drag(
    view: LayoutView,
    start: tuple[float, float],
    end: tuple[float, float],
    steps: int = 8,
    mods=NO_MODS,
    before_release: Sequence[object] = (),
) -> None:
    """Press at ``start`` (scene pixels), move in ``steps`` to ``end``, release there."""
    press(view, start, mods)
    for point in path(start, end, steps):
        move(view, point, mods)
    release(view, end, mods)


def drop_uid(view: LayoutView, uid: str, scene_pos: tuple[float, float]) -> None:
    """A uid dragged from the user list, entering, moving and dropping at ``scene_pos``."""
    mime = uid_mime(uid)
    local = viewport_point(view, scene_pos)
    action = Qt.DropAction.CopyAction
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    target = view.viewport()
    point = local.toPoint()  # QDragEnterEvent/QDragMoveEvent take a QPoint
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, NO_MODS)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    moving = QDragMoveEvent(point, actions, mime, Qt.MouseButton.LeftButton, NO_MODS)
    QApplication.sendEvent(target, moving)
    drop = QDropEvent(local, actions, mime, Qt.MouseButton.LeftButton, NO_MODS)
    drop.setDropAction(action)
    QApplication.sendEvent(target, drop)


def center_of(rect: tuple[float, float, float, float], cw: int, ch: int) -> tuple[float, float]:
    x, y, w, h = rect
    return ((x + w / 2) * cw, (y + h / 2) * ch)


class FakeSink(QObject):
    """Records what the canvas publishes; applies it at once unless told to fail."""

    status_changed = Signal(str, str)
    applied = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Any] = []
        self.times: list[float] = []
        self.fail = False
        self._applied: Any | None = None

    def publish(self, layout: Any) -> None:
        self.sent.append(layout)
        self.times.append(time.monotonic())
        self.status_changed.emit("pending", "")
        if self.fail:
            self.status_changed.emit("failed", "Changing the layout failed: code 1028.")
            return
        self._applied = layout
        self.applied.emit(layout)
        self.status_changed.emit("applied", "")

    def applied_layout(self) -> Any | None:
        return self._applied

    def status(self) -> tuple[str, str]:
        return ("idle", "")


__all__ = ["FakeSink", "QPoint", "center_of", "drag", "drop_uid", "move", "press", "release"]
