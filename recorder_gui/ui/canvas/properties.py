"""The property panel: the selected region's uid, geometry (pixels and fractions), alpha, render
mode and per-user background image, plus the canvas background; every edit is undoable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.layout import Layout, LayoutChange, RenderMode

from .commands import LayoutEditor
from .scene import LayoutScene

_FIELDS = ("x", "y", "width", "height")


def _spin(maximum: float, decimals: int, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    return spin


class PropertyPanelWidget(QWidget):
    """Edits the same model as the canvas (through the editor); keeps no copy of it."""

    def __init__(self, editor: LayoutEditor, scene: LayoutScene, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.scene = scene
        self._index: int | None = None
        self._updating = False
        self._enabled: bool | None = None
        self.region_box = QGroupBox("Region", self)
        form = QFormLayout(self.region_box)
        self.title = QLabel("Select a region on the canvas.")
        form.addRow(self.title)
        self.uid = QLineEdit()
        self.uid.setPlaceholderText("next user in join order")
        self.uid.editingFinished.connect(self._on_uid_editing_finished)
        form.addRow("uid", self.uid)
        self.pixels: dict[str, QDoubleSpinBox] = {}
        self.fractions: dict[str, QDoubleSpinBox] = {}
        for field in _FIELDS:
            px, fr = _spin(1920.0, 1, 1.0), _spin(1.0, 6, 0.01)
            px.setSuffix(" px")
            px.valueChanged.connect(self._geometry_slot(field, pixels=True))
            fr.valueChanged.connect(self._geometry_slot(field, pixels=False))
            self.pixels[field], self.fractions[field] = px, fr
            row = QHBoxLayout()
            row.addWidget(px, 1)
            row.addWidget(fr, 1)
            form.addRow({"width": "w", "height": "h"}.get(field, field), row)
        self.alpha = _spin(1.0, 2, 0.05)
        self.alpha.valueChanged.connect(self._on_alpha_value_changed)
        form.addRow("alpha", self.alpha)
        self.render_mode = QComboBox()
        self.render_mode.addItem("crop to fill", RenderMode.CROP)
        self.render_mode.addItem("fit with bars", RenderMode.FIT)
        self.render_mode.currentIndexChanged.connect(self._on_render_mode_current_index_changed)
        form.addRow("render", self.render_mode)
        self.user_background = QLineEdit()
        self.user_background.setPlaceholderText("https://… image shown while the user has no video")
        self.user_background.editingFinished.connect(self._on_user_background_editing_finished)
        form.addRow("background", self.user_background)
        self.canvas_box = QGroupBox("Canvas", self)
        canvas_form = QFormLayout(self.canvas_box)
        self.canvas_size = QLabel()
        canvas_form.addRow("size", self.canvas_size)
        self.background_color = QLineEdit()
        self.background_color.setPlaceholderText("#RRGGBB")
        self.background_color.editingFinished.connect(self._on_background_color_editing_finished)
        canvas_form.addRow("colour", self.background_color)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.region_box)
        layout.addWidget(self.canvas_box)
        layout.addStretch(1)
        scene.regions_selected.connect(self.refresh)
        unsubscribe = editor.document.subscribe(self._on_document_changed)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

    # -- model -> panel -----------------------------------------------------------------------
    def _on_document_changed(self, change: LayoutChange) -> None:
        self.refresh()

    def refresh(self) -> None:
        layout = self.editor.layout
        selected = self.scene.selected_indices()
        self._index = selected[0] if len(selected) == 1 else None
        self._updating = True
        try:
            self.canvas_size.setText(f"{layout.canvas_width} × {layout.canvas_height} px")
            if not self.background_color.hasFocus():
                self.background_color.setText(layout.background_color)
            self._show_region(layout)
        finally:
            self._updating = False

    def _show_region(self, layout: Layout) -> None:
        index = self._index
        enabled = index is not None and index < len(layout.regions)
        if enabled != self._enabled:
            self._enabled = enabled
            for child in self.region_box.findChildren(QWidget):
                if child is not self.title:
                    child.setEnabled(enabled)
        if index is None or not enabled:
            many = len(self.scene.selected_indices())
            self.title.setText(f"{many} regions selected." if many else "Select a region.")
            return
        region = layout.regions[index]
        self.title.setText(f"Region #{index + 1} of {len(layout.regions)}")
        if not self.uid.hasFocus():
            self.uid.setText(region.uid or "")
        sizes = (layout.canvas_width, layout.canvas_height) * 2
        for field, size in zip(_FIELDS, sizes, strict=True):
            value = getattr(region, field)
            self.pixels[field].setValue(value * size)
            self.fractions[field].setValue(value)
        self.alpha.setValue(region.alpha)
        self.render_mode.setCurrentIndex(int(region.render_mode))
        background = layout.user_background(region.uid) if region.uid else None
        self.user_background.setEnabled(region.uid is not None)
        if not self.user_background.hasFocus():
            self.user_background.setText(background.image_url if background else "")

    # -- panel -> editor ----------------------------------------------------------------------
    def _geometry_slot(self, field: str, *, pixels: bool) -> Callable[[float], None]:
        def slot(value: float) -> None:
            if self._updating or self._index is None:
                return
            layout = self.editor.layout
            region = layout.regions[self._index]
            size = layout.canvas_width if field in ("x", "width") else layout.canvas_height
            rect = dict(zip(_FIELDS, region.rect, strict=True))
            rect[field] = value / size if pixels else value
            resize = field in ("width", "height")
            text = f"Set {field}"
            new = (rect["x"], rect["y"], rect["width"], rect["height"])
            self.editor.set_rects({self._index: new}, text, resize=resize)
            self.refresh()  # show the clamped value if the model refused part of it

        return slot

    def _on_uid_editing_finished(self) -> None:
        if self._updating or self._index is None:
            return
        text = self.uid.text().strip() or None
        region = self.editor.layout.regions[self._index]
        if text != region.uid:
            self.editor.set_uid(self._index, text)
            self.refresh()

    def _on_alpha_value_changed(self, value: float) -> None:
        if not self._updating and self._index is not None:
            self.editor.set_alpha(self._index, value)

    def _on_render_mode_current_index_changed(self, row: int) -> None:
        if not self._updating and self._index is not None and row >= 0:
            self.editor.set_render_mode(self._index, RenderMode(row))

    def _on_user_background_editing_finished(self) -> None:
        if self._updating or self._index is None:
            return
        region = self.editor.layout.regions[self._index]
        if region.uid is None:
            return
        url = self.user_background.text().strip() or None
        current = self.editor.layout.user_background(region.uid)
        if url != (current.image_url if current else None):
            self.editor.set_user_background(region.uid, url)

    def _on_background_color_editing_finished(self) -> None:
        if self._updating:
            return
        color = self.background_color.text().strip()
        if color and color != self.editor.layout.background_color:
            self.editor.set_background_color(color)
