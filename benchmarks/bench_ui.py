"""UI figures: the real start of ``recorder-gui`` to its first paint and to a working window (vs a
bare PySide6 window); event-loop lag p99 and peak RSS with 20 live sessions on the emulator.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py [--runs N] [--before DIR]``; DIR
holds a copy of an earlier ``recorder_gui/`` package, measured side by side (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recorder_gui.controller import Controller

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# How both children see the first paint: the first Paint event of the first top-level widget.
# The filter is application-wide only until that widget gets its first event (in its
# constructor), then it filters that window alone. A Python filter on the whole application
# would make PySide wrap every object that gets an event, and the first one of a class PySide
# does not export (the ``QGestureManager`` that a scroll area makes) makes it create every class
# of every loaded Qt module with their enums: about 160 enum types, 30-40 ms, that only a window
# with a scroll area pays, and only while it is measured (``app.paint_now`` watches its window
# alone). The bare window has no such object: an application-wide filter was unfair to the app.
_FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
class FirstPaint(QObject):
    def __init__(self, app, then):
        super().__init__()
        self.app, self.then, self.on_window = app, then, False
        app.installEventFilter(self)
    def eventFilter(self, obj, ev):
        if not self.on_window and obj.isWidgetType() and obj.isWindow():
            self.app.removeEventFilter(self)
            obj.installEventFilter(self)  # from now on, this window's events only
            self.on_window = True
        if self.on_window and ev.type() == QEvent.Type.Paint:
            print(time.time() - t0, time.process_time()); sys.stdout.flush()
            obj.removeEventFilter(self)
            self.then()
        return False
"""
# A bare PySide6 window: the baseline every figure is a ratio of. Its size is the app's first
# window's (``main_window.first_size``: 1440x880, or less on a smaller screen, as offscreen's
# 800x800): a bigger window takes longer to paint (about 1 ms more at 1440x880 offscreen).
_BARE = (
    """
import os, sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
room = app.primaryScreen().availableGeometry()
w = QWidget(); w.resize(min(1440, room.width()), min(880, room.height()))
def after_paint():
    app.processEvents()
    print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
"""
    + _FIRST_PAINT
    + """
f = FirstPaint(app, lambda: QTimer.singleShot(0, after_paint)); w.show(); app.exec()
"""
)
# The floor of any window built as the product is (a PySide6 window on a qasync loop, an async
# httpx client, pydantic models, secrets in the OS keyring): the bare window, then, after its
# paint, only those libraries imported (with the app's import trims), one pydantic model
# validated, keyring's backend chosen, a qasync loop run once. No window content, no code of
# ours: what "working" cannot cost less than, whatever the app does. ``--floors`` also measures
# it with fewer libraries (``FLOORS``): what a window that loaded a library later could save.
FLOOR_LIBRARIES = ("httpx", "keyring", "pydantic")
#: The floors ``--floors`` measures: qasync alone, then with each library the window needs to
#: show a saved profile (its models, its keyring), then all of them.
FLOORS: tuple[tuple[str, ...], ...] = (
    (),
    ("keyring",),
    ("pydantic",),
    ("keyring", "pydantic"),
    FLOOR_LIBRARIES,
)


def floor_code(libraries: tuple[str, ...] = FLOOR_LIBRARIES) -> str:
    """The floor child's code with ``libraries`` (of ``FLOOR_LIBRARIES``) and qasync."""
    unknown = set(libraries) - set(FLOOR_LIBRARIES)
    if unknown:
        raise ValueError(f"not a floor library: {', '.join(sorted(unknown))}")
    uses = {
        "pydantic": 'class Model(pydantic.BaseModel):\n    name: str\nModel(name="x")\n',
        "keyring": "keyring.get_keyring()\n",
    }
    return (
        """
import os, sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
room = app.primaryScreen().availableGeometry()
w = QWidget(); w.resize(min(1440, room.width()), min(880, room.height()))
"""
        + _FIRST_PAINT
        + """
painted = []
f = FirstPaint(app, lambda: painted.append(True)); w.show()
while not painted:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
from recorder_gui.import_trims import trim_imports
trim_imports()
"""
        + f"import {', '.join(['asyncio', *sorted(libraries), 'qasync'])}\n"
        + "".join(uses.get(name, "") for name in sorted(libraries))
        + """async def ready():
    await asyncio.sleep(0)
    print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
    runner.run(ready())
"""
    )


#: The lowest a window that paints as the app does (its style, its shell) can cost before it
#: shows a saved profile: the app's shell painted as ``main`` paints it, then only qasync,
#: keyring and pydantic (a profile's models, its secrets), no panel, no file read. ``--floors``.
_SHELL_FLOOR = (
    """
import os, sys, time
t0 = float(sys.argv[1])
from recorder_gui.import_trims import trim_imports
trim_imports()
from PySide6.QtWidgets import QApplication
from recorder_gui.app import paint_now
from recorder_gui.ui.main_window import MainWindow
from recorder_gui.ui.style import apply_style
app = QApplication(["recorder-gui"])
apply_style(app, None, icon=False)
"""
    + _FIRST_PAINT
    + """
f = FirstPaint(app, lambda: None)
paint_now(MainWindow(shell=True))
import asyncio, keyring, pydantic, qasync
class Model(pydantic.BaseModel):
    name: str
Model(name="x")
keyring.get_keyring()
async def ready():
    await asyncio.sleep(0)
    print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
    runner.run(ready())
"""
)


