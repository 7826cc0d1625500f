"""Bootstrap: arguments, the qasync loop, and the wiring store -> engine -> bridge -> window.

``recorder-gui --demo`` serves the emulator on a free loopback port with a simulated channel and
a demo profile held in memory; ``--screenshot PATH`` renders the window to a PNG and exits.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QWidget

from recorder_gui.cli import build_parser
from recorder_gui.ui.main_window import MainWindow
from recorder_gui.ui.style import app_icon, apply_style

# The window paints first (benchmarks/bench_ui.py): only the window's modules load before it.
# The controller, contexts and tours, asyncio and qasync, the engine, client, store and emulator
# (pydantic, httpx, keyring, starlette, uvicorn) load after its first paint, each function below
# importing what it needs when it runs (tests/test_startup_imports.py keeps it so).
if TYPE_CHECKING:
    import argparse

    from recorder_gui.contexts import DEMO_APP_ID, DEMO_CHANNEL, Context, demo_context
    from recorder_gui.controller import Controller

__all__ = ["DEMO_APP_ID", "DEMO_CHANNEL", "Context", "Controller", "demo_context", "main"]
_LAZY = {
    "DEMO_APP_ID": "recorder_gui.contexts",
    "DEMO_CHANNEL": "recorder_gui.contexts",
    "Context": "recorder_gui.contexts",
    "demo_context": "recorder_gui.contexts",
    "Controller": "recorder_gui.controller",
}


def __getattr__(name: str) -> Any:
    """The re-exported names, imported on first use (after the first paint)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def paint_now(window: QWidget, within: float = 1.0) -> bool:
    """Show ``window`` and process events until it painted, at most ``within`` s.

    The watcher filters the window's own events only (a shown window paints itself first, then
    its children). An application-wide Python filter would make PySide wrap every object that
    gets an event, and the first one of a class it does not export (the ``QGestureManager`` a
    scroll area makes) makes it create every class of every loaded Qt module, with their
    enums: about 160 enum types, 30-40 ms before the first paint."""
    app = QApplication.instance()
    assert app is not None
    painted: list[bool] = []

    class Watcher(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    watcher = Watcher()
    window.installEventFilter(watcher)
    try:
        window.show()
        deadline = time.monotonic() + within
        while not painted and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    finally:
        window.removeEventFilter(watcher)
    return bool(painted)


def forget_sources() -> None:
    """Empty ``linecache``: PySide6 reads the source of every module imported after it (looking
    for "PySide6" in it) and linecache keeps all of it, about 17 MB once the app has started.
    Nothing needs it; a traceback reads again the lines it shows."""
    import linecache

    linecache.clearcache()


#: Called with the controller once the window works (panels, engine, store, bridge wired).
OnReady = Callable[["Controller"], object]


async def main_async(
    args: argparse.Namespace, window: MainWindow | None = None, *, on_ready: OnReady | None = None
) -> int:
    import asyncio
    import logging

    from recorder_gui.contexts import demo_context, user_context
    from recorder_gui.controller import Controller
    from recorder_gui.startup_notices import request_reattach, show_notices

    log = logging.getLogger("recorder_gui.app")

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = window or MainWindow()
    window.show()
    window.build_panels()
    context = demo_context() if args.demo else user_context(args.profile)
    if args.screenshot:
        context.settings = None  # a fixed size, whatever the last run left
    controller = Controller(context, window)
    size = getattr(args, "window_size", None)
    if size is not None:
        window.resize(*size)
    show_notices(window, context.notices)
    if not args.demo and not context.profiles.names():
        controller.open_profile_dialog(None)  # first run
    request_reattach(controller.bridge, controller.window)
    forget_sources()  # what the panels, the context and the controller imported
    if on_ready is not None:  # benchmarks/bench_ui.py: the window works from here
        on_ready(controller)
    if args.screenshot:
        from recorder_gui.tours import (
            callbacks_tour,
            companion_path,
            layout_screenshot_path,
            layout_tour,
            screenshot_tour,
        )

        try:
            await screenshot_tour(controller, demo=args.demo)
            # Let the loop run Qt's pending events. Never app.processEvents() here: inside a
            # coroutine it re-enters the qasync loop, which then drops the step of any other
            # task that is due ("Cannot enter into task ...") and that task never runs again.
            await asyncio.sleep(0.05)
            window.grab().save(str(args.screenshot))
            if size is not None and (window.width(), window.height()) != size:
                log.warning(
                    "the window grew to %dx%d (asked for %dx%d)",
                    window.width(),
                    window.height(),
                    *size,
                )
            editor = await layout_tour(controller) if args.demo else None
            if editor is not None:
                await asyncio.sleep(0.05)  # not app.processEvents(): see above
                window.grab().save(str(layout_screenshot_path(args.screenshot)))
                editor.live.live.setChecked(False)  # let the last layout settle before quitting
                await asyncio.sleep(0.3)
            if args.demo and await callbacks_tour(controller):
                await asyncio.sleep(0.05)  # not app.processEvents(): see above
                window.grab().save(str(companion_path(args.screenshot, "callbacks")))
        finally:
            await controller.shutdown()
        return 0
    await controller.done.wait()
    return 0


def main(argv: Sequence[str] | None = None, *, on_ready: OnReady | None = None) -> int:
    import gc

    from recorder_gui.import_trims import trim_imports

    trim_imports()  # before the engine's imports
    args = build_parser().parse_args(argv)
    # No cyclic collection until the engine has loaded: the window's first paint and then the
    # engine allocate for a long time and free almost nothing, and collecting would cost a
    # tenth of the start (about 2 ms before the paint, 64 ms in the engine's imports). What
    # they loaded lives as long as the app, so it is frozen (never scanned again: the first
    # collection after the imports would walk every object they made, about 30 ms). The GUI
    # thread's collector takes over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "recorder-gui"])
        assert isinstance(app, QApplication)
        app.setApplicationName("recorder-gui")
        app.setDesktopFileName("io.github.recorder_gui.RecorderGui")  # the menu entry (Wayland)
        app.setQuitOnLastWindowClosed(False)
        apply_style(app, getattr(args, "color_scheme", None), icon=False)
        window = MainWindow(shell=True)  # what needs Qt's namespace comes after the paint
        paint_now(window)  # on screen before anything slow loads (benchmarks/bench_ui.py)
        app.setWindowIcon(app_icon())  # the SVG plugin loads after the paint

        import asyncio

        import qasync  # after PySide6, so qasync binds to it

        from recorder_gui.bridge.gc_guard import MainThreadGarbageCollector
        from recorder_gui.logging_setup import configure_logging
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    forget_sources()

    configure_logging()
    # The emulator thread and httpx allocate too: let only the GUI thread free Qt objects.
    collector = MainThreadGarbageCollector(parent=app)
    try:
        # asyncio.Runner is Python 3.11's form of asyncio.run(..., loop_factory=...).
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            return runner.run(main_async(args, window, on_ready=on_ready))
    finally:
        collector.stop()


if __name__ == "__main__":
    sys.exit(main())
