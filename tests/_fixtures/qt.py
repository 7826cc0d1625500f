"""Qt + qasync for synchronous UI tests: ``qasync_loop`` runs asyncio inside pytest-qt's waits.

The loop is marked running (``already_running=True``); ``qtbot.wait*`` pumps Qt and so asyncio.
Teardown un-marks the loop without ``loop.stop()`` (which would make every later ``qtbot.wait*``
return at once) and closes it.

Leaks fail the test that made them (as napari's conftest does): a task still pending when the
test and its fixtures are done (whoever started it should have cancelled it), and a visible
top-level window the test opened and left open. Both are cleaned up first, so one leak does not
spill into the next test.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


def _pump(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)


@pytest.fixture
def qasync_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        leaked = sorted(t.get_name() for t in pending)
        for task in pending:
            task.cancel()
        deadline = time.monotonic() + 5
        while any(not t.done() for t in pending) and time.monotonic() < deadline:
            _pump(qapp, 0.01)
        qapp.aboutToQuit.disconnect(loop._after_run_forever)
        loop._after_run_forever()
        loop._QEventLoop__is_running = False  # never loop.stop(): it calls app.exit()
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)
        stuck = [t for t in pending if not t.done()]
        assert not stuck, f"tasks still running after cancel: {stuck}"
        assert not leaked, (
            f"the test left tasks running (their owner never cancelled them): {leaked}"
        )


@pytest.fixture
def no_leftover_windows(qapp: QApplication) -> Iterator[None]:
    """Fails a test that leaves a visible top-level window behind (habit 9)."""
    yield
    _fail_on_open_windows(qapp, set())


def _fail_on_open_windows(qapp: QApplication, before: set[int]) -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    for widget in left:
        widget.close()
    assert not left, f"test left top-level windows open: {[type(w).__name__ for w in left]}"


@pytest.fixture(autouse=True)
def _no_window_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every Qt test: what it opened is closed when it ends (after qtbot's own teardown)."""
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    qapp = QApplication.instance()
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()} if qapp else set()
    yield
    if isinstance(qapp, QApplication):
        _fail_on_open_windows(qapp, before)


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread_only() -> Iterator[None]:
    """Automatic collection can run on any thread that allocates (the emulator's server
    thread allocates plenty); a Qt object freed there leaves its timers registered and the
    next timer event crashes Qt. Collect only here, between tests, like the app does."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    # After every Qt test (its cycles may hold Qt objects), and now and then otherwise.
    if "qapp" in request.fixturenames or gc.get_count()[0] > 50_000:
        gc.collect()
