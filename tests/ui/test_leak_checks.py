"""The leak checks can fail: a test that leaves a task running or a window open fails itself
(run in a separate pytest so the failures are observed, not suffered)."""

from __future__ import annotations

import os
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
