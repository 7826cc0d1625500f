"""``Follower``: what a view needs to track the selected recording.

Views keep no copy of a recording: they re-render from its bridge on each of the bridge's
signals they care about, and on a clock tick for what changes with time (elapsed, countdowns,
"no contact for 45 s"). A follower owns those connections and the tick, and moves the
connections when the selection changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, SignalInstance

from recorder_gui.bridge import SessionBridge

Signals = Callable[[SessionBridge], Iterable[SignalInstance]]


class Follower:
    def __init__(
        self,
        owner: QObject,
        signals: Signals,
        render: Callable[[], None],
        tick: Callable[[], None] | None = None,
        *,
        interval_ms: int = 500,
    ) -> None:
        self.bridge: SessionBridge | None = None
        self._signals = signals
        self._render = render
        if tick is not None:  # only views that show time need the clock
            self._ticker = QTimer(owner)
            self._ticker.setInterval(interval_ms)
            self._ticker.timeout.connect(tick)
            self._ticker.start()

    def set(self, bridge: SessionBridge | None) -> None:
        """Follow ``bridge`` (None: nothing selected) and render once."""
        if self.bridge is not None:
            for signal in self._signals(self.bridge):
                signal.disconnect(self._render)
        self.bridge = bridge
        if bridge is not None:
            for signal in self._signals(bridge):
                signal.connect(self._render)
        self._render()
