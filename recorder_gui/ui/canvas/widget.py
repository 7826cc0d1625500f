"""``LayoutEditorWidget``: the layout canvas with its user list, presets, property panel, undo
history and live-apply controls, all over one ``LayoutDocument``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.layout import LayoutDiff, LayoutDocument

from .commands import LayoutEditor
from .live import LayoutSink, LiveController, LiveControlsWidget
from .presets_bar import PresetsBarWidget
from .properties import PropertyPanelWidget
from .scene import LayoutScene
from .user_list import UserListWidget
from .view import LayoutView

_STYLE = """
LayoutEditorWidget, LayoutEditorWidget QWidget { background: #22262c; color: #e6e9ed; }
QGroupBox { border: 1px solid #343a42; border-radius: 6px; margin-top: 14px; padding: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; color: #9aa3ad; }
QLineEdit, QDoubleSpinBox, QComboBox, QListWidget, QUndoView {
    background: #1b1e23; border: 1px solid #343a42; border-radius: 4px; padding: 2px 4px; }
QToolButton, QPushButton { background: #2d333b; border: 1px solid #3b434d; border-radius: 5px;
    padding: 4px 10px; }
QToolButton:checked { background: #2f6fb3; border-color: #4da3ff; }
QToolButton:hover, QPushButton:hover { border-color: #4da3ff; }
QPushButton:disabled, QToolButton:disabled { color: #6b737d; }
QCheckBox::indicator { width: 30px; height: 16px; border-radius: 8px; background: #3b434d; }
QCheckBox::indicator:checked { background: #3ddc84; }
QCheckBox::indicator:disabled { background: #2d333b; }
QListWidget::item { padding: 3px 2px; }
QListWidget::item:selected { background: #2f6fb3; }
"""


class LayoutEditorWidget(QWidget):
    """Edits ``document`` visually; with a ``sink`` it can publish live or on "Apply"."""

    def __init__(
        self,
        document: LayoutDocument,
        sink: LayoutSink | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("layoutEditor")
        self.setStyleSheet(_STYLE)
        self.document = document
        self.editor = LayoutEditor(document, self)
        self.scene = LayoutScene(self.editor, self)
        self.view = LayoutView(self.scene, self)
        self.user_list = UserListWidget(self)
        self.presets = PresetsBarWidget(self.editor, self.scene, self)
        self.properties = PropertyPanelWidget(self.editor, self.scene, self)
        self.history = QUndoView(self.editor.stack, self)
        self.history.setEmptyLabel("Opened layout")
        self.live_controller = LiveController(self.editor, self)
        self.live = LiveControlsWidget(self.live_controller, self)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #ff8a80; font-size: 11px;")
        self._build()
        self.user_list.users_changed.connect(self._on_user_list_users_changed)
        self.user_list.assign_requested.connect(self._on_user_list_assign_requested)
        self.editor.edit_refused.connect(self.message.setText)
        self.editor.stack.indexChanged.connect(self._on_stack_index_changed)
        self.live_controller.diff_changed.connect(self._on_live_diff_changed)
        unsubscribe = document.subscribe(lambda change: self._on_layout_uids())
        self.destroyed.connect(lambda *_: unsubscribe())
        self._on_layout_uids()
        self.set_sink(sink)

    # -- public API -------------------------------------------------------------------------------
    def set_channel_users(self, uids: Sequence[int | str]) -> None:
        """The channel user list (join order), e.g. from the session's USERS events."""
        self.user_list.set_channel_users(uids)

    def set_sink(self, sink: LayoutSink | None) -> None:
        """Where layouts go (a ``LayoutBridge`` over the session); None: nowhere yet."""
        self.live_controller.set_sink(sink)

    # -- building ---------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        keys: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build(self) -> None:
        stack = self.editor.stack
        self.undo_action = stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.duplicate_action = self._action("Duplicate", "Ctrl+D", self._on_duplicate)
        self.delete_action = self._action(
            "Delete", QKeySequence.StandardKey.Delete, self._on_delete
        )
        self.forward_action = self._action("Forward", "Ctrl+]", lambda: self._on_restack(1))
        self.backward_action = self._action("Backward", "Ctrl+[", lambda: self._on_restack(-1))
        self.snap_action = self._action("Snap", "S", self._on_snap_toggled)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        self.snap_action.setToolTip("Snap to edges, thirds, centre and other regions (Alt: off)")
        tools = QHBoxLayout()
        tools.setSpacing(4)
        for action in (
            self.undo_action,
            self.redo_action,
            self.duplicate_action,
            self.delete_action,
            self.forward_action,
            self.backward_action,
            self.snap_action,
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            tools.addWidget(button)
        tools.addStretch(1)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.presets)
        centre_layout.addLayout(tools)
        centre_layout.addWidget(self.view, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.properties)
        right_layout.addWidget(QLabel("<b>History</b>"))
        right_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.user_list)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 640, 270])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.live)
        layout.addWidget(self.message)

    # -- slots ------------------------------------------------------------------------------------
    def _on_user_list_users_changed(self, channel: list[str], manual: list[str]) -> None:
        self.scene.set_users(channel, manual)
        self.presets.set_users(self.scene.preview_uids)

    def _on_user_list_assign_requested(self, uid: str) -> None:
        selected = self.scene.selected_indices()
        if len(selected) == 1:
            self.editor.assign_uid(selected[0], uid)

    def _on_layout_uids(self) -> None:
        self.user_list.set_shown_uids(self.document.layout.uids)

    def _on_stack_index_changed(self, index: int) -> None:
        self.message.clear()

    def _on_duplicate(self) -> None:
        self.editor.duplicate(self.scene.selected_indices())

    def _on_delete(self) -> None:
        self.editor.delete(self.scene.selected_indices())

    def _on_restack(self, step: int) -> None:
        selected = self.scene.selected_indices()
        if len(selected) == 1:
            self.editor.restack(selected[0], selected[0] + step)

    def _on_snap_toggled(self) -> None:
        self.scene.snap_enabled = self.snap_action.isChecked()

    def _on_live_diff_changed(self, diff: LayoutDiff | None) -> None:
        ghosts: list[tuple[float, float, float, float]] = []
        if diff is not None and not self.live_controller.live:
            for region in diff.changed_regions:
                moved = region.status == "removed" or region.moved or region.resized
                if moved and region.before is not None:
                    ghosts.append(region.before.rect)
        self.scene.show_ghosts(ghosts)