def floor_name(libraries: tuple[str, ...]) -> str:
    return "bare + qasync" + "".join(f", {name}" for name in sorted(libraries))


SHELL_FLOOR_NAME = "the app's shell painted + qasync, keyring, pydantic"


# The real start of ``recorder-gui`` (the script runs ``recorder_gui.app:main``): arguments,
# style, the window shell painted; then the panels, the qasync loop, the user context (profile
# store, OS keyring, journal, engine and its HTTP client), the bridges and the controller.
# "Working" is when ``main_async`` hands the wired controller to ``on_ready``, plus one turn of
# the loop (as the bare window gets one ``processEvents`` after its paint).
_APP = (
    """
import os, sys, time
t0 = float(sys.argv[1])
from recorder_gui.app import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["recorder-gui"])
"""
    + _FIRST_PAINT
    + """
f = FirstPaint(app, lambda: None)
def ready(controller):
    def done():
        print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
    QTimer.singleShot(0, done)
main(sys.argv[2:], on_ready=ready)
"""
)


def user_dirs(base: Path) -> dict[str, str]:
    """A returning producer's folders under ``base`` (a saved, last-used profile), as the
    environment that points ``recorder-gui`` at them. The keyring is whatever this machine's
    ``keyring`` finds (a Secret Service under a desktop session; none, then memory, without)."""
    from recorder_gui.store import (
        CredentialStore,
        MemoryBackend,
        Profile,
        ProfileStore,
        StorageSettings,
    )

    dirs = {kind: base / kind for kind in ("config", "data", "log", "state", "home")}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    store = ProfileStore(
        dirs["config"] / "profiles", credentials=CredentialStore(backend=MemoryBackend())
    )
    store.save(
        Profile(
            name="studio",
            app_id="0123456789abcdef0123456789abcdef",
            storage=StorageSettings(vendor=1, region=0, bucket="shows", file_name_prefix=["s"]),
        )
    )
    store.set_last_used("studio")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECORDER_GUI_")}
    env.update({f"RECORDER_GUI_{k.upper()}_DIR": str(v) for k, v in dirs.items() if k != "home"})
    env.update(HOME=str(dirs["home"]), XDG_CACHE_HOME=str(dirs["home"] / ".cache"))
    # An installed app has its bytecode (pip compiles it): let the untimed first run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child(code: str, env: dict[str, str]) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) seconds at the first paint and at the working window, from process start
    (the CPU time of the whole process, every thread, from the interpreter's start)."""
    out = subprocess.run(
        [sys.executable, "-c", code, repr(time.time())],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=env["HOME"],  # not the source tree: it would shadow a --before copy on sys.path
        timeout=60,
    )
    paint, ready = (tuple(map(float, line.split())) for line in out.stdout.splitlines()[-2:])
    return (paint[0], paint[1]), (ready[0], ready[1])


@dataclass
class Figures:
    """Seconds from process start, one entry per run: wall clock, and the process's CPU."""

    paint: list[float] = field(default_factory=list)
    ready: list[float] = field(default_factory=list)
    paint_cpu: list[float] = field(default_factory=list)
    ready_cpu: list[float] = field(default_factory=list)

    def add(self, paint: tuple[float, float], ready: tuple[float, float]) -> None:
        self.paint.append(paint[0])
        self.paint_cpu.append(paint[1])
        self.ready.append(ready[0])
        self.ready_cpu.append(ready[1])

    def median(self, which: str) -> float:
        return float(statistics.median(getattr(self, which)))

    def text(self, which: str) -> str:
        values = sorted(getattr(self, which))
        return (
            f"{self.median(which) * 1000:.0f} ms ({values[0] * 1000:.0f}-{values[-1] * 1000:.0f})"
        )


def cold_start(
    runs: int,
    trees: dict[str, str | None],
    floors: dict[str, str] | None = None,
) -> tuple[Figures, dict[str, Figures], dict[str, Figures]]:
    """The bare window, the floors (by name, their code: by default the bare window and the
    product's libraries, ``floor_code``) and ``recorder-gui`` (from each tree: None is the
    installed package, a path is a copy of the package put first on ``PYTHONPATH``),
    alternating run by run so they share the machine's load, after one untimed run of each
    (the page cache, the bytecode, the journal's first creation)."""
    bare, apps = Figures(), {name: Figures() for name in trees}
    codes = floors if floors is not None else {floor_name(FLOOR_LIBRARIES): floor_code()}
    floor_figures = {name: Figures() for name in codes}
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        env = user_dirs(Path(tmp))
        envs = {name: _tree_env(env, tree) for name, tree in trees.items()}
        _child(_BARE, env)
        for code in codes.values():
            _child(code, env)
        for name in trees:
            _child(_APP, envs[name])
        for _ in range(runs):
            bare.add(*_child(_BARE, env))
            for floor, code in codes.items():
                floor_figures[floor].add(*_child(code, env))
            for name in trees:
                apps[name].add(*_child(_APP, envs[name]))
    return bare, floor_figures, apps


def _tree_env(env: dict[str, str], tree: str | None) -> dict[str, str]:
    if tree is None:
        return env
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [tree, env.get("PYTHONPATH")]))}


