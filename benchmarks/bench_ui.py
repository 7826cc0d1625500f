"""UI figures: cold start to first painted window (vs a bare PySide6 window), event-loop lag p99
with 20 live sessions against the emulator, and peak RSS. Run: python benchmarks/bench_ui.py"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_PAINT = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
{build}
def after_paint():
    {after}
    app.processEvents()
    print(time.time() - t0); sys.stdout.flush(); import os; os._exit(0)
class F(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.window() is w:
            print(time.time() - t0); sys.stdout.flush(); app.removeEventFilter(self)
            QTimer.singleShot(0, after_paint)
        return False
f = F(); app.installEventFilter(f); w.show(); app.exec()
"""
BARE = "w = QWidget(); w.resize(1440, 880)"
# What ``recorder-gui`` does before its first paint (recorder_gui.app.main / main_async): the
# bootstrap's own imports, the style, the window shell.
OURS = (
    "import recorder_gui.app\n"
    "from recorder_gui.ui.style import apply_style\n"
    "from recorder_gui.ui.main_window import MainWindow\n"
    "apply_style(app); w = MainWindow()"
)
# ... and what it does right after: the panels, then the engine, client, store and bridge.
READY = (
    "w.build_panels()\n"
    "    import recorder_gui.bridge, recorder_gui.bridge.layout_view, recorder_gui.recording\n"
    "    import recorder_gui.store, recorder_gui.ui.canvas"
)


def cold_start(build: str, after: str = "pass", runs: int = 5) -> tuple[float, float]:
    """Medians of (first paint, ready) in seconds from process start, over ``runs`` runs."""
    paints, readies = [], []
    for _ in range(runs):
        code = _PAINT.format(build=build, after=after)
        out = subprocess.run(
            [sys.executable, "-c", code, repr(time.time())],
            capture_output=True,
            text=True,
            check=True,
        )
        lines = out.stdout.strip().splitlines()
        paints.append(float(lines[-2]))
        readies.append(float(lines[-1]))
    return statistics.median(paints), statistics.median(readies)


async def lag_with_sessions(count: int = 20, seconds: float = 10.0) -> tuple[float, int]:
    from recorder_gui.app import Controller, demo_context
    from recorder_gui.emulator import Emulator
    from recorder_gui.recording import PollConfig

    emu = Emulator()
    emu.config.rate_limit_per_second = None
    context = demo_context(emulator=emu, poll_config=PollConfig(fast_interval=1, steady_interval=2))
    context.manager.limiters.rate = None  # the registry the transport holds: no limit
    controller = Controller(context)
    controller.window.show()
    form = controller.window.start_form
    for i in range(count):
        form.bot_uid.setText(str(900100 + i))
        form.channel.setText("demo-show")
        form.start_button.click()
        await asyncio.sleep(0.05)
    lags: list[float] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        before = loop.time()
        await asyncio.sleep(0.005)
        lags.append((loop.time() - before - 0.005) * 1000)
    on_air = sum(1 for s in controller.bridge.sessions if s.badge.value == "ON AIR")
    await controller.shutdown()
    lags.sort()
    return lags[int(len(lags) * 0.99) - 1], on_air


def main() -> None:
    bare, _ = cold_start(BARE)
    ours, ready = cold_start(OURS, READY)
    print(
        f"cold start to first paint (median of 5): bare {bare * 1000:.0f} ms, "
        f"recorder-gui {ours * 1000:.0f} ms, ratio {ours / bare:.2f}x (goal <= 1.5x)"
    )
    print(
        f"to a working window (panels, engine, client, store loaded after the first paint): "
        f"{ready * 1000:.0f} ms ({ready / bare:.2f}x bare)"
    )
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from recorder_gui.ui.style import apply_style

    apply_style(app)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        p99, on_air = runner.run(lag_with_sessions())
    print(f"event-loop lag p99 with 20 sessions ({on_air} ON AIR): {p99:.1f} ms (goal <= 16 ms)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
