"""Smoke test of the built bundle: run it as a user would, on this machine, with no venv.

    .venv/bin/python packaging/smoke.py [dist/recorder-gui]      (``make bundle-smoke``)

Checks, each printed as ``ok``/``FAIL`` with its time, then one ``N passed, N failed`` line:

1. the bundle's layout: both executables, share/ (menu entry, metainfo, icons of the right
   sizes), the install scripts; no dangling symlink; nothing that must not be there (psycopg,
   Qt translations, Qt Quick/QML, PySide6 Addons, test tools); at most 150 MB;
2. ``recorder-gui --version`` and ``recorder-gui-emulator --version`` print the version of
   pyproject.toml, with a bare environment (no display, no venv, an empty HOME);
3. keyring inside the frozen bundle: its backends are found through entry points, the
   SecretService backend and secretstorage/jeepney import, and (where gnome-keyring and
   dbus-run-session exist, as in CI) a secret round-trips through a real Secret Service;
4. the app's file checks inside the frozen bundle (boto3 and m3u8, loaded by name, and S3's
   model among botocore's pruned data): the bucket, an object's size, a missing object, a
   presigned link that fetches it, and a playlist with its segments, against moto's S3 server
   from the build venv (packaging/smoke_storage.py);
5. ``recorder-gui --demo --screenshot`` offscreen: the demo tour runs against the bundled
   emulator and writes the window and the Layout tab as PNGs of the asked size that are not
   blank, with no traceback on stderr or in the app's log;
6. the app's first run (no profile yet) on a real X server (Xvfb, Qt's xcb plugin) when
   xvfb-run is installed, on a real Secret Service when gnome-keyring is: the app must not
   log that it fell back from the system keyring;
7. ``recorder-gui-emulator`` on a free port answers its control API, and stops on Ctrl-C;
8. the .desktop file and the AppStream metainfo validate (desktop-file-validate,
   appstreamcli validate --no-net);
9. install.sh into a temporary PREFIX/XDG_DATA_HOME gives a working launcher and a valid menu
   entry pointing at the installed bundle; uninstall.sh then leaves nothing behind;
10. when ``make dist`` ran: the wheel has the assets and the three commands, the sdist the
   README and the desktop files (twine check ran in ``make dist``) (9 and 10:
   packaging/smoke_install.py).

Uses only the standard library, plus PySide6 from the build venv to look at the pixels and
moto's S3 server from it for the file checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
import urllib.request
from collections.abc import Callable
from pathlib import Path

from smoke_checks import (
    APP_ID,
    ICON_SIZES,
    SmokeError,
    check,
    check_png,
    free_port,
    kill_group,
    png_size,
    validate_desktop,
    validate_metainfo,
)
from smoke_install import install_uninstall, wheel_and_sdist
from smoke_storage import frozen_file_checks

ROOT = Path(__file__).resolve().parents[1]
SHOT_SIZE = (1366, 768)
MAX_BYTES = 150_000_000  # the bundle's size goal (benchmarks/README.md, "Bundle")
SELFTEST_ENV = "RECORDER_GUI_BUNDLE_SELFTEST"  # packaging/pyinstaller/entry_app.py
#: Paths (under _internal/) that must not be in the bundle.
FORBIDDEN = (
    "psycopg",
    "psycopg_binary",
    "PySide6/Qt/translations",
    "PySide6/Qt/qml",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6WebEngineCore.so.6",
    "PySide6/QtQml.abi3.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "pytest",
    "_pytest",
    "hypothesis",
    "PyInstaller",
)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def package_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


class Smoke:
    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle = bundle.resolve()
        self.work = work
        self.app = self.bundle / "recorder-gui"
        self.emulator = self.bundle / "recorder-gui-emulator"
        self.version = package_version()
        self.home = work / "home"
        self.home.mkdir()
        self.runs = 0
        self.passed: list[str] = []
        self.failed: list[str] = []

    # -- helpers ---------------------------------------------------------------------------
    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """A bare environment: no display, no venv, no PYTHON*, an empty private HOME."""
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_STATE_HOME": str(self.home / ".local" / "state"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
        }
        env.update(extra or {})
        return env

    def start(self, args: list[str]) -> tuple[subprocess.Popen[bytes], Path]:
        """Start ``args`` in its own session, output to a file (a daemon it starts, such as
        gnome-keyring or Xvfb, cannot keep a pipe open), Ctrl-C restored to its default (a
        background CI job may have inherited it ignored)."""
        self.runs += 1
        log = self.work / f"run-{self.runs}.out"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                args,
                cwd=self.work,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
        return proc, log

    def run(
        self, args: list[str], *, timeout: float = 60, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run to the end (the whole process group is killed after ``timeout`` seconds);
        stdout and stderr are split, as the checks need them."""
        self.runs += 1
        out_path = self.work / f"run-{self.runs}.stdout"
        err_path = self.work / f"run-{self.runs}.stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen(
                args,
                cwd=self.work,
                env=self.env(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                kill_group(proc)
                raise SmokeError(
                    f"{' '.join(args)} did not finish within {timeout:.0f} s:\n"
                    + err_path.read_text(errors="replace")[-3000:]
                ) from None
            finally:
                kill_group(proc)  # anything it left running in its session
        return subprocess.CompletedProcess(
            args,
            proc.returncode,
            out_path.read_text(errors="replace"),
            err_path.read_text(errors="replace"),
        )

    def step(self, name: str, fn: Callable[[], str | None]) -> None:
        start = time.monotonic()
        try:
            note = fn()
        except Exception as exc:
            took = time.monotonic() - start
            detail = str(exc) if isinstance(exc, SmokeError) else traceback.format_exc()
            self.failed.append(name)
            say(f"FAIL {name} ({took:.1f} s)\n     {detail.strip()}")
        else:
            took = time.monotonic() - start
            self.passed.append(name)
            extra = f": {note}" if note else ""
            say(f"ok   {name} ({took:.1f} s){extra}")

    def no_traceback(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        for marker in ("Traceback (most recent call last)", "Error initializing plugin"):
            check(marker not in result.stderr, f"{what}: {marker!r} on stderr:\n{result.stderr}")
        for log in self.home.rglob("*.log"):
            text = log.read_text(encoding="utf-8", errors="replace")
            check("Traceback" not in text, f"{what}: a traceback in {log}:\n{text[-3000:]}")

    def with_secret_service(self, args: list[str]) -> tuple[list[str], dict[str, str]] | None:
        """``args`` on a private D-Bus session with an unlocked, throw-away gnome-keyring
        (None when either is not installed), and the environment it needs."""
        runner = shutil.which("dbus-run-session")
        if runner is None or shutil.which("gnome-keyring-daemon") is None:
            return None
        self.runs += 1
        runtime = self.work / f"dbus-run-{self.runs}"
        runtime.mkdir(mode=0o700)
        script = (
            "printf throwaway-smoke-keyring | gnome-keyring-daemon --unlock "
            '--components=secrets >/dev/null && exec "$@"'
        )
        return [runner, "--", "sh", "-c", script, "sh", *args], {"XDG_RUNTIME_DIR": str(runtime)}

    # -- 1 ---------------------------------------------------------------------------------
    def layout(self) -> str:
        for exe in (self.app, self.emulator):
            check(exe.is_file() and os.access(exe, os.X_OK), f"{exe} is not an executable")
        share = self.bundle / "share"
        needed = [
            share / "applications" / f"{APP_ID}.desktop",
            share / "metainfo" / f"{APP_ID}.metainfo.xml",
            share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            self.bundle / "install.sh",
            self.bundle / "uninstall.sh",
        ]
        needed += [
            share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES
        ]
        missing = [str(p.relative_to(self.bundle)) for p in needed if not p.is_file()]
        check(not missing, f"missing from the bundle: {missing}")
        for n in ICON_SIZES:
            png = share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
            check(png_size(png) == (n, n), f"{png.name} at {n}x{n} is {png_size(png)}")
        dangling = [str(p) for p in self.bundle.rglob("*") if p.is_symlink() and not p.exists()]
        check(not dangling, f"dangling symlinks: {dangling[:10]}")
        internal = self.bundle / "_internal"
        present = [f for f in FORBIDDEN if (internal / f).exists()]
        check(not present, f"must not be bundled: {present}")
        check((internal / "recorder_gui" / "assets" / "style.qss").is_file(), "no assets")
        size = sum(p.lstat().st_size for p in self.bundle.rglob("*") if not p.is_dir())
        check(size <= MAX_BYTES, f"{size / 1e6:.0f} MB unpacked, over {MAX_BYTES / 1e6:.0f} MB")
        return f"{size / 1e6:.0f} MB unpacked (limit {MAX_BYTES / 1e6:.0f} MB)"

    # -- 2 ---------------------------------------------------------------------------------
    def versions(self) -> str:
        for exe in (self.app, self.emulator):
            result = self.run([str(exe), "--version"])
            expected = f"{exe.name} {self.version}"
            check(result.returncode == 0, f"{exe.name} --version exit {result.returncode}")
            check(
                result.stdout.strip() == expected,
                f"{exe.name} --version printed {result.stdout!r} (stderr {result.stderr!r})",
            )
        help_text = self.run([str(self.app), "--help"]).stdout
        check("--demo" in help_text and "examples:" in help_text, "--help lacks the examples")
        return f"{self.version}"

    # -- 3 ---------------------------------------------------------------------------------
    def keyring(self) -> str:
        result = self.run([str(self.app)], env={SELFTEST_ENV: "1"})
        check(result.returncode == 0, f"selftest exit {result.returncode}: {result.stderr}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        check(report["frozen"] is True, "the selftest did not run frozen")
        check(report["version"] == self.version, f"metadata version {report['version']!r}")
        check(
            "SecretService" in report["keyring_entry_points"],
            f"keyring's entry points not found frozen: {report['keyring_entry_points']}",
        )
        bad = {k: v for k, v in report["modules"].items() if v != "ok"}
        check(not bad, f"modules that do not import in the bundle: {bad}")
        wrapped = self.with_secret_service([str(self.app)])
        if wrapped is None:
            return "no gnome-keyring/dbus-run-session here: Secret Service round trip skipped"
        args, env = wrapped
        result = self.run(args, env={**env, SELFTEST_ENV: "roundtrip"})
        check(result.returncode == 0, f"round trip exit {result.returncode}: {result.stderr}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        check(
            report["keyring_backend"] == "keyring.backends.SecretService.Keyring",
            f"keyring chose {report['keyring_backend']} over a running Secret Service",
        )
        check(report.get("roundtrip") is True, f"round trip: {report.get('roundtrip')}")
        return "SecretService.Keyring, set/get/delete through gnome-keyring"

    # -- 4 ---------------------------------------------------------------------------------
    def storage(self) -> str:
        """The app's file checks, frozen (packaging/smoke_storage.py)."""
        return frozen_file_checks(
            lambda env: self.run([str(self.app)], env={SELFTEST_ENV: "1", **env})
        )

    # -- 5 ---------------------------------------------------------------------------------
    def screenshot(self) -> str:
        shot = self.work / "shot.png"
        layout = self.work / "shot-layout.png"
        size = f"{SHOT_SIZE[0]}x{SHOT_SIZE[1]}"
        result = self.run(
            [str(self.app), "--demo", "--screenshot", str(shot), "--window-size", size],
            timeout=180,
            env={"QT_QPA_PLATFORM": "offscreen"},
        )
        check(result.returncode == 0, f"exit {result.returncode}:\n{result.stderr[-3000:]}")
        self.no_traceback(result, "--demo --screenshot")
        for png in (shot, layout):
            check_png(png, SHOT_SIZE)
        return f"{shot.stat().st_size // 1024} kB, {layout.stat().st_size // 1024} kB ({size})"

    # -- 6 ---------------------------------------------------------------------------------
    def xcb(self) -> str:
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            return "no xvfb-run here: skipped"
        shot = self.work / "first-run-x11.png"
        args = [xvfb, "-a", "-s", "-screen 0 1366x768x24", str(self.app), "--screenshot", str(shot)]
        wrapped = self.with_secret_service(args)
        args, env = wrapped or (args, {})
        for log in self.home.rglob("*.log"):
            log.unlink()  # this run's log only
        result = self.run(args, timeout=120, env={**env, "QT_QPA_PLATFORM": "xcb"})
        check(result.returncode == 0, f"exit {result.returncode}:\n{result.stderr[-3000:]}")
        self.no_traceback(result, "first run on Xvfb")
        check_png(shot, None)
        note = f"the window on X11: {shot.stat().st_size // 1024} kB"
        if wrapped is None:
            return note + "; no Secret Service here, keyring use not checked"
        # The app says in its log when it cannot use the system keyring.
        logs = "".join(p.read_text(errors="replace") for p in self.home.rglob("*.log"))
        bad = re.findall(r"^.*(?:WARNING|ERROR).*keyring.*$", logs, re.M | re.I)
        check(not bad, f"the app could not use the Secret Service: {bad}")
        return note + ", the app on the Secret Service"

    # -- 7 ---------------------------------------------------------------------------------
    def emulator_alone(self) -> str:
        port = free_port()
        proc, log = self.start([str(self.emulator), "--port", str(port), "--demo-channel", "x"])
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            body = None
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise SmokeError(f"the emulator exited: {log.read_text(errors='replace')}")
                try:
                    with urllib.request.urlopen(base + "/_emulator/config", timeout=2) as answer:
                        check(answer.status == 200, f"/_emulator/config: {answer.status}")
                        body = json.loads(answer.read())
                        break
                except OSError:
                    time.sleep(0.1)
            check(isinstance(body, dict), "the emulator did not answer within 30 s")
            with urllib.request.urlopen(base + "/_emulator/tasks", timeout=5) as answer:
                check(json.loads(answer.read()) == [], "a fresh emulator has tasks")
            # Ctrl-C as a person would: after the line that says where it listens (it can
            # answer a request a moment before that line is written).
            while f"on {base}" not in log.read_text(errors="replace"):
                check(time.monotonic() < deadline, "it did not say where it listens within 30 s")
                time.sleep(0.05)
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                raise SmokeError("the emulator did not stop within 15 s of Ctrl-C") from None
            out = log.read_text(errors="replace")
            check(proc.returncode == 0, f"exit {proc.returncode} on Ctrl-C: {out}")
            check(f"on {base}" in out, f"it did not say where it listens: {out!r}")
            return f"answered on port {port}, stopped on Ctrl-C"
        finally:
            kill_group(proc)

    # -- 8 ---------------------------------------------------------------------------------
    def validators(self) -> str:
        desktop = self.bundle / "share" / "applications" / f"{APP_ID}.desktop"
        metainfo = self.bundle / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
        validate_desktop(desktop)
        validate_metainfo(metainfo)
        return "desktop-file-validate, appstreamcli validate --no-net"


def main(argv: list[str]) -> int:
    bundle = Path(argv[1] if len(argv) > 1 else ROOT / "dist" / "recorder-gui")
    if not (bundle / "recorder-gui").is_file():
        sys.stderr.write(f"No bundle at {bundle}: run `make bundle` first.\n")
        return 2
    with tempfile.TemporaryDirectory(prefix="recorder-gui-smoke-") as tmp:
        smoke = Smoke(bundle, Path(tmp))
        say(f"Smoke test of {smoke.bundle} (version {smoke.version})")
        smoke.step("bundle layout", smoke.layout)
        smoke.step("--version and --help", smoke.versions)
        smoke.step("keyring backends (frozen)", smoke.keyring)
        smoke.step("file checks with boto3 (frozen)", smoke.storage)
        smoke.step("--demo --screenshot offscreen", smoke.screenshot)
        smoke.step("first run on X11 (Xvfb), real keyring", smoke.xcb)
        smoke.step("recorder-gui-emulator alone", smoke.emulator_alone)
        smoke.step(".desktop and metainfo validate", smoke.validators)
        smoke.step("install.sh / uninstall.sh", lambda: install_uninstall(smoke))
        smoke.step("wheel and sdist contents", lambda: wheel_and_sdist(smoke))
    say(f"bundle-smoke: {len(smoke.passed)} passed, {len(smoke.failed)} failed")
    return 1 if smoke.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
