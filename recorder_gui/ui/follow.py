"""``follow``: move a view's connections from one selected recording's bridge to the next."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import SignalInstance

from recorder_gui.bridge import SessionBridge

Signals = Callable[[SessionBridge], Iterable[SignalInstance]]


def follow(
    old: SessionBridge | None, new: SessionBridge | None, signals: Signals, slot: Callable[[], None]
) -> SessionBridge | None:
    """Disconnect ``slot`` from ``old``'s ``signals``, connect it to ``new``'s; returns ``new``.

    Views keep no copy of a recording: they re-render from the bridge on each signal, so
    following a new selection is only moving these connections; the caller then stores the
    returned bridge and renders once.
    """
    if old is not None:
        for signal in signals(old):
            signal.disconnect(slot)
    if new is not None:
        for signal in signals(new):
            signal.connect(slot)
    return new
