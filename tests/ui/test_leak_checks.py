"""The leak checks can fail: a test that leaves a task running, a window open or a QTimer
ticking fails itself (run in a separate pytest so the failures are observed, not suffered)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LEAKY = """
import asyncio
from PySide6.QtWidgets import QWidget

def test_leaves_a_task(qasync_loop):
    async def forever():
        await asyncio.sleep(3600)
    qasync_loop.create_task(forever(), name="forgotten-watcher")

def test_leaves_a_window(qtbot):
    window = QWidget()
    window.show()
    test_leaves_a_window.keep = window

def test_clean(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
"""


def test_leaks_fail_the_test_that_made_them(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "import os\nos.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "pytest_plugins = ['tests._fixtures.qt']\n"
    )
    (tmp_path / "test_leaky.py").write_text(LEAKY)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rE", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = run.stdout
    assert run.returncode != 0, out
    assert "the test left tasks running" in out and "forgotten-watcher" in out
    assert "test left top-level windows open: ['QWidget']" in out
    assert "ERROR" in out and "test_clean" not in out.split("short test summary")[-1]


TICKING = """
import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

class Ticking(QWidget):
    def __init__(self):
        super().__init__()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.start()

def test_leaves_a_widget_ticking(qtbot):
    test_leaves_a_widget_ticking.keep = Ticking()  # never handed to qtbot, never closed

def test_leaves_a_single_shot(qapp):
    QTimer.singleShot(60_000, lambda: None)

def test_leaves_a_context_single_shot(qapp):
    owner = QObject()
    QTimer.singleShot(60_000, owner, lambda: None)
    test_leaves_a_context_single_shot.keep = owner

def test_clean_widget_deleted_by_qtbot(qtbot):
    qtbot.addWidget(Ticking())

def test_clean_timer_stopped(qapp):
    owner = Ticking()
    owner.ticker.stop()
    test_clean_timer_stopped.keep = owner

def test_clean_single_shot_fired(qtbot):
    fired = []
    QTimer.singleShot(1, lambda: fired.append(1))
    qtbot.waitUntil(lambda: bool(fired))

@pytest.mark.timer_left_running(reason="the inner test says so")
def test_opted_out(qapp):
    test_opted_out.keep = Ticking()

@pytest.mark.timer_left_running
def test_opted_out_without_a_reason(qapp):
    pass
"""


def test_a_leaked_qtimer_fails_the_test_that_started_it(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "import os\nos.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "pytest_plugins = ['tests._fixtures.qt', 'tests._fixtures.qt_timers']\n"
    )
    (tmp_path / "test_ticking.py").write_text(TICKING)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rE", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = run.stdout
    summary = out.split("short test summary")[-1]
    assert run.returncode != 0, out
    errors = sorted(
        line.split("::")[1].split(" ")[0] for line in summary.splitlines() if "::" in line
    )
    assert errors == [
        "test_leaves_a_context_single_shot",
        "test_leaves_a_single_shot",
        "test_leaves_a_widget_ticking",
        "test_opted_out_without_a_reason",
    ], out
    assert "the test left QTimers running" in out
    # each names where its timer was started
    for where in ("__init__", "test_leaves_a_single_shot", "test_leaves_a_context_single_shot"):
        assert re.search(rf"QTimer started at test_ticking\.py:\d+ in {where}\b", out), out
