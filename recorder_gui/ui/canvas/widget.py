"""``LayoutEditorWidget``: the layout canvas with its user list, mode bar, property panel,
changes and undo history, and the live-apply controls, all over one ``LayoutDocument``.

It fits a laptop's Layout tab (about 760 x 520): the users and the property panel keep fixed
widths, the canvas takes the rest, and nothing in it grows when a label or a list does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSizePolicy,
    QTabWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.layout import LayoutDiff, LayoutDocument
from recorder_gui.layout.geometry import Rect
from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.theme import Theme, render, theme_watcher

from .commands import LayoutEditor
from .edit_tools import ActionButton, EditToolsWidget
from .live import LayoutSink, LiveController, LiveControlsWidget, count_changes
from .on_air import OnAirFrame
from .presets_bar import PresetsBarWidget
from .properties import PropertyPanelWidget
from .scene import LayoutScene
from .user_list import UserListWidget
from .view import LayoutView
from .words import plain_sentence

#: The editor's look: a template over the application theme's colours (``ui/theme.py``),
#: rendered again when the palette changes. Hints, the live pill and the on-air frame are
#: styled here by object name, so one sheet follows the palette for the whole editor.
STYLE_TEMPLATE = """
LayoutEditorWidget, LayoutEditorWidget QWidget { background: ${window}; color: ${text}; }
QGroupBox { border: 1px solid ${border}; border-radius: 6px; margin-top: 14px; padding: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; color: ${muted}; }
QLineEdit, QDoubleSpinBox, QComboBox, QListWidget, QUndoView {
    background: ${base}; color: ${base_text}; border: 1px solid ${field_border};
    border-radius: 4px; padding: 2px 4px; min-height: 18px; }
QLineEdit:focus, QDoubleSpinBox:focus, QComboBox:focus { border-color: ${accent}; }
QDoubleSpinBox::up-button, QDoubleSpinBox::down-button {
    subcontrol-origin: border; width: 0px; }
QToolButton, QPushButton { background: ${tab}; color: ${text}; border: 1px solid ${field_border};
    border-radius: 5px; padding: 3px 7px; }
QToolButton#modeTile { padding: 3px 6px; }
QToolButton::menu-indicator { subcontrol-position: right center; right: 4px; }
QToolButton[popupMode="2"] { padding-right: 16px; }
QToolButton:checked { background: ${primary_fill}; color: ${primary_text};
    border-color: ${primary_border}; }
QToolButton:hover, QPushButton:hover { border-color: ${accent}; }
QToolButton:focus, QPushButton:focus { border-color: ${accent}; }
QPushButton:disabled, QToolButton:disabled { color: ${disabled}; }
QCheckBox::indicator { width: 30px; height: 16px; border-radius: 8px; background: ${muted}; }
QCheckBox::indicator:checked { background: ${pill_applied_fill}; }
QCheckBox::indicator:disabled { background: ${border}; }
QListWidget::item { padding: 3px 2px; }
QListWidget::item:selected { background: ${primary_fill}; color: ${primary_text}; }
QTabWidget::pane { border: 1px solid ${border}; border-radius: 4px; top: -1px; }
QTabBar::tab { background: ${tab}; color: ${text}; padding: 3px 10px;
    border: 1px solid ${border}; }
QTabBar::tab:selected { background: ${window}; color: ${text}; }
QLabel#canvasHint { color: ${muted}; font-size: 9pt; }
QLabel#changesText { color: ${text}; font-size: 9pt; padding: 4px; }
QLabel#editorMessage { color: ${danger}; font-size: 9pt; }
QLabel#livePill { border-radius: 9px; padding: 2px 10px; font-weight: bold;
    background: ${pill_idle_fill}; color: ${pill_idle_text}; }
QLabel#livePill[state="pending"] { background: ${pill_pending_fill}; color: ${pill_pending_text}; }
QLabel#livePill[state="applied"] { background: ${pill_applied_fill}; color: ${pill_applied_text}; }
QLabel#livePill[state="failed"], QLabel#livePill[state="invalid"] {
    background: ${pill_failed_fill}; color: ${pill_failed_text}; }
