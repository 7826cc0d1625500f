"""Canvas figures: a scripted 2-second drag at 60 Hz over 17 regions, published live.

A real RecordingSession records against the emulator (served on loopback, its 10 requests/s
limit on); the layout canvas publishes through ``LayoutBridge`` with Live on. Every frame is a
real mouse-move event sent to the view. Measured per frame: the handling time (the event:
model edit, undo merge, scene items, property panel, throttled publish) and the handling plus
a synchronous repaint of the viewport. Then: updateLayout requests sent (total and the most in
any one second) and whether the layout the emulator holds equals the model (lost edits).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_canvas.py [--seconds 2]
        [--hz 60] [--screenshot resources/screenshot-canvas.png]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qasync
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from recorder_gui.api import (
    LayoutUpdate,
    RecordingConfig,
    RecordingFileConfig,
    RetryPolicy,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
)
from recorder_gui.bridge.layout_bridge import LayoutBridge
from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.layout import (
    Layout,
    LayoutDocument,
    LayoutMode,
    Region,
    RenderMode,
    from_wire,
)
from recorder_gui.recording import (
    Credentials,
    Journal,
    RecordingSession,
    SessionManager,
    SessionState,
    VirtualTimer,
)
from recorder_gui.ui.canvas import LayoutEditorWidget

APP = "0123456789abcdef0123456789abcdef"
CREDS = Credentials("demo-customer-id", "demo-customer-secret")
CW, CH = 1280, 720
T = TypeVar("T")


def seventeen() -> Layout:
    """A show layout: a host, a guest, and 15 tiles on a strip and a column."""
    regions = [
        Region("1001", 0.0, 0.0, 0.6, 0.75),
        Region("1002", 0.6, 0.0, 0.4, 0.375, alpha=0.9),
        Region("1003", 0.6, 0.375, 0.4, 0.375, render_mode=RenderMode.FIT),
    ]
    for n in range(14):
        col, row = n % 7, n // 7
        uid = str(1004 + n) if n < 10 else None
        regions.append(Region(uid, col / 7, 0.75 + row * 0.125, 1 / 7, 0.125))
    return Layout(
        mode=LayoutMode.CUSTOM,
        canvas_width=CW,
        canvas_height=CH,
        background_color="#14213d",
        regions=tuple(regions),
    )


def config() -> StartConfig:
    return StartConfig(
        recording_config=RecordingConfig(
            max_idle_time=300,
            transcoding_config=TranscodingConfig(width=CW, height=CH, mixed_video_layout=1),
        ),
        recording_file_config=RecordingFileConfig(),
        storage_config=StorageConfig(
            vendor=1, region=0, bucket="b", access_key="ak", secret_key="sk"
        ),
    )


NONE_REFS_AT_START = sys.getrefcount(None)


def pump(app: QApplication, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


def run(app: QApplication, loop: qasync.QEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    task = loop.create_task(coro)
    deadline = time.monotonic() + 30
    while not task.done() and time.monotonic() < deadline:
        pump(app, 0.005)
    return task.result()


def mouse(view: Any, kind: QEvent.Type, scene: tuple[float, float], buttons: Any) -> float:
    local = QPointF(view.mapFromScene(QPointF(*scene)))
    button = Qt.MouseButton.NoButton if kind is QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    global_pos = QPointF(view.viewport().mapToGlobal(local.toPoint()))
    event = QMouseEvent(kind, local, global_pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    started = time.perf_counter()
    QApplication.sendEvent(view.viewport(), event)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def max_per_second(times: list[float]) -> int:
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t < s + 1.0) for i, s in enumerate(times)), default=0)


def start(app: QApplication, loop: qasync.QEventLoop, emulator: Emulator, url: str, tmp: Path):
    for uid in range(1001, 1015):
        emulator.add_user(APP, "show", uid)
    emulator.clock.freeze()
    emulator.config.rate_limit_per_second = None  # the start runs in virtual time
    timer = VirtualTimer(emulator.clock)
    manager = SessionManager(
        journal=Journal(tmp / "journal.sqlite3"),
        timer=timer,
        base_urls=[url],
        rate_limit=None,
        retry=RetryPolicy(jitter=0.0),
    )

    async def begin() -> RecordingSession:
        session = manager.create_session(
            app_id=APP,
            credentials=CREDS,
            cname="show",
            uid="527841",
            mode="mix",
            start_config=config(),
            profile="bench",
        )
        await session.start()
        await session.wait_for(SessionState.RECORDING)
        timer.paused = True  # at once: no poll may slip in before the real-time limits are on
        return session

    session = run(app, loop, begin())
    assert session.state is SessionState.RECORDING, session.reason
    emulator.clock.unfreeze()
    manager.limiters.rate = 10  # as the app runs: the App ID stays under 10 requests/s
    emulator.config.rate_limit_per_second = 10
    return manager, session


def shoot(app: QApplication, widget: LayoutEditorWidget, target: Path) -> None:
    """The canvas mid-drag with Live off: a snap line, the applied position outlined."""
    widget.editor.stack.undo()
    pump(app, 0.5)  # Live sends the undo
    widget.live.live.setChecked(False)
    widget.user_list.add_manual("2077")
    view, left = widget.view, Qt.MouseButton.LeftButton
    start_point = (1024.0, 135.0)
    widget.scene.select([1])
    mouse(view, QEvent.Type.MouseButtonPress, start_point, left)
    for k in range(1, 11):  # the left edge ends 4 px right of the canvas' vertical third
        x = start_point[0] - (768 - CW / 3 - 4) * k / 10
        mouse(view, QEvent.Type.MouseMove, (x, start_point[1] + 60 * k / 10), left)
    pump(app, 0.3)
    target.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(target))
    mouse(view, QEvent.Type.MouseButtonRelease, (x, start_point[1] + 60), Qt.MouseButton.NoButton)
    print(f"screenshot: {target}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--hz", type=float, default=60.0)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    emulator = Emulator()
    with tempfile.TemporaryDirectory() as tmp, EmulatorServer(emulator) as server:
        manager, session = start(app, loop, emulator, server.url, Path(tmp))
        document = LayoutDocument(seventeen())
        widget = LayoutEditorWidget(document)
        widget.resize(1280, 760)
        widget.show()
        widget.set_channel_users(list(session.channel_users))
        bridge = LayoutBridge(session)
        widget.set_sink(bridge)
        pump(app, 0.2)
        widget.scene.select([1])
        widget.live.live.setChecked(True)
        pump(app, 0.5)
        before = len(emulator.requests("updateLayout"))

        view = widget.view
        frames = int(args.seconds * args.hz)
        period = 1.0 / args.hz
        left = Qt.MouseButton.LeftButton
        start_point = (1024.0, 135.0)  # centre of region 2 (the guest)
        handling: list[float] = []
        with_paint: list[float] = []
        mouse(view, QEvent.Type.MouseButtonPress, start_point, left)
        begun = time.perf_counter()
        for k in range(1, frames + 1):
            t = k / frames
            # across the canvas and back down, crossing thirds, centre and other regions
            x = start_point[0] - 700 * math.sin(math.pi * t)
            y = start_point[1] + 380 * t
            handled = mouse(view, QEvent.Type.MouseMove, (x, y), left)
            painted = time.perf_counter()
            view.viewport().repaint()
            handling.append(handled)
            with_paint.append(handled + time.perf_counter() - painted)
            next_frame = begun + k * period
            while time.perf_counter() < next_frame:
                app.processEvents()
                time.sleep(0.0005)
        end_point = (x, y)
        mouse(view, QEvent.Type.MouseButtonRelease, end_point, Qt.MouseButton.NoButton)
        drag_seconds = time.perf_counter() - begun

        deadline = time.monotonic() + 10
        applied: Layout | None = None
        while time.monotonic() < deadline:
            pump(app, 0.02)
            if (
                widget.live_controller.state == "applied"
                and not session.publisher_status.pending_layout
            ):
                wire = emulator.task(session.sid or "")["layout"]
                applied = from_wire(LayoutUpdate.model_validate(wire), CW, CH)
                if applied == document.layout:
                    break
        sent = emulator.requests("updateLayout")[before:]
        refused = [r for r in sent if r.status != 200]
        undo_steps = widget.editor.stack.count()

        print(
            f"regions: {len(document.layout.regions)}; frames: {frames} at {args.hz:g} Hz "
            f"over {drag_seconds:.2f} s"
        )
        for name, values in (("handling", handling), ("handling + repaint", with_paint)):
            ms = [v * 1000 for v in values]
            p50, p99 = statistics.median(ms), percentile(ms, 0.99)
            print(f"{name:>20}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {max(ms):.2f} ms")
        print(
            f"updateLayout requests during/after the drag: {len(sent)} "
            f"({len(sent) / drag_seconds:.1f}/s; most in any 1 s window: "
            f"{max_per_second([r.time for r in sent])}); refused: {len(refused)}"
        )
        print(f"canvas publishes: {widget.live_controller.publish_count}; undo steps: {undo_steps}")
        print(f"applied layout on the emulator equals the model: {applied == document.layout}")
        lost = NONE_REFS_AT_START - sys.getrefcount(None)
        print(f"None references lost by the Qt binding: {max(0, lost)} (must be ~0)")

        if args.screenshot is not None:
            shoot(app, widget, args.screenshot)

        bridge.detach()
        widget.set_sink(None)
        widget.close()
        widget.deleteLater()

        async def end() -> None:
            await manager.aclose()
            manager.journal.close()

        run(app, loop, end())
    loop._QEventLoop__is_running = False  # never loop.stop(): it calls app.exit()
    asyncio.events._set_running_loop(None)
    loop.close()


if __name__ == "__main__":
    main()
