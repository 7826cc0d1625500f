"""The window fits a laptop: its size holds and Stop stays whole, whatever is shown.

At 1024x700 and 1366x768, with two recordings ON AIR, a failed start's error banner, long
file names and the Layout tab open, the window keeps the size it was given, and the on-air
bar's Stop button is entirely inside it at its full width.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.ui.main_window import first_size

from .conftest import AppFactory, settle, start, wait_badge, wait_card


def whole_inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768)], ids=["1024x700", "1366x768"])
def test_the_window_keeps_its_size_and_stop_stays_whole(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator, size: tuple[int, int]
) -> None:
    app = make_app()
    window = app.window
    window.resize(*size)
    settle(qtbot)
    assert (window.width(), window.height()) == size
    start(app, qtbot, mode="individual", uid="900002")
    wait_badge(wait_card(app, qtbot, 0), qtbot, "ON AIR")
    start(app, qtbot, cname="a-very-long-channel-name-that-goes-on-and-on-for-the-whole-show")
    mix = wait_card(app, qtbot, 1)
    wait_badge(mix, qtbot, "ON AIR")
    # A start the service refuses (53, as when another panel uses the uid): an error banner.
    emu.inject_fault(Fault("start", "error", count=1, status=400, code=53, reason="task conflict"))
    start(app, qtbot, uid="900007")
    failed = wait_card(app, qtbot, 2)
    wait_badge(failed, qtbot, "FAILED")
    assert window.status_panel.banner.isVisible()
    settle(qtbot, 0.2)
    assert (window.width(), window.height()) == size
    bar = window.on_air
    assert whole_inside(bar.stop_button, window)
    assert bar.stop_button.width() >= bar.stop_button.sizeHint().width()
    window.dashboard.list.setCurrentRow(1)  # the mix recording: its Layout tab has an editor
    window.tabs.setCurrentWidget(window.layout_scroll)
    settle(qtbot, 0.2)
    assert window.editing_layout
    assert (window.width(), window.height()) == size
    assert bar.session is mix and bar.stop_button.isEnabled()
    assert whole_inside(bar.stop_button, window)
    assert whole_inside(bar.badge, window) and whole_inside(bar.elapsed, window)


@pytest.mark.parametrize(
    ("screen", "expected"),
    [((1920, 1040), (1440, 880)), ((1366, 728), (1366, 728)), ((1024, 668), (1024, 668))],
)
def test_the_first_window_is_sized_to_the_screen(
    screen: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert first_size(screen) == expected
