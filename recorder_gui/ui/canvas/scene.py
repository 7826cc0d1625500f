"""The canvas scene: mirrors a ``LayoutDocument`` item by item and routes input to the tools.

Items only draw. Pointer input comes to the scene, which picks the tool from what is under the
pointer (a resize handle, else a region: move) and drives it for the whole gesture; the tools
see the scene as a :class:`~.tools.ToolHost`.

On every model change only the items whose region changed are touched (a drag frame moves one
item and the handles); nothing is rebuilt. In a preset mode the scene previews the regions the
service will render for the current users (join order) instead of editable regions.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent, QGraphicsView

from recorder_gui.layout import ChangeKind, Layout, LayoutChange, LayoutMode, preset_regions
from recorder_gui.layout.geometry import DEFAULT_SNAP_TOLERANCE, Rect

from .commands import LayoutEditor
from .handles import HandleItem, HandlesItem
from .items import BackgroundItem, GhostItem, RegionItem, SnapLinesItem
from .tools import MoveTool, ResizeTool

MARGIN = 0.04  # of the canvas' larger side, around the canvas


def map_selection(change: LayoutChange, selected: Sequence[int]) -> list[int]:
    """Where the selected regions are after ``change`` (indices follow adds, removes, restacks)."""
    count = len(change.after.regions)
    kind = change.kind
    if kind is ChangeKind.REGION_ADDED and change.indices:
        return [change.indices[0]]
    if kind is ChangeKind.REGION_REMOVED and change.indices:
        gone = change.indices[0]
        return [i - (i > gone) for i in selected if i != gone]
    if kind is ChangeKind.REGIONS_REORDERED and len(change.indices) == 2:
        old, new = change.indices
        order = list(range(len(change.before.regions)))
        order.insert(new, order.pop(old))
        where = {value: position for position, value in enumerate(order)}
        return [where[i] for i in selected if i in where]
    if kind is ChangeKind.MODE:
        return []
    return [i for i in selected if i < count]


class LayoutScene(QGraphicsScene):
    """Scene coordinates are canvas pixels; the canvas spans (0, 0, width, height).

    Panels listen to ``regions_selected`` (not ``selectionChanged``, which Qt also emits while
    the scene is being destroyed, after its items are gone).
    """

    regions_selected = Signal()

    def __init__(self, editor: LayoutEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.document = editor.document
        self.snap_enabled = True
        self.snap_tolerance = DEFAULT_SNAP_TOLERANCE
        self.background = BackgroundItem()
        self.snap_lines = SnapLinesItem()
        self.handles = HandlesItem()
        self.ghosts = GhostItem()
        for item in (self.background, self.snap_lines, self.handles, self.ghosts):
            self.addItem(item)
        self.move_tool = MoveTool(self, editor)
        self.resize_tool = ResizeTool(self, editor)
        self._gesture: MoveTool | ResizeTool | None = None
        self.region_items: list[RegionItem] = []
        self.preview_items: list[RegionItem] = []
        self._present: set[str] = set()
        self._users: list[str] = []
        self._canvas: tuple[int, int] = (0, 0)
        self._drop_target: RegionItem | None = None
        self.selectionChanged.connect(self._on_scene_selection_changed)
        unsubscribe = self.document.subscribe(self._on_document_changed)
        self.destroyed.connect(lambda *_: unsubscribe())
        self._sync(self.document.layout)

    # -- users ------------------------------------------------------------------------------
    @property
    def preview_uids(self) -> list[str]:
        """The users a preset shows, in join order (channel users, then manual entries)."""
        return list(self._users)

    def set_users(self, channel: Sequence[str], manual: Sequence[str] = ()) -> None:
        self._present = set(channel)
        self._users = list(dict.fromkeys([*channel, *manual]))
        for item in self.region_items:
            item.set_present(item.region is not None and item.region.uid in self._present)
        self._sync_previews(self.document.layout)

    # -- selection --------------------------------------------------------------------------
    def selected_indices(self) -> list[int]:
        return [item.index for item in self.region_items if item.isSelected()]

    def select(self, indices: Sequence[int]) -> None:
        wanted = set(indices)
        self.blockSignals(True)
        try:
            for item in self.region_items:
                item.setSelected(item.index in wanted)
        finally:
            self.blockSignals(False)
        self._on_scene_selection_changed()

    def _on_scene_selection_changed(self) -> None:
        if not shiboken6.isValid(self.handles):
            return  # the scene is being destroyed
        self._place_handles()
        self.regions_selected.emit()

    def _place_handles(self) -> None:
        selected = [item for item in self.region_items if item.isSelected()]
        if len(selected) == 1:
            item = selected[0]
            self.handles.place(item.boundingRect().adjusted(1, 1, -1, -1).translated(item.pos()))
        else:
            self.handles.place(None)

    # -- the tool host ---------------------------------------------------------------------------
    def show_snap_lines(self, x: float | None, y: float | None) -> None:
        self.snap_lines.show_lines(x, y)

    # -- input: the tool under the pointer drives the gesture -----------------------------------
    def _under(self, event: QGraphicsSceneMouseEvent) -> HandleItem | RegionItem | None:
        """The handle, else the editable region, under the pointer (handles ignore zoom, so
        the view's transform decides what they cover)."""
        widget = event.widget()
        view = widget.parent() if widget is not None else None
        transform = view.transform() if isinstance(view, QGraphicsView) else QTransform()
        for item in self.items(event.scenePos(), deviceTransform=transform):
            if isinstance(item, HandleItem) and item.isVisible():
                return item
            if isinstance(item, RegionItem) and not item.preview:
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        under = self._under(event) if event.button() == Qt.MouseButton.LeftButton else None
        if isinstance(under, HandleItem):
            event.accept()  # a handle press is a resize, not a selection change
            self.resize_tool.press(under.handle)
            self._gesture = self.resize_tool
            return
        super().mousePressEvent(event)  # selection (click, Ctrl+click) is Qt's
        if isinstance(under, RegionItem) and under.isSelected():
            self.move_tool.press(event.scenePos())
            self._gesture = self.move_tool

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._gesture is not None:
            event.accept()
            self._gesture.drag(event.scenePos(), event.modifiers())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            gesture.release()
        if gesture is not self.resize_tool:
            super().mouseReleaseEvent(event)

    # -- drop targets -------------------------------------------------------------------------
    def region_at(self, pos: QPointF) -> int | None:
        """The topmost region under ``pos`` (canvas pixels), or None."""
        for item in reversed(self.region_items):
            if item.isVisible() and item.mapRectToScene(item.boundingRect()).contains(pos):
                return item.index
        return None

    def set_drop_target(self, index: int | None) -> None:
        target = self.region_items[index] if index is not None else None
        if target is not self._drop_target:
            if self._drop_target is not None:
                self._drop_target.set_drop_target(False)
            if target is not None:
                target.set_drop_target(True)
            self._drop_target = target

    # -- applied-layout ghosts ------------------------------------------------------------------
    def show_ghosts(self, rects: Sequence[Rect]) -> None:
        """Outline where changed regions sit in the applied layout (fractions)."""
        cw, ch = self._canvas
        self.ghosts.set_rects([QRectF(x * cw, y * ch, w * cw, h * ch) for x, y, w, h in rects])

    # -- mirroring the model --------------------------------------------------------------------
    def _on_document_changed(self, change: LayoutChange) -> None:
        after = change.after
        same_count = len(change.before.regions) == len(after.regions)
        if change.kind is ChangeKind.REGION_CHANGED and same_count and change.indices:
            for index in change.indices:  # the fast path of a drag frame
                self._update_item(self.region_items[index], after, index)
            self._place_handles()
            return
        selected = map_selection(change, self.selected_indices())
        self._sync(after)
        self.select(selected)

    def _update_item(self, item: RegionItem, layout: Layout, index: int) -> None:
        region = layout.regions[index]
        if item.region != region:
            item.set_region(region, layout.canvas_width, layout.canvas_height, index)
            item.set_present(region.uid in self._present)

    def _sync(self, layout: Layout) -> None:
        canvas = (layout.canvas_width, layout.canvas_height)
        self.background.set_layout(layout)
        if canvas != self._canvas:
            self._canvas = canvas
            self.snap_lines.set_canvas(*canvas)
            margin = MARGIN * max(canvas)
            self.setSceneRect(
                QRectF(-margin, -margin, canvas[0] + 2 * margin, canvas[1] + 2 * margin)
            )
            for item in self.region_items:
                item.region = None  # force a redraw at the new size
        regions = layout.regions
        while len(self.region_items) > len(regions):
            item = self.region_items.pop()
            if item is self._drop_target:
                self._drop_target = None
            self.removeItem(item)
        while len(self.region_items) < len(regions):
            item = RegionItem(len(self.region_items))
            self.region_items.append(item)
            self.addItem(item)
        for index, item in enumerate(self.region_items):
            self._update_item(item, layout, index)
        self._sync_previews(layout)

    def _sync_previews(self, layout: Layout) -> None:
        if layout.mode is LayoutMode.CUSTOM:
            preview = []
        else:
            preview = preset_regions(layout.mode, self._users, layout.max_resolution_uid)
        while len(self.preview_items) > len(preview):
            self.removeItem(self.preview_items.pop())
        while len(self.preview_items) < len(preview):
            item = RegionItem(len(self.preview_items), preview=True)
            self.preview_items.append(item)
            self.addItem(item)
        cw, ch = layout.canvas_width, layout.canvas_height
        for index, (item, region) in enumerate(zip(self.preview_items, preview, strict=True)):
            item.set_region(region, cw, ch, index)
            item.set_present(region.uid in self._present)
