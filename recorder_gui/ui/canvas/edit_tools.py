"""The editor's tool buttons: short fixed labels, the full action text in the tooltip.

A ``QToolButton`` with a default action shows the action's text, so "Undo" would grow to
"Undo Move region" and push the canvas aside; an ``ActionButton`` keeps its label and shows
what the action would do (with its shortcut) in the tooltip and accessible description.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget


class ActionButton(QToolButton):
    """Triggers ``action``; mirrors its enabled and checked state, never its text."""

    def __init__(
        self, action: QAction, label: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.setText(label)
        self.setAccessibleName(name)
        self.setCheckable(action.isCheckable())
        self.clicked.connect(self._on_clicked)
        action.changed.connect(self._sync)
        self._sync()

    def _on_clicked(self) -> None:
        self.action.trigger()
        self._sync()

    def _sync(self) -> None:
        action = self.action
        if not (shiboken6.isValid(action) and shiboken6.isValid(self)):
            return  # the editor is being destroyed
        self.setEnabled(action.isEnabled())
        if self.isCheckable():
            self.setChecked(action.isChecked())
        tip = action.toolTip() or action.text()
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{tip} ({keys})" if keys else tip
        if tip != self.toolTip():
            self.setToolTip(tip)
            self.setAccessibleDescription(tip)


class EditToolsWidget(QWidget):
    """Delete, Duplicate, the stacking order (a menu) and Snap for the custom regions."""

    def __init__(
        self,
        delete: QAction,
        duplicate: QAction,
        forward: QAction,
        backward: QAction,
        snap: QAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.delete = ActionButton(delete, "Delete", "Delete selected regions", self)
        self.duplicate = ActionButton(duplicate, "Duplicate", "Duplicate selected regions", self)
        self.order = QToolButton(self)
        self.order.setText("Order")
        self.order.setAccessibleName("Stacking order")
        self.order.setToolTip("Bring the selected region forward or send it backward")
        self.order.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.order)
        menu.addAction(forward)
        menu.addAction(backward)
        self.order.setMenu(menu)
        self.snap = ActionButton(snap, "Snap", "Snap to guides", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        for button in (self.delete, self.duplicate, self.order):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.snap)
