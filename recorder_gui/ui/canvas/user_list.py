"""The users beside the canvas: channel users (live) plus manual entries, draggable onto it.

Dragging a uid onto a region assigns it; onto empty canvas creates a region for it. The panel
has a fixed width in which a 10-digit uid shows whole (with the scroll bar shown too).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.ui.theme import Theme, current_theme

from .items import uid_color
from .labels import LinesLabel
from .view import UID_MIME, uid_mime

_UID_ROLE = Qt.ItemDataRole.UserRole
ICON_SIZE = QSize(22, 16)
#: The longest uid the panel shows whole (uids are 32-bit: up to 10 digits).
WIDEST_UID = "0" * 10
HINT = "Drag a uid onto a region, or onto empty canvas for a new region."
LEGEND = "●\u00a0in\u00a0channel  ○\u00a0expected  ✓\u00a0placed"


def _swatch(color: QColor, dot: QColor, placed: bool, edge: QColor) -> QIcon:
    """The uid's colour, a presence dot and, when the layout shows the uid, a check mark.

    ``edge`` outlines the colour so a pale one still shows on a light list.
    """
    pixmap = QPixmap(ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(color)
    painter.setPen(QPen(edge, 1))
    painter.drawRoundedRect(QRectF(0.5, 2.5, 13, 11), 3, 3)
    if placed:
        painter.setPen(QPen(QColor("#101214"), 2))
        painter.drawPolyline([QPointF(3, 8), QPointF(6, 11), QPointF(11, 5)])
        painter.setPen(Qt.PenStyle.NoPen)
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
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setIconSize(ICON_SIZE)
        self.setAccessibleName("Users")

    def mimeTypes(self) -> list[str]:
        return [UID_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        uid = items[0].data(_UID_ROLE) if items else ""
        return uid_mime(str(uid))

    def width_for_uids(self) -> int:
        """The list's width that shows a 10-digit uid whole beside a shown scroll bar."""
        self.ensurePolished()
        style = self.style()
        text_margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        scroll = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        text = self.fontMetrics().horizontalAdvance(WIDEST_UID)
        item = ICON_SIZE.width() + text + 4 * text_margin + 8  # icon, text, margins, padding
        return item + 2 * self.frameWidth() + scroll + 12  # frame, padding, scroll bar


class UserListWidget(QWidget):
    """Channel users in join order and manually entered uids; ``users_changed`` on change."""

    users_changed = Signal(list, list)  # channel uids, manual uids
    assign_requested = Signal(str)  # double-click: show this uid in the selected region

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._channel: list[str] = []
        self._manual: list[str] = []
        self._shown: set[str] = set()
        self._theme = current_theme()
        title = QLabel("<b>Users</b>")
        self.hint = LinesLabel(HINT, 3, self)
        self.hint.setObjectName("canvasHint")
        self.legend = LinesLabel(LEGEND, 2, self)
        self.legend.setToolTip("● in the channel now, ○ expected (added by hand), ✓ on the canvas")
        self.legend.setObjectName("canvasHint")
        self.list = UidListWidget(self)
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText("Add uid…")
        self.entry.setAccessibleName("Add a uid by hand")
        self.entry.setToolTip("A uid you expect in the channel; press Enter to add it")
        self.entry.returnPressed.connect(self._on_entry_return_pressed)
        self.add_button = QToolButton(self)
        self.add_button.setText("Add")
        self.add_button.setAccessibleName("Add uid")
        self.add_button.clicked.connect(self._on_entry_return_pressed)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("Remove")
        self.remove_button.setAccessibleName("Remove the selected uid")
        self.remove_button.setToolTip("Remove the selected uid you added by hand")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.entry, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.legend)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.remove_button)
        self._fix_width()

    def _fix_width(self) -> None:
        self.setFixedWidth(self.list.width_for_uids())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changed = event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange)
        if changed and hasattr(self, "list"):
            self._fix_width()

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

    def set_theme(self, theme: Theme) -> None:
        """Presence marks in the palette's variant (dark green/amber on a light list)."""
        if theme != self._theme:
            self._theme = theme
            self._refresh(emit=False)

    def _refresh(self, emit: bool = True) -> None:
        self.list.clear()
        present, absent = QColor(self._theme.present), QColor(self._theme.absent)
        for uid in self._channel:
            self._add_item(uid, "in the channel", present)
        for uid in self._manual:
            if uid not in self._channel:
                self._add_item(uid, "expected (added by hand)", absent)
        if emit:
            self.users_changed.emit(list(self._channel), list(self._manual))

    def _add_item(self, uid: str, where: str, dot: QColor) -> None:
        placed = uid in self._shown
        edge = QColor(self._theme.base_text)
        edge.setAlphaF(0.45)
        item = QListWidgetItem(_swatch(uid_color(uid), dot, placed, edge), uid)
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
