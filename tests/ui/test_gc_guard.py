"""The app's collector keeps automatic collection off and collects from the GUI thread."""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from recorder_gui.bridge.gc_guard import MainThreadGarbageCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collects_cycles_on_its_timer_and_restores(qtbot: QtBot) -> None:
    gc.enable()
    try:
        guard = MainThreadGarbageCollector(interval_ms=10)
        assert not gc.isenabled()
        guard.threshold = (0, 0, 0)
        collected_before = sum(s["collected"] for s in gc.get_stats())
        for _ in range(50):
            Cycle()
        qtbot.waitUntil(
            lambda: sum(s["collected"] for s in gc.get_stats()) >= collected_before + 50,
            timeout=2000,
        )
        guard.stop()
        assert gc.isenabled()
    finally:
        gc.disable()  # the test harness keeps it off between tests
