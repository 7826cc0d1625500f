"""Garbage collection on the GUI thread only.

Python's cyclic collector runs on whichever thread happens to allocate; in this app that is
often the demo emulator's server thread or an httpx worker. A Qt object freed there is
destroyed on the wrong thread: its timers stay registered and the next timer event crashes Qt
(seen as a segfault in ``QTimerInfoList::activateTimers``). So automatic collection is turned
off and a timer on the GUI thread collects instead (the approach of pyqtgraph's
``GarbageCollector``).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """While alive, collect only from the GUI thread, generation by generation."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        if count0 > self.threshold[0]:
            gc.collect(0)
            if count1 > self.threshold[1]:
                gc.collect(1)
                if count2 > self.threshold[2]:
                    gc.collect(2)

    def stop(self) -> None:
        """Stop the timer, collect once, and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
