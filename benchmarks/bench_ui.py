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

from ui_children import APP, BARE, floor_children  # the script's own folder is on sys.path

if TYPE_CHECKING:
    from recorder_gui.controller import Controller

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    floors: dict[str, str],
) -> tuple[Figures, dict[str, Figures], dict[str, Figures]]:
    """The bare window, the floors (by name, their code: ``ui_children.floor_children``) and
    ``recorder-gui`` (from each tree: None is the installed package, a path is a copy of the
    package put first on ``PYTHONPATH``), alternating run by run so they share the machine's
    load, after one untimed run of each (the page cache, the bytecode, the journal's first
    creation)."""
    bare, apps = Figures(), {name: Figures() for name in trees}
    floor_figures = {name: Figures() for name in floors}
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        env = user_dirs(Path(tmp))
        envs = {name: _tree_env(env, tree) for name, tree in trees.items()}
        _child(BARE, env)
        for code in floors.values():
            _child(code, env)
        for name in trees:
            _child(APP, envs[name])
        for _ in range(runs):
            bare.add(*_child(BARE, env))
            for floor, code in floors.items():
                floor_figures[floor].add(*_child(code, env))
            for name in trees:
                apps[name].add(*_child(APP, envs[name]))
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
        bare, floor_figures, apps = cold_start(args.runs, trees, floor_children(args.floors))
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
