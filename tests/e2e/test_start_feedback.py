"""Start answers at once: the form says it is checking, Start waits, and Cancel works."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from recorder_gui.emulator import Emulator, Fault

from .conftest import AppFactory, settle, start, wait_badge, wait_card


def test_a_slow_check_shows_pending_at_once_and_can_be_cancelled(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    form = app.window.start_form
    emu.inject_fault(Fault("channel_users", "latency", count=1, seconds=3.0))
    start(app, qtbot)
    settle(qtbot, 0.1)
    assert form.pending.isVisible() and form.cancel_button.isVisible()
    assert not form.start_button.isEnabled()
    form.start_button.click()  # a second click while pending sends nothing more
    form.cancel_button.click()
    qtbot.waitUntil(lambda: form.start_button.isEnabled(), timeout=5_000)
    assert not form.pending.isVisible()
    assert "Start cancelled." in form.warnings.label.text()
    settle(qtbot, 0.3)
    assert app.window.dashboard.list.count() == 0
    assert emu.requests("acquire") == []


def test_ctrl_enter_does_not_start_from_the_layout_tab(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    w = app.window
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    w.tabs.setCurrentWidget(w.layout_scroll)
    settle(qtbot, 0.1)
    assert w.editing_layout
    w.start_action.trigger()
    settle(qtbot, 0.3)
    assert len(emu.requests("acquire")) == 1  # only the first start
    assert w.editing_layout  # the canvas stays


def test_own_bot_uid_is_caught_before_the_service_and_fixed_in_one_click(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    form = app.window.start_form
    start(app, qtbot, uid="900001")
    wait_badge(wait_card(app, qtbot, 0), qtbot, "ON AIR")
    assert form.bot_uid.text() == "900002"  # moved on to the next free uid
    form.bot_uid.setText("900001")
    form.start_button.click()
    qtbot.waitUntil(form.use_uid_button.isVisible, timeout=5_000)
    assert "already recording this channel in this panel" in form.problems.label.text()
    assert len(emu.requests("acquire")) == 1  # refused here, not by the service (53)
    assert form.use_uid_button.text() == "Use 900002"
    form.use_uid_button.click()
    second = wait_card(app, qtbot, 1)
    wait_badge(second, qtbot, "ON AIR")
    assert second.bot_uid == "900002"


def test_a_channel_close_to_one_on_air_asks_first(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    form = app.window.start_form
    start(app, qtbot)
    wait_badge(wait_card(app, qtbot, 0), qtbot, "ON AIR")
    start(app, qtbot, cname="demo show!", uid="900005")
    qtbot.waitUntil(form.use_channel_button.isVisible, timeout=5_000)
    assert "Did you mean 'demo-show'?" in form.problems.label.text()
    assert form.keep_channel_button.text() == "Start 'demo show!' anyway"
    assert len(emu.requests("acquire")) == 1
    form.keep_channel_button.click()
    typo = wait_card(app, qtbot, 1)
    assert typo.cname == "demo show!"


def test_a_successful_check_says_so(make_app: AppFactory, qtbot: QtBot) -> None:
    app = make_app()
    form = app.window.start_form
    form.channel.setText("demo-show")
    form.check_button.click()
    qtbot.waitUntil(form.ready.isVisible, timeout=10_000)
    assert not form.problems.isVisible()


def test_a_new_recording_does_not_take_the_selection_from_the_layout_being_edited(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    w = app.window
    start(app, qtbot)
    edited = wait_card(app, qtbot, 0)
    wait_badge(edited, qtbot, "ON AIR")
    w.tabs.setCurrentWidget(w.layout_scroll)
    settle(qtbot, 0.1)
    plan = dataclasses.replace(w.start_form.plan(), cname="other-show", bot_uid="900009")
    app.bridge.request_start(plan)  # e.g. a start made before the tab was switched
    wait_card(app, qtbot, 1)
    settle(qtbot, 0.2)
    assert w.dashboard.current is edited and w.editing_layout


def test_a_problem_is_shown_at_its_field_and_cleared_when_fixed(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    form = app.window.start_form
    form.mode.setCurrentIndex(form.mode.findData("web"))
    form.web_url.setText("")
    form.channel.setText("web-show")
    form.check_button.click()
    qtbot.waitUntil(form.problems.isVisible, timeout=10_000)
    assert form.web_url.property("invalid") is True
    assert form.web_url.toolTip().startswith("Web page URL:")
    assert form.channel.property("invalid") is not True
    qtbot.keyClicks(form.web_url, "https://example.com/show")
    assert form.web_url.property("invalid") is False
    assert "Web page URL" not in form.problems.label.text()
