"""The users beside the canvas: channel users (live) plus manual entries, draggable onto it.

Dragging a uid onto a region assigns it; onto empty canvas creates a region for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .items import ABSENT, PRESENT, uid_color
from .view import UID_MIME, uid_mime

_UID_ROLE = Qt.ItemDataRole.UserRole


def _swatch(color: QColor, dot: QColor) -> QIcon:
    pixmap = QPixmap(22, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(color)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 2, 14, 12, 3, 3)
    painter.setBrush(dot)
    painter.drawEllipse(15, 9, 6, 6)
    painter.end()
    return QIcon(pixmap)


class UidListWidget(QListWidget):
    """A list whose items drag as uids (``UID_MIME``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt override)
        return [UID_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        uid = items[0].data(_UID_ROLE) if items else ""
        return uid_mime(str(uid))


class UserListWidget(QWidget):
    """Channel users in join order and manually entered uids; ``users_changed`` on change."""

    users_changed = Signal(list, list)  # channel uids, manual uids
    assign_requested = Signal(str)  # double-click: show this uid in the selected region

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._channel: list[str] = []
        self._manual: list[str] = []
        self._shown: set[str] = set()
        title = QLabel("<b>Users</b>")
        hint = QLabel(
            "Drag a uid onto a region to show it there, or onto empty canvas for a new one. "
            "● in channel  ○ expected"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #9aa3ad; font-size: 11px;")
        self.list = UidListWidget(self)
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText("Add uid…")
        self.entry.returnPressed.connect(self._on_entry_return_pressed)
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(self._on_entry_return_pressed)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Remove the selected manual entry")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.remove_button)

    @property
    def channel_uids(self) -> list[str]:
        return list(self._channel)

    @property
    def manual_uids(self) -> list[str]:
        return list(self._manual)

    def set_channel_users(self, uids: Sequence[int | str]) -> None:
        channel = list(dict.fromkeys(str(uid) for uid in uids))
        if channel != self._channel:
            self._channel = channel
            self._refresh()

    def set_shown_uids(self, uids: Sequence[str]) -> None:
        """The uids the layout places (marked in the list)."""
        shown = set(uids)
        if shown != self._shown:
            self._shown = shown
            self._refresh(emit=False)

    def add_manual(self, uid: str) -> None:
        uid = uid.strip()
        if uid and uid not in self._manual and uid not in self._channel:
            self._manual.append(uid)
            self._refresh()

    def _refresh(self, emit: bool = True) -> None:
        self.list.clear()
        for uid in self._channel:
            self._add_item(uid, "in channel", PRESENT)
        for uid in self._manual:
            if uid not in self._channel:
                self._add_item(uid, "manual", ABSENT)
        if emit:
            self.users_changed.emit(list(self._channel), list(self._manual))

    def _add_item(self, uid: str, where: str, dot: QColor) -> None:
        placed = "  ✓" if uid in self._shown else ""
        item = QListWidgetItem(_swatch(uid_color(uid), dot), f"{uid}{placed}")
        item.setData(_UID_ROLE, uid)
        shown = "on the canvas" if placed else "not placed"
        item.setToolTip(f"uid {uid}: {where}, {shown}. Drag onto the canvas.")
        self.list.addItem(item)

    def _on_entry_return_pressed(self) -> None:
        self.add_manual(self.entry.text())
        self.entry.clear()

    def _on_remove_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None and (uid := str(item.data(_UID_ROLE))) in self._manual:
            self._manual.remove(uid)
            self._refresh()

    def _on_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.assign_requested.emit(str(item.data(_UID_ROLE)))
