"""The real window, wired by ``recorder_gui.app``, against the emulator over loopback.

The engine runs on a virtual timer over the emulator's frozen clock, so minutes of a show pass
in a fraction of a second while every request still crosses loopback HTTP.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.app import Context, Controller, demo_context
from recorder_gui.bridge import SessionBridge
from recorder_gui.emulator import Emulator
from recorder_gui.recording import PollConfig, VirtualTimer
from recorder_gui.ui.widgets.dashboard import ROLE_KEY

FAST_POLL = PollConfig(fast_interval=0.5, steady_interval=1.0)


@pytest.fixture(autouse=True)
def _no_leftover_windows(no_leftover_windows: None) -> None:
    return


@pytest.fixture
def emu() -> Emulator:
    emulator = Emulator()
    emulator.clock.freeze()
    emulator.config.rate_limit_per_second = None
    return emulator


AppFactory = Callable[..., Controller]


@pytest.fixture
def make_app(
    emu: Emulator, qtbot: QtBot, qasync_loop: object, tmp_path: Path
) -> Iterator[AppFactory]:
    made: list[Controller] = []

    def factory(*, journal: Path | None = None, simulate: bool = True) -> Controller:
        context: Context = demo_context(
            emulator=emu,
            timer=VirtualTimer(emu.clock),
            poll_config=FAST_POLL,
            simulate=simulate and not made,
            journal_path=journal or tmp_path / "journal.sqlite3",
        )
        controller = Controller(context)
        qtbot.addWidget(controller.window)
        controller.window.show()
        made.append(controller)
        return controller

    yield factory
    for controller in made:
        if not controller.done.is_set():
            controller.quit()
            qtbot.waitUntil(controller.done.is_set, timeout=10_000)


def start(
    controller: Controller,
    qtbot: QtBot,
    *,
    cname: str = "demo-show",
    mode: str = "mix",
    uid: str = "900001",
    **fields: object,
) -> None:
    """Fill the start form like a producer and click Start recording."""
    form = controller.window.start_form
    form.channel.setText(cname)
    form.mode.setCurrentIndex(form.mode.findData(mode))
    form.bot_uid.setText(uid)
    for name, value in fields.items():
        widget = getattr(form, name)
        if hasattr(widget, "setValue"):
            widget.setValue(value)
        else:
            widget.setText(value)
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)


def wait_card(controller: Controller, qtbot: QtBot, index: int) -> SessionBridge:
    board = controller.window.dashboard
    qtbot.waitUntil(lambda: board.list.count() > index, timeout=10_000)
    return board.card(str(board.list.item(index).data(ROLE_KEY))).bridge


def wait_badge(bridge: SessionBridge, qtbot: QtBot, text: str, timeout: int = 15_000) -> None:
    qtbot.waitUntil(lambda: bridge.badge.value == text, timeout=timeout)


def badges_seen(bridge: SessionBridge) -> list[str]:
    seen: list[str] = [bridge.badge.value]
    bridge.state_changed.connect(lambda: seen.append(bridge.badge.value))
    return seen


def settle(qtbot: QtBot, seconds: float = 0.05) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qtbot.wait(10)
