"""Simulated wall clock of the emulator: real time plus an offset; tests freeze and advance it."""

from __future__ import annotations

import threading
import time


class EmulatorClock:
    """Float Unix seconds; ``advance`` moves simulated time forward without sleeping."""

    def __init__(self, *, frozen: bool = False, start: float | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0 if start is None else start - time.time()
        self._frozen_at: float | None = None
        if frozen:
            self._frozen_at = time.time() if start is None else start

    def now(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the emulator clock only moves forward")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def freeze(self) -> None:
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = time.time() + self._offset

    def unfreeze(self) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None

    @property
    def frozen(self) -> bool:
        with self._lock:
            return self._frozen_at is not None