async def lag_with_sessions(
    controller: Controller, count: int = 20, seconds: float = 10.0
) -> tuple[float, int]:
    """Start ``count`` recordings through the start form, then sample the loop's lag."""
    context = controller.context
    assert context.server is not None
    context.server.emulator.config.rate_limit_per_second = None
    context.manager.limiters.rate = None  # the registry the transport holds: no limit
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
    lags.sort()
    return lags[int(len(lags) * 0.99) - 1], on_air


def sessions_child() -> None:
    """``recorder-gui --demo`` started as the script does, 20 recordings on its emulator; print
    lag p99, ON AIR count and this process's peak RSS. The panel, the emulator and the relay
    share the process; storage is simulated, as in an install without the ``demo`` extra
    (moto's S3 server, about 100 MB more, is a demo prop a producer's panel never loads)."""
    sys.modules["moto"] = None  # type: ignore[assignment]  # importing it raises ImportError
    from recorder_gui.app import main

    found: list[tuple[float, int]] = []

    async def drive(controller: Controller) -> None:
        try:
            found.append(await lag_with_sessions(controller))
        finally:
            await controller.shutdown()

    tasks: list[asyncio.Task[None]] = []
    main(["--demo"], on_ready=lambda c: tasks.append(asyncio.ensure_future(drive(c))))
    (p99, on_air), rss = found[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{p99} {on_air} {rss}")


def sessions(tree: str | None) -> tuple[float, int, float]:
    """(lag p99 ms, sessions ON AIR, peak RSS MB) of a fresh process running the 20 sessions."""
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        env = _tree_env(user_dirs(Path(tmp)), tree)
        out = subprocess.run(
            [sys.executable, __file__, "--sessions-child"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=env["HOME"],
            timeout=120,
        )
    p99, on_air, rss = out.stdout.split()[-3:]
    return float(p99), int(on_air), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="cold starts of each (default 7)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold starts")
    parser.add_argument("--no-sessions", action="store_true", help="skip the 20 sessions")
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also measure a copy of the package (DIR holds its recorder_gui/), side by side",
    )
    parser.add_argument(
        "--floors",
        action="store_true",
        help="also measure the floor with fewer libraries (qasync alone, with keyring, ...)",
    )
    parser.add_argument("--sessions-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sessions_child:
        sessions_child()
        return
    trees: dict[str, str | None] = {"recorder-gui": None}
    if args.before:
        trees = {"before": args.before, **trees}
    if not args.no_cold:
        floors = None
        if args.floors:
            floors = {floor_name(libraries): floor_code(libraries) for libraries in FLOORS}
            floors[SHELL_FLOOR_NAME] = _SHELL_FLOOR
        bare, floor_figures, apps = cold_start(args.runs, trees, floors)
        b, bc = bare.median("paint"), bare.median("paint_cpu")
        print(f"cold start, median (range) of {args.runs} runs each, alternating:")
        print(
            f"  bare PySide6 window, first paint: {bare.text('paint')}, "
            f"CPU {bare.text('paint_cpu')}"
        )
        for floor_label, floor in floor_figures.items():
            f, fc = floor.median("ready"), floor.median("ready_cpu")
            print(
                f"  floor ({floor_label}): {floor.text('ready')}, "
                f"{f / b:.2f}x bare; CPU {floor.text('ready_cpu')}, {fc / bc:.2f}x"
            )
        for name, ours in apps.items():
            p, r = ours.median("paint"), ours.median("ready")
            pc, rc = ours.median("paint_cpu"), ours.median("ready_cpu")
            print(
                f"  {name} first paint: {ours.text('paint')}, {p / b:.2f}x bare (goal <= 1.3x); "
                f"CPU {ours.text('paint_cpu')}, {pc / bc:.2f}x"
            )
            print(
                f"  {name} working: {ours.text('ready')}, {r / b:.2f}x bare (goal <= 2.5x); "
                f"CPU {ours.text('ready_cpu')}, {rc / bc:.2f}x"
            )
            pairs = zip(ours.paint, ours.ready, bare.paint, strict=True)
            print(
                "    per run, paint / working vs bare: "
                + ", ".join(f"{o / x:.2f}/{w / x:.2f}" for o, w, x in pairs)
            )
    if args.no_sessions:
        return
    for name, tree in trees.items():
        p99, on_air, rss = sessions(tree)
        print(
            f"{name}, 20 sessions ({on_air} ON AIR): event-loop lag p99 {p99:.1f} ms "
            f"(goal <= 16 ms), peak RSS {rss:.0f} MB (goal <= 150 MB)"
        )


if __name__ == "__main__":
    main()
