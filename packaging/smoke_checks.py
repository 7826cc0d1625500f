"""What every smoke step uses: the failure each check raises (its message is printed alone,
without a traceback), ``check``, and the checks and process helpers several steps share."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
from pathlib import Path

APP_ID = "io.github.recorder_gui.RecorderGui"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SmokeError(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeError(message)


def png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as fh:
        head = fh.read(24)
    check(head[:8] == PNG_MAGIC, f"{path} is not a PNG")
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def check_png(path: Path, size: tuple[int, int] | None) -> None:
    check(path.is_file(), f"{path} was not written")
    check(path.stat().st_size > 10_000, f"{path} is {path.stat().st_size} bytes: blank?")
    if size is not None:
        check(png_size(path) == size, f"{path} is {png_size(path)}, not {size}")
    colours = distinct_colours(path)
    if colours is not None:
        check(colours >= 8, f"{path} has {colours} colours on a 40x40 grid: blank window?")


def distinct_colours(path: Path) -> int | None:
    """Colours on a 40x40 grid of the image, with Qt from the build venv (None without it)."""
    try:
        from PySide6.QtGui import QImage
    except ImportError:
        return None
    image = QImage(str(path))
    check(not image.isNull(), f"{path} does not decode")
    w, h = image.width(), image.height()
    return len({image.pixel(x * w // 40, y * h // 40) for x in range(40) for y in range(40)})


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill what is left of ``proc``'s session (it was started with start_new_session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def validate_desktop(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    check(tool, "desktop-file-validate is missing: apt-get install desktop-file-utils")
    result = subprocess.run([str(tool), str(path)], capture_output=True, text=True, check=False)
    check(result.returncode == 0 and not result.stdout.strip(), f"{path}: {result.stdout}")


def validate_metainfo(path: Path) -> None:
    tool = shutil.which("appstreamcli")
    check(tool, "appstreamcli is missing: apt-get install appstream")
    result = subprocess.run(
        [str(tool), "validate", "--no-net", str(path)], capture_output=True, text=True, check=False
    )
    check(result.returncode == 0, f"{path}:\n{result.stdout}{result.stderr}")
    # Errors and warnings fail; "I:" (info) lines, such as AppStream 0.16 not knowing the
    # <developer> tag of 1.0, are allowed.
    check(not re.search(r"^[EW]:", result.stdout, re.M), f"{path}:\n{result.stdout}")
