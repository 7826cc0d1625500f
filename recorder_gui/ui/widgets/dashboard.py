"""``DashboardWidget``: every recording of this app as a card; orphans with their two actions."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import Badge, OrphanView, SessionBridge
from recorder_gui.bridge.cost_view import running_detail, running_line
from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.style import repolish

from .state_badge import StateBadgeWidget

ROLE_KEY = Qt.ItemDataRole.UserRole + 1


class SessionCardWidget(QFrame):
    """One recording: badge, channel, mode, elapsed, users. Renders its bridge, keeps no copy."""

    refreshed = Signal()

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionCard")
        self.setProperty("selected", False)
        self.bridge = bridge
        self.badge = StateBadgeWidget(bridge.badge, size=10)
        self.badge.setMinimumWidth(112)
        self.channel = ElidedLabel()
        self.channel.setObjectName("sectionTitle")
        self.detail = ElidedLabel()
        self.detail.setObjectName("muted")
        self.elapsed = QLabel()
        self.elapsed.setObjectName("valueLabel")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.users = ElidedLabel()
        self.pair = ElidedLabel()  # "Backup of …" / "Has a backup: …" (full text as tooltip)
        self.pair.setObjectName("muted")
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.elapsed)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        column.setSpacing(3)
        column.addLayout(top)
        column.addWidget(self.channel)
        column.addWidget(self.detail)
        column.addWidget(self.users)
        self.cost = ElidedLabel()  # the running cost estimate (docs/cost.md)
        self.cost.setObjectName("muted")
        column.addWidget(self.cost)
        column.addWidget(self.pair)
        bridge.state_changed.connect(self.refresh)
        bridge.pair_changed.connect(self.refresh)
        bridge.users_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        b = self.bridge
        self.badge.set_badge(b.badge)
        self.channel.set_full_text(b.cname)
        self.users.setText(f"Users: {b.users_text}")
        pair = b.pair.text
        self.pair.set_full_text(pair)
        self.pair.setVisible(bool(pair))
        self.refresh_elapsed()
        self.setAccessibleName(
            f"{b.title}: {b.badge.value}, {b.elapsed}" + (f" ({pair})" if pair else "")
        )
        self.refreshed.emit()

    def refresh_elapsed(self) -> None:
        b = self.bridge
        self.badge.set_badge(b.badge)  # "ON AIR?" comes with time, not with an event
        self.elapsed.setText(b.elapsed)
        left = b.left_text
        self.detail.set_full_text(
            f"{b.mode_label} · bot uid {b.bot_uid}" + (f" · {left}" if left else "")
        )
        self.cost.set_full_text(running_line(b))
        self.cost.setToolTip(running_detail(b))


class OrphanCardWidget(QFrame):
    stop_requested = Signal(str)
    forget_requested = Signal(str)

    def __init__(self, orphan: OrphanView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionCard")
        self.key = orphan.key
        badge = StateBadgeWidget(Badge.ORPHAN, size=13)
        title = QLabel(orphan.cname)
        title.setObjectName("sectionTitle")
        reason = QLabel(orphan.reason)
        reason.setWordWrap(True)
        self.stop_button = QPushButton("Stop it")
        self.stop_button.setAccessibleName(f"Stop the orphan recording of {orphan.cname}")
        self.stop_button.setEnabled(orphan.can_stop)
        if not orphan.can_stop:
            self.stop_button.setToolTip("Its sid is unknown: it cannot be stopped from here.")
        self.forget_button = QPushButton("Forget it")
        self.forget_button.setAccessibleName(f"Forget the orphan recording of {orphan.cname}")
        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(self.key))
        self.forget_button.clicked.connect(lambda: self.forget_requested.emit(self.key))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.forget_button)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(QLabel(f"{orphan.mode} · bot uid {orphan.uid} · profile {orphan.profile}"))
        text.addWidget(reason)
        text.addLayout(buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self.setAccessibleName(f"Orphan recording {orphan.cname}: {orphan.reason}")


class DashboardWidget(QWidget):
    session_selected = Signal(object)  # SessionBridge | None
    orphan_stop_requested = Signal(str)
    orphan_forget_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Recordings")
        title.setObjectName("sectionTitle")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAccessibleName("Remove the cards of ended and failed recordings")
        self.clear_button.setToolTip("Removes stopped and failed recordings from this list.")
        self.clear_button.clicked.connect(self.clear_ended)
        self.clear_button.hide()
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.clear_button)
        self.empty = QLabel("No recording yet. Fill in the form and press Start recording.")
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("dashboard")
        self.list.setAccessibleName("Recordings")
        self.list.setSpacing(0)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.orphan_box = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addLayout(self.orphan_box)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self._cards: dict[str, SessionCardWidget] = {}
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._ticker.start()

    # -- sessions -------------------------------------------------------------------------
    def add_session(self, bridge: SessionBridge, *, select: bool = True) -> None:
        card = SessionCardWidget(bridge)
        item = QListWidgetItem()
        item.setData(ROLE_KEY, bridge.key)
        item.setText("")
        item.setSizeHint(QSize(200, card.sizeHint().height() + 4))
        self.list.addItem(item)
        self.list.setItemWidget(item, card)
        self._cards[bridge.key] = card
        # Through the card (the sender): the connection ends with the card, never after it.
        card.refreshed.connect(lambda i=item, c=card: self._sync_item(i, c))
        self._sync_item(item, card)
        self.empty.hide()
        if select:
            self.list.setCurrentItem(item)

    def _sync_item(self, item: QListWidgetItem, card: SessionCardWidget) -> None:
        item.setSizeHint(QSize(200, card.sizeHint().height() + 4))  # a pair line comes and goes
        item.setData(Qt.ItemDataRole.AccessibleTextRole, card.accessibleName())
        self.clear_button.setVisible(any(c.bridge.is_final for c in self._cards.values()))

    def clear_ended(self) -> None:
        """Remove the cards of recordings that are over (stopped, failed): never a live one."""
        for row in reversed(range(self.list.count())):
            item = self.list.item(row)
            key = str(item.data(ROLE_KEY))
            card = self._cards.get(key)
            if card is not None and card.bridge.is_final:
                self.list.takeItem(row)
                del self._cards[key]
                card.deleteLater()
        self.clear_button.hide()
        self.empty.setVisible(not self._cards)
        self.session_selected.emit(self.current)

    def card(self, key: str) -> SessionCardWidget:
        return self._cards[key]

    @property
    def current(self) -> SessionBridge | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self._cards[str(item.data(ROLE_KEY))].bridge

    def select_next(self, step: int = 1) -> None:
        count = self.list.count()
        if count:
            self.list.setCurrentRow((max(self.list.currentRow(), 0) + step) % count)

    def _on_list_current_item_changed(self, *_: object) -> None:
        current = self.current
        for card in self._cards.values():
            selected = card.bridge is current
            if card.property("selected") != selected:
                card.setProperty("selected", selected)
                repolish(card)
        self.session_selected.emit(current)

    def _on_ticker_timeout(self) -> None:
        for card in self._cards.values():
            if not card.bridge.is_final:
                card.refresh_elapsed()

    # -- orphans --------------------------------------------------------------------------
    def set_orphans(self, orphans: list[OrphanView]) -> None:
        while self.orphan_box.count():
            item = self.orphan_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for orphan in orphans:
            card = OrphanCardWidget(orphan)
            card.stop_requested.connect(self.orphan_stop_requested)
            card.forget_requested.connect(self.orphan_forget_requested)
            self.orphan_box.addWidget(card)
        self.empty.setVisible(not orphans and not self._cards)

    def orphan_cards(self) -> list[OrphanCardWidget]:
        found = (self.orphan_box.itemAt(i) for i in range(self.orphan_box.count()))
        return [w for i in found if i is not None and isinstance(w := i.widget(), OrphanCardWidget)]
