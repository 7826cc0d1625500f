"""The PyInstaller bundle: its size, and its cold start beside the venv's.

    make bundle && QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_bundle.py

Sizes: the unpacked dist/recorder-gui/ (sum of file sizes; goal <= 150 MB), its largest parts,
and the tarball. Start: each command runs in a new process, bundle and venv alternating, with
a fresh empty HOME; medians of the rounds and the ratio bundle/venv:

* ``--version``: process start, imports, argument parsing (no window);
* ``--screenshot`` (no demo): the first run's window created, painted and saved to a PNG, then
  quit (it waits 0.3 s before the grab in both);
* ``--demo --screenshot``: the whole demo tour against the emulator (mostly the tour's own
  waits for ON AIR; fewer rounds).

The page cache stays warm between rounds (a new process, not a cold disk); ``--drop-caches``
(root) empties it before every run to time a truly cold start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "recorder-gui"


def tree_bytes(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def largest_parts(internal: Path, count: int = 8) -> list[tuple[int, str]]:
    parts = []
    for child in internal.iterdir():
        size = tree_bytes(child) if child.is_dir() and not child.is_symlink() else 0
        if not child.is_dir():
            size = child.lstat().st_size
        parts.append((size, child.name))
    return sorted(parts, reverse=True)[:count]


def drop_caches() -> None:
    subprocess.run(["sync"], check=True)
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def timed(args: list[str], env: dict[str, str], cwd: Path, cold: bool) -> float:
    if cold:
        drop_caches()
    start = time.perf_counter()
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return took


def compare(
    name: str,
    extra: list[str],
    rounds: int,
    work: Path,
    cold: bool,
    bundle_exe: Path,
    venv_exe: Path,
) -> tuple[float, float]:
    times: dict[str, list[float]] = {"bundle": [], "venv": []}
    for i in range(rounds):
        order = [("bundle", bundle_exe), ("venv", venv_exe)]
        if i % 2:
            order.reverse()  # alternate who goes first
        for label, exe in order:
            home = Path(tempfile.mkdtemp(prefix="home-", dir=work))
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": str(home),
                "LANG": "C.UTF-8",
                "QT_QPA_PLATFORM": "offscreen",
            }
            args = [str(exe), *[a.replace("{home}", str(home)) for a in extra]]
            times[label].append(timed(args, env, work, cold))
    bundle = statistics.median(times["bundle"])
    venv = statistics.median(times["venv"])
    spread = {k: ", ".join(f"{t * 1000:.0f}" for t in v) for k, v in times.items()}
    print(
        f"{name:<26} bundle {bundle * 1000:7.0f} ms   venv {venv * 1000:7.0f} ms   "
        f"ratio {bundle / venv:.2f}x   (ms: bundle {spread['bundle']}; venv {spread['venv']})"
    )
    return bundle, venv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--rounds", type=int, default=7, help="rounds of --version/--screenshot")
    parser.add_argument("--demo-rounds", type=int, default=3, help="rounds of the demo tour")
    parser.add_argument("--drop-caches", action="store_true", help="(root) a cold disk cache")
    args = parser.parse_args()

    bundle_exe = args.bundle / "recorder-gui"
    venv_exe = Path(sys.executable).parent / "recorder-gui"
    if not bundle_exe.is_file():
        raise SystemExit(f"No bundle at {args.bundle}: run `make bundle` first.")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    tarballs = sorted(args.bundle.parent.glob(f"recorder-gui-{version}-linux-*.tar.gz"))

    print(f"Bundle {args.bundle} (recorder-gui {version})")
    unpacked = tree_bytes(args.bundle)
    print(f"unpacked: {unpacked / 1e6:.1f} MB ({unpacked / 2**20:.1f} MiB); goal <= 150 MB")
    for tarball in tarballs:
        size = tarball.stat().st_size
        print(f"tarball:  {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) {tarball.name}")
    print("largest parts of _internal/:")
    for size, name in largest_parts(args.bundle / "_internal"):
        print(f"  {size / 1e6:6.1f} MB  {name}")
    for exe in ("recorder-gui", "recorder-gui-emulator"):
        print(f"  {(args.bundle / exe).stat().st_size / 1e6:6.1f} MB  {exe} (with its PYZ)")

    cache = "cold disk cache" if args.drop_caches else "warm disk cache, new process"
    print(f"\nstart, median of {args.rounds} ({cache}), bundle and venv alternating:")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        work = Path(tmp)
        compare(
            "--version",
            ["--version"],
            args.rounds,
            work,
            args.drop_caches,
            bundle_exe,
            venv_exe,
        )
        compare(
            "--screenshot (first run)",
            ["--screenshot", "{home}/shot.png"],
            args.rounds,
            work,
            args.drop_caches,
            bundle_exe,
            venv_exe,
        )
        if args.demo_rounds:
            compare(
                "--demo --screenshot",
                ["--demo", "--screenshot", "{home}/shot.png"],
                args.demo_rounds,
                work,
                args.drop_caches,
                bundle_exe,
                venv_exe,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
