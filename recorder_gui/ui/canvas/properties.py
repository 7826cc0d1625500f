"""The property panel: the selected region's user, position and size (canvas pixels), opacity,
crop or fit and the image shown while the user has no video, plus the canvas colour. Every
edit is undoable. With nothing selected the fields give way to "Select a region"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.layout import Layout, LayoutChange, RenderMode

from .commands import LayoutEditor
from .labels import LinesLabel
from .scene import LayoutScene
from .words import MODE_LABELS

_FIELDS = ("x", "y", "width", "height")
_FIELD_NAMES = {"x": "Left edge", "y": "Top edge", "width": "Width", "height": "Height"}
SELECT_A_REGION = "Select a region on the canvas to edit it."


def _spin(name: str, maximum: float, decimals: int, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    # Typed, or stepped with the arrow keys and the wheel: no arrow buttons (they would need
    # a third of the narrow panel; the editor's style sheet gives them no width).
    spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    spin.setAccessibleName(name)
    return spin


def _pair(left: QWidget, right: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(4)
    row.addWidget(left, 1)
    row.addWidget(right, 1)
    return row


class PropertyPanelWidget(QWidget):
    """Edits the same model as the canvas (through the editor); keeps no copy of it."""

    def __init__(self, editor: LayoutEditor, scene: LayoutScene, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.scene = scene
        self._index: int | None = None
        self._updating = False
        self.region_box = QGroupBox("Region", self)
        self.pages = QStackedWidget(self.region_box)
        self.placeholder = LinesLabel(SELECT_A_REGION, 4)
        self.placeholder.setObjectName("regionPlaceholder")
        self.form_page = QWidget()
        form = QFormLayout(self.form_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(6)
        form.setVerticalSpacing(4)
        self.uid = QLineEdit()
        self.uid.setAccessibleName("User shown in the region")
        self.uid.setPlaceholderText("next to join")
        self.uid.setToolTip("The uid shown here; empty: the next user to join")
        self.uid.editingFinished.connect(self._on_uid_editing_finished)
        form.addRow("User", self.uid)
        self.pixels: dict[str, QDoubleSpinBox] = {}
        for field in _FIELDS:
            spin = _spin(f"{_FIELD_NAMES[field]} (pixels)", 7680.0, 0, 1.0)
            spin.setToolTip(f"{_FIELD_NAMES[field]}, in canvas pixels")
            spin.valueChanged.connect(self._geometry_slot(field))
            self.pixels[field] = spin
        form.addRow("Position", _pair(self.pixels["x"], self.pixels["y"]))
        form.addRow("Size", _pair(self.pixels["width"], self.pixels["height"]))
        self.opacity = _spin("Opacity (percent)", 100.0, 0, 5.0)
        self.opacity.setSuffix(" %")
        self.opacity.valueChanged.connect(self._on_opacity_value_changed)
        form.addRow("Opacity", self.opacity)
        self.render_mode = QComboBox()
        self.render_mode.setAccessibleName("Crop or fit the video")
        self.render_mode.addItem("Crop to fill", RenderMode.CROP)
        self.render_mode.addItem("Fit with bars", RenderMode.FIT)
        self.render_mode.currentIndexChanged.connect(self._on_render_mode_current_index_changed)
        form.addRow("Video", self.render_mode)
        self.user_background = QLineEdit()
        self.user_background.setAccessibleName("Image while the user has no video")
        self.user_background.setPlaceholderText("https://… image")
        self.user_background.setToolTip("Image shown while this user has no video (https URL)")
        self.user_background.editingFinished.connect(self._on_user_background_editing_finished)
        form.addRow("No video", self.user_background)
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.form_page)
        box = QVBoxLayout(self.region_box)
        box.setContentsMargins(6, 4, 6, 6)
        box.addWidget(self.pages)
        self.canvas_box = QGroupBox("Canvas", self)
        canvas_form = QFormLayout(self.canvas_box)
        canvas_form.setContentsMargins(6, 4, 6, 6)
        self.background_color = QLineEdit()
        self.background_color.setAccessibleName("Canvas colour")
        self.background_color.setPlaceholderText("#RRGGBB")
        self.background_color.setToolTip("Colour behind the regions, as #RRGGBB")
        self.background_color.editingFinished.connect(self._on_background_color_editing_finished)
        canvas_form.addRow("Colour", self.background_color)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.region_box)
        layout.addWidget(self.canvas_box)
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
            self.canvas_box.setTitle(f"Canvas {layout.canvas_width} × {layout.canvas_height}")
            if not self.background_color.hasFocus():
                self.background_color.setText(layout.background_color)
            self._show_region(layout)
        finally:
            self._updating = False

    @property
    def showing_region(self) -> bool:
        """The fields are shown (one region is selected)."""
        return self.pages.currentWidget() is self.form_page

    def _show_region(self, layout: Layout) -> None:
        index = self._index
        if index is None or index >= len(layout.regions):
            self._clear(layout)
            return
        region = layout.regions[index]
        self.region_box.setTitle(f"Region {index + 1} of {len(layout.regions)}")
        self.pages.setCurrentWidget(self.form_page)
        if not self.uid.hasFocus():
            self.uid.setText(region.uid or "")
        sizes = (layout.canvas_width, layout.canvas_height) * 2
        for field, size in zip(_FIELDS, sizes, strict=True):
            spin = self.pixels[field]
            spin.setMaximum(float(size))
            spin.setValue(getattr(region, field) * size)
        self.opacity.setValue(region.alpha * 100)
        self.render_mode.setCurrentIndex(int(region.render_mode))
        background = layout.user_background(region.uid) if region.uid else None
        self.user_background.setEnabled(region.uid is not None)
        if not self.user_background.hasFocus():
            self.user_background.setText(background.image_url if background else "")

    def _clear(self, layout: Layout) -> None:
        """Nothing (or several) selected: no stale values, a sentence instead."""
        many = len(self.scene.selected_indices())
        if layout.mode.is_preset:
            label = MODE_LABELS[layout.mode]
            text = f"{label} is arranged by the service; choose Edit as custom to move regions."
        elif many:
            text = f"{many} regions selected: drag them together, or select one to edit it."
        else:
            text = SELECT_A_REGION
        self.region_box.setTitle("Region")
        self.placeholder.setText(text)
        self.pages.setCurrentWidget(self.placeholder)
        for edit in (self.uid, self.user_background):
            if not edit.hasFocus():
                edit.clear()

    # -- panel -> editor ----------------------------------------------------------------------
    def _geometry_slot(self, field: str) -> Callable[[float], None]:
        def slot(value: float) -> None:
            if self._updating or self._index is None:
                return
            layout = self.editor.layout
            region = layout.regions[self._index]
            size = layout.canvas_width if field in ("x", "width") else layout.canvas_height
            rect = dict(zip(_FIELDS, region.rect, strict=True))
            rect[field] = value / size
            resize = field in ("width", "height")
            text = "Resize region" if resize else "Move region"
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

    def _on_opacity_value_changed(self, value: float) -> None:
        if not self._updating and self._index is not None:
            self.editor.set_alpha(self._index, round(value / 100, 4))

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
