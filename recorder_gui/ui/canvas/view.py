"""The canvas view: fits the canvas at its real aspect ratio, rubber-band selection, arrow-key
nudges and the drop target for uids dragged from the user list."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from recorder_gui.ui.theme import Theme, current_theme

from .scene import LayoutScene

UID_MIME = "application/x-recorder-gui-uid"
SNAP_SCREEN_PIXELS = 8.0
NUDGE_PIXELS = 1.0
NUDGE_LARGE_PIXELS = 10.0

_ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


def uid_from_mime(mime: QMimeData) -> str | None:
    if not mime.hasFormat(UID_MIME):
        return None
    uid = bytes(mime.data(UID_MIME).data()).decode("utf-8", "replace").strip()
    return uid or None


def uid_mime(uid: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(UID_MIME, uid.encode())
    mime.setText(uid)
    return mime


class LayoutView(QGraphicsView):
    """Shows a ``LayoutScene`` scaled to fit; the canvas keeps the recording's aspect ratio."""

    def __init__(self, scene: LayoutScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.layout_scene = scene
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.set_theme(current_theme())
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(240, 160)
        scene.sceneRectChanged.connect(self._on_scene_scene_rect_changed)

    def set_theme(self, theme: Theme) -> None:
        """The surround of the canvas: darker than the panels in both schemes, like a monitor's."""
        self.setBackgroundBrush(QColor(theme.backdrop))

    # -- fitting --------------------------------------------------------------------------------
    def fit(self) -> None:
        rect = self.layout_scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        scale = self.transform().m11() or 1.0
        self.layout_scene.snap_tolerance = SNAP_SCREEN_PIXELS / scale

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def _on_scene_scene_rect_changed(self, rect: QRectF) -> None:
        self.fit()

    # -- keys -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = _ARROWS.get(Qt.Key(event.key()))
        indices = self.layout_scene.selected_indices()
        if step is None or not indices:
            super().keyPressEvent(event)
            return
        large = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        pixels = NUDGE_LARGE_PIXELS if large else NUDGE_PIXELS
        layout = self.layout_scene.document.layout
        dx = step[0] * pixels / layout.canvas_width
        dy = step[1] * pixels / layout.canvas_height
        self.layout_scene.editor.nudge(indices, dx, dy)
        event.accept()

    # -- dropping uids ----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if uid_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if uid_from_mime(event.mimeData()) is None:
            event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        self.layout_scene.set_drop_target(self.layout_scene.region_at(pos))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.layout_scene.set_drop_target(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        uid = uid_from_mime(event.mimeData())
        scene = self.layout_scene
        scene.set_drop_target(None)
        if uid is None:
            event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        index = scene.region_at(pos)
        if index is not None:
            scene.editor.assign_uid(index, uid)
        else:
            layout = scene.document.layout
            fx = min(max(pos.x() / layout.canvas_width, 0.0), 1.0)
            fy = min(max(pos.y() / layout.canvas_height, 0.0), 1.0)
            scene.editor.add_region_for(uid, fx, fy)
        event.acceptProposedAction()
