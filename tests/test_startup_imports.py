"""What ``recorder-gui`` has loaded when its window first paints, and when the window works.

The window paints before the engine loads (benchmarks/bench_ui.py measures how long each
takes; timings never gate a test, these machines are shared): these tests hold the *what*.
Each runs the real entry point, ``recorder_gui.app.main``, in a fresh interpreter (offscreen,
the test's private dirs, no system keyring) and lists ``sys.modules`` at that moment, and which
Qt classes PySide has made Python types of (it makes them on first use, with their enums).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, os, sys
from recorder_gui.app import main
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

def report(when):
    types = [
        name
        for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
        for name in vars(sys.modules[module])
    ]
    modules = sorted(k for k, v in sys.modules.items() if v is not None)  # None: blocked
    print(json.dumps({"when": when, "modules": modules, "types": types}), flush=True)
    os._exit(0)

app = QApplication(["recorder-gui"])
if sys.argv[1] == "paint":
    # On the whole application only until the first window's first event (as
    # benchmarks/bench_ui.py: an application-wide Python filter makes PySide create types).
    class FirstPaint(QObject):
        on_window = False
        def eventFilter(self, obj, event):
            if not self.on_window and obj.isWidgetType() and obj.isWindow():
                app.removeEventFilter(self)
                obj.installEventFilter(self)
                self.on_window = True
            if self.on_window and event.type() == QEvent.Type.Paint:
                report("paint")
            return False
    watcher = FirstPaint()
    app.installEventFilter(watcher)
main(sys.argv[2:], on_ready=lambda _controller: QTimer.singleShot(0, lambda: report("ready")))
"""

#: Never loaded before the first paint: the engine and everything under it, the bootstrap's
#: own heavy parts, and what only the demo, the relay, storage checks or the tests use.
NOT_BEFORE_PAINT = [
    "asyncio",
    "qasync",
    "pydantic",
    "pydantic_core",
    "httpx",
    "keyring",
    "secretstorage",
    "sqlite3",
    "platformdirs",
    "recorder_gui.api",
    "recorder_gui.bridge",
    "recorder_gui.callbacks",
    "recorder_gui.contexts",
    "recorder_gui.controller",
    "recorder_gui.layout",
    "recorder_gui.recording",
    "recorder_gui.store",
    "recorder_gui.tours",
    "recorder_gui.ui.canvas",
    "recorder_gui.ui.widgets.start_form",
    # The window's shell needs none of these (recorder_gui/ui/main_window.py, ui/style.py).
    "recorder_gui.assets",
    "importlib.resources",
    "recorder_gui.ui.elided",
    "recorder_gui.ui.layout_tab",
    "recorder_gui.ui.widgets",
]
#: Qt classes never made Python types of before the first paint. ``Qt``: its first use makes
#: ~100 enum types (about 15 ms); the shell's code never names it. The others are a sign that
#: PySide made every class of every loaded module (~160 enum types, 30-40 ms): what an
#: application-wide Python event filter triggers when an object of a class PySide does not
#: export gets an event (``app.paint_now`` watches its window alone).
NO_TYPE_BEFORE_PAINT = ["Qt", "QKeySequence", "QSizePolicy", "QProcess", "QWizard", "QGraphicsView"]
#: Never loaded by a producer's working window: the demo's servers and storage, the relay,
#: playlist reading, the tests' tools, and the layout editor (made when the Layout tab shows).
NOT_IN_A_WORKING_WINDOW = [
    "boto3",
    "botocore",
    "moto",
    "m3u8",
    "starlette",
    "uvicorn",
    "psycopg",
    "hypothesis",
    "pytest",
    "recorder_gui.emulator",
    "recorder_gui.relay",
    "recorder_gui.asgi_thread",
    "recorder_gui.tours",
    "recorder_gui.ui.canvas",
    # httpx's command line and what it pulls in (recorder_gui/import_trims.py)
    "click",
    "rich",
    "pygments",
]
if sys.platform != "darwin":  # keyring's macOS backend would load Apple's frameworks
    NOT_IN_A_WORKING_WINDOW.append("keyring.backends.macOS.api")


def found_at(when: str, *args: str) -> dict[str, list[str]]:
    env = dict(os.environ)  # the test's private RECORDER_GUI_*_DIR (tests/_fixtures/dirs.py)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    child = subprocess.run(
        [sys.executable, "-c", CHILD, when, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no report (exit {child.returncode}): {child.stderr[-2000:]}"
    found: dict[str, list[str]] = json.loads(lines[-1])
    assert found["when"] == when
    return found


def modules_at(when: str, *args: str) -> set[str]:
    return set(found_at(when, *args)["modules"])


def loaded(modules: set[str], names: list[str]) -> list[str]:
    """Which of ``names`` (packages count with their submodules) are in ``modules``."""
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


def test_the_first_paint_needs_only_qt_and_the_window() -> None:
    found = found_at("paint")
    modules = set(found["modules"])
    assert "recorder_gui.ui.main_window" in modules  # it did paint our window
    assert loaded(modules, NOT_BEFORE_PAINT) == []
    assert "QMainWindow" in found["types"]
    assert [name for name in NO_TYPE_BEFORE_PAINT if name in found["types"]] == []


@pytest.mark.parametrize("args", [[], ["--profile", "studio"]])
def test_a_working_window_loads_no_demo_relay_or_editor(args: list[str]) -> None:
    modules = modules_at("ready", *args)
    assert {"recorder_gui.recording.manager", "recorder_gui.controller"} <= modules  # it works
    assert loaded(modules, NOT_IN_A_WORKING_WINDOW) == []
