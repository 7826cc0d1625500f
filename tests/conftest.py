"""Test harness shared by every room: offscreen Qt, private dirs, an in-memory keyring."""

from __future__ import annotations

import os

# Before any QApplication can exist.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests._fixtures.dirs",
    "tests._fixtures.emulator",
    "tests._fixtures.keyring",
    "tests._fixtures.postgres",
    "tests._fixtures.qt",
    "tests._fixtures.qt_timers",
    "tests._fixtures.s3",
]
