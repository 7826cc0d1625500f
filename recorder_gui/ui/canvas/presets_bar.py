"""Layout mode picker: floating / best fit / vertical preview what the service renders for the
current users; "Edit as custom" turns that preview into custom regions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.layout import LayoutChange, LayoutMode, preset_hint

from .commands import LayoutEditor
from .scene import LayoutScene

_LABELS = {
    LayoutMode.FLOATING: "Floating",
    LayoutMode.BEST_FIT: "Best fit",
    LayoutMode.VERTICAL: "Vertical",
    LayoutMode.CUSTOM: "Custom",
}


class PresetsBarWidget(QWidget):
    """Mode buttons, the large-window user (vertical), the hint and "Edit as custom"."""

    def __init__(self, editor: LayoutEditor, scene: LayoutScene, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.scene = scene
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[LayoutMode, QToolButton] = {}
        row = QHBoxLayout()
        row.setSpacing(2)
        for mode, label in _LABELS.items():
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(preset_hint(mode))
            self.group.addButton(button, int(mode))
            self.buttons[mode] = button
            row.addWidget(button)
        self.group.idClicked.connect(self._on_group_id_clicked)
        row.addSpacing(12)
        self.large_label = QLabel("Large window:")
        self.large = QComboBox(self)
        self.large.setMinimumContentsLength(8)
        self.large.activated.connect(self._on_large_activated)
        row.addWidget(self.large_label)
        row.addWidget(self.large)
        row.addStretch(1)
        self.edit_custom = QPushButton("Edit as custom", self)
        self.edit_custom.setToolTip("Turn this preview into custom regions you can move")
        self.edit_custom.clicked.connect(self._on_edit_custom_clicked)
        row.addWidget(self.edit_custom)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #9aa3ad; font-size: 11px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self._mode: LayoutMode | None = None
        self._users: list[str] = []
        unsubscribe = editor.document.subscribe(self._on_document_changed)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

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
        self.large.addItem("(none: background)", None)
        for uid in self._users:
            self.large.addItem(uid, uid)
        if layout.max_resolution_uid and layout.max_resolution_uid not in self._users:
            self.large.addItem(layout.max_resolution_uid, layout.max_resolution_uid)
        self.large.setCurrentIndex(max(0, self.large.findData(layout.max_resolution_uid)))
        self.edit_custom.setEnabled(layout.mode.is_preset)
        shown = len(self.scene.preview_items)
        extra = f" Previewing {shown} users." if layout.mode.is_preset else ""
        self.hint.setText(preset_hint(layout.mode) + extra)

    def _on_group_id_clicked(self, mode_id: int) -> None:
        self.editor.set_mode(LayoutMode(mode_id))
        self.refresh(force=True)

    def _on_large_activated(self, row: int) -> None:
        uid = self.large.itemData(row)
        self.editor.set_max_resolution_uid(uid if isinstance(uid, str) else None)

    def _on_edit_custom_clicked(self) -> None:
        self.editor.edit_as_custom(self.scene.preview_uids)
