"""Smoke steps 9 and 10 (``packaging/smoke.py``): the bundle's install and uninstall scripts,
and the wheel and sdist that ``make dist`` wrote beside it."""

from __future__ import annotations

import tarfile
import zipfile
from typing import TYPE_CHECKING

from smoke_checks import APP_ID, ICON_SIZES, check, validate_desktop

if TYPE_CHECKING:
    from smoke import Smoke


def install_uninstall(smoke: Smoke) -> str:
    """Step 9: install.sh into a temporary PREFIX and XDG_DATA_HOME, then uninstall.sh."""
    root = smoke.work / "install-root"
    root.mkdir()
    prefix = root / "prefix"
    data = prefix / "share"
    env = {"PREFIX": str(prefix), "XDG_DATA_HOME": str(data)}
    result = smoke.run(["sh", str(smoke.bundle / "install.sh")], env=env)
    check(result.returncode == 0, f"install.sh: {result.stdout}{result.stderr}")
    launcher = prefix / "bin" / "recorder-gui"
    check(launcher.is_symlink(), "no launcher symlink")
    installed = data / "recorder-gui"
    check((installed / "recorder-gui").is_file(), "the bundle was not copied")
    version = smoke.run([str(launcher), "--version"])
    check(
        version.stdout.strip() == f"recorder-gui {smoke.version}",
        f"the launcher printed {version.stdout!r} {version.stderr!r}",
    )
    emulator = smoke.run([str(prefix / "bin" / "recorder-gui-emulator"), "--version"])
    check(emulator.returncode == 0, f"emulator launcher: {emulator.stderr}")
    desktop = data / "applications" / f"{APP_ID}.desktop"
    validate_desktop(desktop)
    exec_line = next(line for line in desktop.read_text().splitlines() if line.startswith("Exec="))
    check(exec_line == f"Exec={installed / 'recorder-gui'}", f"installed {exec_line!r}")
    for n in ICON_SIZES:
        icon = data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        check(icon.is_file(), f"{icon} missing")
    check((data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file(), "metainfo missing")
    files = sum(1 for p in root.rglob("*") if not p.is_dir())
    result = smoke.run(["sh", str(installed / "uninstall.sh")], env=env)
    check(result.returncode == 0, f"uninstall.sh: {result.stdout}{result.stderr}")
    left = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    check(not left, f"uninstall.sh left behind: {left[:20]}")
    return f"{files} files installed, nothing left after uninstall"


def wheel_and_sdist(smoke: Smoke) -> str:
    """Step 10: what the wheel and the sdist of ``make dist`` hold (skipped without them)."""
    dist = smoke.bundle.parent
    wheel = dist / f"recorder_gui-{smoke.version}-py3-none-any.whl"
    sdist = dist / f"recorder_gui-{smoke.version}.tar.gz"
    if not (wheel.is_file() and sdist.is_file()):
        return "no wheel/sdist in dist/ (make dist): skipped"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        info = f"recorder_gui-{smoke.version}.dist-info"
        entry_points = zf.read(f"{info}/entry_points.txt").decode()
        metadata = zf.read(f"{info}/METADATA").decode()
    for name in ("assets/app-icon.svg", "assets/style.qss", "py.typed"):
        check(f"recorder_gui/{name}" in names, f"the wheel lacks recorder_gui/{name}")
    for command in ("recorder-gui ", "recorder-gui-emulator ", "recorder-gui-relay "):
        check(command in entry_points, f"the wheel lacks the {command.strip()} command")
    check("Description-Content-Type: text/markdown" in metadata, "no README in METADATA")
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[-1] for m in tf.getmembers()}
    for name in ("README.md", "pyproject.toml", "recorder_gui/assets/style.qss"):
        check(name in members, f"the sdist lacks {name}")
    check(f"packaging/linux/{APP_ID}.desktop" in members, "the sdist lacks the menu entry")
    return f"{wheel.name}, {sdist.name}"
