"""The mode bar: Floating / Best fit / Vertical / Custom tiles, a two-line hint, and one row of
actions that fits the mode: in a preset "Edit as custom" and the large-window user, in Custom
the region tools. Presets preview what the service renders for the current users; "Edit as
custom" turns that preview into custom regions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.layout import LayoutChange, LayoutMode

from .commands import LayoutEditor
from .labels import LinesLabel
from .scene import LayoutScene
from .words import MODE_LABELS, mode_hint, mode_tip

NOBODY = "Nobody"


class PresetsBarWidget(QWidget):
    """Mode tiles, the hint, and the mode's action row."""

    #: "Edit as custom" made the preview editable (the editor then focuses the canvas).
    edited_as_custom = Signal()

    def __init__(self, editor: LayoutEditor, scene: LayoutScene, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.scene = scene
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[LayoutMode, QToolButton] = {}
        self.tiles = QHBoxLayout()
        self.tiles.setSpacing(2)
        for mode, label in MODE_LABELS.items():
            button = QToolButton(self)
            button.setObjectName("modeTile")
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(mode_tip(mode))
            button.setAccessibleName(f"{label} layout")
            button.setAccessibleDescription(mode_tip(mode))
            self.group.addButton(button, int(mode))
            self.buttons[mode] = button
            self.tiles.addWidget(button)
        self.group.idClicked.connect(self._on_group_id_clicked)
        self.tiles.addStretch(1)
        self.hint = LinesLabel("", 2, self)
        self.hint.setObjectName("canvasHint")
        self.context = QStackedWidget(self)
        self.preset_actions = QWidget(self.context)
        self.edit_custom = QToolButton(self.preset_actions)
        self.edit_custom.setText("Edit as custom")
        self.edit_custom.setAccessibleName("Edit as custom")
        self.edit_custom.setToolTip("Turn this preview into custom regions you can move")
        self.edit_custom.clicked.connect(self._on_edit_custom_clicked)
        self.large_label = QLabel("Large:", self.preset_actions)
        self.large_label.setToolTip("Who fills the large window on the left")
        self.large = QComboBox(self.preset_actions)
        self.large.setAccessibleName("Large window user")
        self.large.setToolTip("Who fills the large window on the left (Vertical layout)")
        self.large.setMinimumContentsLength(6)
        self.large.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.large.activated.connect(self._on_large_activated)
        row = QHBoxLayout(self.preset_actions)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit_custom)
        row.addStretch(1)
        row.addWidget(self.large_label)
        row.addWidget(self.large)
        self.context.addWidget(self.preset_actions)
        self._custom_tools: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.tiles)
        layout.addWidget(self.hint)
        layout.addWidget(self.context)
        self._mode: LayoutMode | None = None
        self._users: list[str] = []
        unsubscribe = editor.document.subscribe(self._on_document_changed)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

    # -- composition (the editor adds its buttons) -----------------------------------------------
    def set_custom_tools(self, tools: QWidget) -> None:
        """The action row shown in Custom mode (the region tools)."""
        self._custom_tools = tools
        self.context.addWidget(tools)
        self.refresh(force=True)

    # -- model -> bar ---------------------------------------------------------------------------
    def set_users(self, uids: list[str]) -> None:
        self._users = list(uids)
        self.refresh(force=True)

    def _on_document_changed(self, change: LayoutChange) -> None:
        before, after = change.before, change.after
        if (before.mode, before.max_resolution_uid) != (after.mode, after.max_resolution_uid):
            self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        layout = self.editor.layout
        if layout.mode is self._mode and not force:
            return
        self._mode = layout.mode
        self.buttons[layout.mode].setChecked(True)
        vertical = layout.mode is LayoutMode.VERTICAL
        self.large_label.setVisible(vertical)
        self.large.setVisible(vertical)
        self.large.clear()
        self.large.addItem(NOBODY, None)
        for uid in self._users:
            self.large.addItem(uid, uid)
        if layout.max_resolution_uid and layout.max_resolution_uid not in self._users:
            self.large.addItem(layout.max_resolution_uid, layout.max_resolution_uid)
        self.large.setCurrentIndex(max(0, self.large.findData(layout.max_resolution_uid)))
        self.edit_custom.setEnabled(layout.mode.is_preset)
        custom = self._custom_tools is not None and not layout.mode.is_preset
        if custom and self._custom_tools is not None:
            self.context.setCurrentWidget(self._custom_tools)
        else:
            self.context.setCurrentWidget(self.preset_actions)
        hint = mode_hint(layout.mode)
        if layout.mode.is_preset:
            shown = len(self.scene.preview_items)
            hint += f" Preview of {shown} user{'s' * (shown != 1)}."
        self.hint.setText(hint)

    # -- bar -> editor ----------------------------------------------------------------------------
    def _on_group_id_clicked(self, mode_id: int) -> None:
        self.editor.set_mode(LayoutMode(mode_id))
        self.refresh(force=True)

    def _on_large_activated(self, row: int) -> None:
        uid = self.large.itemData(row)
        self.editor.set_max_resolution_uid(uid if isinstance(uid, str) else None)

    def _on_edit_custom_clicked(self) -> None:
        if self.editor.edit_as_custom(self.scene.preview_uids):
            self.edited_as_custom.emit()
