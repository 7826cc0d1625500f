"""``Observers``: one list of plain callbacks and one failure policy for every room.

Kept in the bottom room so that the engine, the layout document and the store can all use
it; it knows nothing of the client. The policy: every subscriber hears every notification in
the order it subscribed; one that raises is logged with its traceback and never breaks the
emitter or the subscribers after it. ``subscribe`` returns the function that unsubscribes
(calling it twice is harmless).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

log = logging.getLogger("recorder_gui.observers")

__all__ = ["Observers"]


class Observers(Generic[T]):
    """Callbacks that each hear ``notify(value)``; ``what`` names them in the log."""

    __slots__ = ("_callbacks", "what")

    def __init__(self, what: str) -> None:
        self.what = what
        self._callbacks: list[Callable[[T], None]] = []

    def subscribe(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Call ``callback`` on every notification; returns the function that unsubscribes."""
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    def notify(self, value: T) -> None:
        """Tell every subscriber (a snapshot of the list: one may unsubscribe meanwhile)."""
        for callback in list(self._callbacks):
            try:
                callback(value)
            except Exception:  # a subscriber's bug must never break the emitter or the others
                log.exception("%s subscriber %r failed", self.what, callback)

    def __len__(self) -> int:
        return len(self._callbacks)
