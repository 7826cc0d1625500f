"""Folders that are really read-only (or unreadable) in a test, even when tests run as root.

``chmod`` alone does not stop root: the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
bypass permission bits. As root, :func:`without_override` takes them (and CAP_FOWNER) out of
the calling thread's effective capability set (Linux ``capset``; lowering one's own set needs
no privilege), so root is checked like any owner: a 0o555 folder of root's refuses new files,
renames and deletions. Threads started afterwards inherit the set, so a child process that
calls it first runs entirely so (``OVERRIDE_OFF``). On leaving, the set is restored from the
permitted set, which is never touched. Not root: chmod is enough and nothing else is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_CAP_VERSION_3 = 0x20080522
#: CAP_DAC_OVERRIDE (1), CAP_DAC_READ_SEARCH (2), CAP_FOWNER (3).
_OVERRIDES = (1 << 1) | (1 << 2) | (1 << 3)


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _set_effective(libc: ctypes.CDLL, change: int | None) -> int:
    """Clear ``_OVERRIDES`` (change None) or set the low word to ``change``; return the old."""
    header, data = _Header(_CAP_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    old = int(data[0].effective)
    data[0].effective = old & ~_OVERRIDES if change is None else change
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    return old


@contextlib.contextmanager
def without_override() -> Iterator[None]:
    """As root: this thread obeys permission bits like the files' owner. Otherwise: nothing."""
    if os.geteuid() != 0:
        yield
        return
    if not sys.platform.startswith("linux"):
        pytest.skip("dropping root's permission override needs Linux capabilities")
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        old = _set_effective(libc, None)
    except OSError as exc:
        pytest.skip(f"cannot lower this thread's capabilities: {exc}")
    try:
        yield
    finally:
        _set_effective(libc, old)


#: Python source for a child process: lower the capabilities first (root only, Linux only).
OVERRIDE_OFF = f"""
import ctypes, os
if os.geteuid() == 0:
    class H(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
    class D(ctypes.Structure):
        _fields_ = [(n, ctypes.c_uint32) for n in ("effective", "permitted", "inheritable")]
    libc, h, d = ctypes.CDLL(None), H({_CAP_VERSION_3}, 0), (D * 2)()
    assert libc.capget(ctypes.byref(h), d) == 0
    d[0].effective &= ~{_OVERRIDES}
    assert libc.capset(ctypes.byref(h), d) == 0
"""


@contextlib.contextmanager
def read_only(*paths: Path, mode: int = 0o555) -> Iterator[None]:
    """Give ``paths`` ``mode`` (default: read-only folders) for the code run inside, as root too."""
    modes = [(path, path.stat().st_mode & 0o7777) for path in paths]
    for path, _ in modes:
        path.chmod(mode)
    try:
        with without_override():
            yield
    finally:
        for path, old in modes:
            path.chmod(old)


def probe_read_only(folder: Path) -> bool:
    """True when creating a file in ``folder`` fails (check the simulation really holds)."""
    try:
        (folder / ".probe").touch()
    except OSError:
        return True
    (folder / ".probe").unlink()
    return False
