"""A Qt test fails when it leaves a QTimer running (habit 9; napari's conftest does the same).

While a Qt test runs, ``QTimer.start`` and ``QTimer.singleShot`` are wrapped to note each timer
that the app's code or the tests start (timers Qt, pytest-qt or qasync start for themselves
are not noted: they are not ours to stop). When the test and its widgets are torn down, a
noted timer that still exists and is still active was leaked: something the test made (a
widget, a bridge, a follower) keeps ticking after the test is over, and would fire into the
next test. It is stopped, and the test fails, naming where the timer was started.

A test that must leave a timer running says so, with the reason::

    @pytest.mark.timer_left_running(reason="...")
"""

from __future__ import annotations

import sys
import sysconfig
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

MARK = "timer_left_running"
_REPO = Path(__file__).resolve().parents[2]
#: Timers started from code under these folders (the standard library and installed
#: packages: Qt, pytest-qt, qasync) are not ours; the app's and the tests' are.
_THEIRS = tuple(
    {sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")}
)
_HERE = str(Path(__file__).resolve())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARK}(reason): the test leaves a QTimer running on purpose (say why); "
        "the leaked-timer check skips it",
    )


def _caller() -> str | None:
    """Where the app or a test started the timer (None: someone else started it)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename == _HERE:
        frame = frame.f_back
    if frame is None or frame.f_code.co_filename.startswith(_THEIRS):
        return None
    path = Path(frame.f_code.co_filename)
    where = path.relative_to(_REPO) if path.is_relative_to(_REPO) else path.name
    return f"{where}:{frame.f_lineno} in {frame.f_code.co_name}"


class TimerLedger:
    """The timers started during one test, and where."""

    def __init__(self) -> None:
        self.started: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary()
        #: single-shot timers made for ``QTimer.singleShot`` (kept alive until they fire)
        self.single_shots: list[tuple[QTimer, str]] = []

    def running(self) -> list[tuple[QTimer, str]]:
        noted = [*self.started.items(), *self.single_shots]
        return [(t, where) for t, where in noted if shiboken6.isValid(t) and t.isActive()]


def _install(monkeypatch: pytest.MonkeyPatch, ledger: TimerLedger) -> None:
    base_start: Callable[..., None] = QTimer.start
    base_single_shot: Callable[..., None] = QTimer.singleShot

    def start(self: QTimer, *args: Any) -> None:
        where = _caller()
        if where is not None:
            ledger.started[self] = where
        base_start(self, *args)

    def single_shot(msec: int, *args: Any) -> None:
        """``singleShot(msec, functor)`` or ``singleShot(msec, context, functor)`` as a real
        single-shot QTimer (a child of the context, so it dies with it as Qt's would);
        other forms are passed through unnoted."""
        where = _caller()
        context: QObject | None = None
        if len(args) == 2 and isinstance(args[0], QObject) and callable(args[1]):
            context, functor = args
        elif len(args) == 1 and callable(args[0]) and not isinstance(args[0], QObject):
            (functor,) = args
        else:
            where = None
        if where is None or not isinstance(msec, int):
            base_single_shot(msec, *args)
            return
        timer = QTimer(context)
        timer.setSingleShot(True)
        timer.timeout.connect(functor)
        if context is None:
            ledger.single_shots.append((timer, where))  # nothing else keeps it alive
        else:
            ledger.started[timer] = where
        base_start(timer, msec)

    monkeypatch.setattr(QTimer, "start", start)
    monkeypatch.setattr(QTimer, "singleShot", staticmethod(single_shot))


def check_no_timer_left(ledger: TimerLedger) -> None:
    """Delete what was scheduled for deletion, then fail on (and stop) any timer of ours
    that still runs."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = ledger.running()
    for timer, _where in left:
        timer.stop()
    ledger.single_shots.clear()
    assert not left, (
        "the test left QTimers running (stop them when their owner closes, or delete the "
        "owner): " + "; ".join(f"{type(t).__name__} started at {where}" for t, where in left)
    )


@pytest.fixture(autouse=True)
def _no_timer_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every Qt test: the timers it started are stopped (or gone) when it ends."""
    names = request.fixturenames
    opted_out = request.node.get_closest_marker(MARK)
    if opted_out is not None and not opted_out.kwargs.get("reason"):
        pytest.fail(f"@pytest.mark.{MARK} needs reason=...: why must the timer run on?")
    if ("qapp" not in names and "qtbot" not in names) or opted_out is not None:
        yield
        return
    ledger = TimerLedger()
    with pytest.MonkeyPatch.context() as patch:
        _install(patch, ledger)
        yield
    if QCoreApplication.instance() is not None:
        check_no_timer_left(ledger)