QFrame#onAirFrame { border: 3px solid ${border}; border-radius: 4px; }
QFrame#onAirFrame[live="true"] { border-color: ${on_air_border}; }
QLabel#onAirBanner { background: ${tab}; color: ${muted}; padding: 2px 8px; }
QLabel#onAirBanner[live="true"] { background: ${on_air_fill}; color: ${on_air_text};
    font-weight: bold; letter-spacing: 1px; }
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
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._theme: Theme | None = None
        self.document = document
        self.editor = LayoutEditor(document, self)
        self.scene = LayoutScene(self.editor, self)
        self.view = LayoutView(self.scene, self)
        self.view.setAccessibleName("Layout canvas")
        self.on_air = OnAirFrame(self.view, self)
        self.user_list = UserListWidget(self)
        self.presets = PresetsBarWidget(self.editor, self.scene, self)
        self.properties = PropertyPanelWidget(self.editor, self.scene, self)
        self.history = QUndoView(self.editor.stack, self)
        self.history.setEmptyLabel("Opened layout")
        self.history.setAccessibleName("Edit history")
        self.live_controller = LiveController(self.editor, self)
        self.live = LiveControlsWidget(self.live_controller, self)
        self.message = ElidedLabel("", self)
        self.message.setObjectName("editorMessage")
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._build()
        self._on_watcher_theme_changed(theme_watcher().theme)
        theme_watcher().theme_changed.connect(self._on_watcher_theme_changed)
        self.user_list.users_changed.connect(self._on_user_list_users_changed)
        self.user_list.assign_requested.connect(self._on_user_list_assign_requested)
        self.presets.edited_as_custom.connect(self._on_presets_edited_as_custom)
        self.editor.edit_refused.connect(self._on_editor_edit_refused)
        self.editor.stack.indexChanged.connect(self._on_stack_index_changed)
        self.live_controller.diff_changed.connect(self._on_live_diff_changed)
        self.live_controller.live_changed.connect(self.on_air.set_live)
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
        self.forward_action = self._action("Bring forward", "Ctrl+]", lambda: self._on_restack(1))
        self.backward_action = self._action("Send backward", "Ctrl+[", lambda: self._on_restack(-1))
        self.snap_action = self._action("Snap", "S", self._on_snap_toggled)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        self.snap_action.setToolTip("Snap to edges, thirds, centre and other regions (Alt: off)")
        self.undo_button = ActionButton(self.undo_action, "Undo", "Undo", self)
        self.redo_button = ActionButton(self.redo_action, "Redo", "Redo", self)
        self.tools = EditToolsWidget(
            self.delete_action,
            self.duplicate_action,
            self.forward_action,
            self.backward_action,
            self.snap_action,
            self,
        )
        self.presets.set_custom_tools(self.tools)
        centre = QVBoxLayout()
        centre.setSpacing(4)
        centre.addWidget(self.presets)
        centre.addWidget(self.on_air, 1)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.tabBar().setDrawBase(False)
        self.side_tabs.addTab(self.live.changes, "Changes")
        self.side_tabs.addTab(self.history, "History")
        self.side_tabs.setAccessibleName("Changes and history")
        self.right = QWidget(self)
        right_layout = QVBoxLayout(self.right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        undo_row = QHBoxLayout()
        undo_row.setSpacing(3)
        undo_row.addWidget(self.undo_button)
        undo_row.addWidget(self.redo_button)
        undo_row.addStretch(1)
        right_layout.addLayout(undo_row)
        right_layout.addWidget(self.properties)
        right_layout.addWidget(self.side_tabs, 1)
        body = QHBoxLayout()
        body.setSpacing(8)
        body.addWidget(self.user_list)
        body.addLayout(centre, 1)
        body.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(body, 1)
        layout.addWidget(self.live)
        layout.addWidget(self.message)
        self._fix_sizes()

    def _fix_sizes(self) -> None:
        """The side panels' widths (and the message's line) follow the font, not the content."""
        self.right.setFixedWidth(self.properties.minimumSizeHint().width())
        self.message.setFixedHeight(self.message.fontMetrics().lineSpacing() + 2)

    def minimumSizeHint(self) -> QSize:
        # A stack of pages (the Layout tab keeps one editor per session) is as wide as its
        # widest page, shown or not: a hidden editor claims no room, so the page shown instead
        # (the explanation for a web or individual recording) wraps in the space it has.
        window = self.window()
        if window is not self and window.isVisible() and not self.isVisible():
            return QSize(0, 0)
        return super().minimumSizeHint()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.updateGeometry()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changed = event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange)
        if changed and hasattr(self, "right"):  # not while __init__ sets the style sheet
            self._fix_sizes()

    # -- slots ------------------------------------------------------------------------------------
    def _on_watcher_theme_changed(self, theme: Theme) -> None:
        if theme == self._theme:
            return
        self._theme = theme
        self.setStyleSheet(render(STYLE_TEMPLATE, theme))
        self.view.set_theme(theme)
        self.user_list.set_theme(theme)

    def _on_user_list_users_changed(self, channel: list[str], manual: list[str]) -> None:
        self.scene.set_users(channel, manual)
        self.presets.set_users(self.scene.preview_uids)

    def _on_user_list_assign_requested(self, uid: str) -> None:
        selected = self.scene.selected_indices()
        if len(selected) == 1:
            self.editor.assign_uid(selected[0], uid)

    def _on_editor_edit_refused(self, sentence: str) -> None:
        self.message.setText(plain_sentence(sentence))

    def _on_presets_edited_as_custom(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

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
        live = self.live_controller.live
        count = count_changes(diff)
        note = f"{count} change{'s' * (count != 1)} to apply" if count and not live else ""
        self.on_air.set_note(note)
        ghosts: list[Rect] = []
        if diff is not None and not live:
            for region in diff.changed_regions:
                moved = region.status == "removed" or region.moved or region.resized
                if moved and region.before is not None:
                    ghosts.append(region.before.rect)
        self.scene.show_ghosts(ghosts)
