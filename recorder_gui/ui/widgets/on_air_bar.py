"""``OnAirBarWidget``: the selected recording's state, clock, countdown and Stop, always on screen.

It sits above the panes, outside the tabs, so whatever the window size or the tab (the Layout
editor included) the producer sees which recording is selected, whether it is on air, how long
it has run, how long it has left, and can reach Stop. Every text in it is elided: nothing it
shows can widen the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from recorder_gui.bridge import SessionBridge
from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.follow import Follower
from recorder_gui.ui.style import repolish

from .hold_button import HoldToStopButton
from .state_badge import StateBadgeWidget


def _followed(b: SessionBridge) -> tuple[SignalInstance, ...]:
    return (b.state_changed, b.limit_changed)


class OnAirBarWidget(QFrame):
    """Follows the selected recording (:meth:`set_session`); emits nothing but Stop's intent."""

    hint_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onAirBar")
        self.setAccessibleName("Selected recording: state, time and stop")
        self.badge = StateBadgeWidget(size=14)
        self.badge.setMinimumWidth(150)
        self.name = ElidedLabel("No recording selected")
        self.name.setObjectName("sectionTitle")
        self.name.setAccessibleName("Selected recording")
        self.countdown = ElidedLabel("")
        self.countdown.setObjectName("countdown")
        self.countdown.setAccessibleName("Time left")
        self.elapsed = QLabel("—")
        self.elapsed.setObjectName("onAirClock")
        self.elapsed.setAccessibleName("Elapsed time")
        clock_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        clock_font.setPointSize(20)
        clock_font.setBold(True)
        self.elapsed.setFont(clock_font)
        self.elapsed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.elapsed.setMinimumWidth(self.elapsed.fontMetrics().horizontalAdvance("00:00:00") + 8)
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.stop_button = HoldToStopButton()
        self.stop_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.stop_button.setMinimumWidth(self.stop_button.sizeHint().width())
        self.stop_button.hint_requested.connect(self.hint_shown)
        self.stop_button.confirmed.connect(self._on_stop_button_confirmed)
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.name)
        words.addWidget(self.countdown)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(12)
        row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(words, 1)
        row.addWidget(self.elapsed, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._follow = Follower(self, _followed, self._render, self._on_ticker_timeout)
        self.set_session(None)

    @property
    def session(self) -> SessionBridge | None:
        return self._follow.bridge

    @property
    def _bridge(self) -> SessionBridge | None:
        return self._follow.bridge

    def set_session(self, bridge: SessionBridge | None) -> None:
        self._follow.set(bridge)

    def _render(self) -> None:
        b = self._bridge
        self.badge.setVisible(b is not None)
        self.stop_button.setEnabled(b is not None and b.can_stop)
        if b is None:
            self.name.set_full_text("No recording selected")
            self.countdown.set_full_text("Start a recording, or pick one in the list.")
            self.elapsed.setText("—")
            self._set_near(False)
            return
        self.badge.set_badge(b.badge)
        self.name.set_full_text(b.title)
        self.stop_button.setAccessibleName(
            f"Stop recording {b.title}: hold down for about one second"
        )
        self._on_ticker_timeout()

    def _on_ticker_timeout(self) -> None:
        b = self._bridge
        if b is None:
            return
        self.badge.set_badge(b.badge)
        self.elapsed.setText(b.elapsed)
        warning = b.limit_sentence
        contact = b.contact_sentence
        if b.is_final:
            text = b.reason
        elif contact is not None:
            text = contact
        elif warning is not None:
            text = warning
        else:
            text = b.left_text or b.reason
        self.countdown.set_full_text(text)
        self._set_near(warning is not None or contact is not None)

    def _set_near(self, near: bool) -> None:
        if self.countdown.property("near") != near:
            self.countdown.setProperty("near", near)
            repolish(self.countdown)

    def _on_stop_button_confirmed(self) -> None:
        if self._bridge is not None and self._bridge.can_stop:
            # Replaces any "Keep holding…" hint: the status bar says what happens now.
            self.hint_shown.emit(f"Stopping {self._bridge.title}…")
            self._bridge.stop_requested.emit()
