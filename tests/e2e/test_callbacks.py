"""Callbacks through the real window: the emulator signs and posts them to the demo's relay,
the panel reads them from it. The timeline shows them live, the stop dialog shows the upload as
the service confirms it, and a start whose answer was lost (UNADDRESSABLE) learns its sid from
them and goes ON AIR, so it can be stopped."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import EventKind, SessionState
from recorder_gui.ui.dialogs.stop_dialog import StopResultDialog

from .conftest import AppFactory, start, wait_badge, wait_card


def _lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    box = app.window.status_panel.callbacks
    return [box.lines.item(i).text() for i in range(box.lines.count())]


def test_the_timeline_is_live_and_the_stop_dialog_says_uploaded(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    box = app.window.status_panel.callbacks
    qtbot.waitUntil(lambda: any("recorder joined" in t for t in _lines(app)), timeout=10_000)
    assert box.relay.text() == "Callbacks live from the relay."
    app.window.stop_action.trigger()
    confirm = app.open_dialogs()[-1]
    confirm.stop_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: any(isinstance(d, StopResultDialog) for d in app.open_dialogs()), timeout=15_000
    )
    result = next(d for d in app.open_dialogs() if isinstance(d, StopResultDialog))
    qtbot.waitUntil(lambda: "in your bucket" in result.confirmed.text(), timeout=10_000)
    assert result.confirmed.isVisible()
    assert any("uploaded" in t and "to your storage" in t for t in _lines(app))
    qtbot.waitUntil(lambda: any("ended normally" in t for t in _lines(app)), timeout=10_000)
    result.close()


def test_an_unaddressable_start_is_resolved_by_its_callbacks(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "drop", apply=True))  # it started; the answer was lost
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR", timeout=20_000)
    assert bridge.session.sid == emu.tasks()[0]["sid"]
    states = [e.state for e in bridge.session.events_seen if e.kind is EventKind.STATE]
    assert SessionState.UNADDRESSABLE in states  # it was lost, then found
    assert bridge.can_stop and app.window.on_air.stop_button.isEnabled()
    assert bridge.error is None  # the "cannot check or stop it" banner is gone
