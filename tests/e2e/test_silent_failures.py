"""The service's silent failures, in the real window: each ends with its likely cause.

The emulator accepts these starts, as the service does, and lets the task die later: a bot
token it refuses, a token that expires mid-show, storage keys it refuses, a web recording that
reaches maxRecordingHour. The panel never stops a task by itself; it says why it ended.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recorder_gui.contexts import DEMO_APP_ID
from recorder_gui.emulator import Emulator

from .conftest import AppFactory, start, wait_badge, wait_card

OTHER_CERTIFICATE = "00112233445566778899aabbccddeeff"


def test_a_token_the_service_refuses_is_not_confirmed_with_the_token_as_cause(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()  # the demo context enables the demo certificate ...
    emu.config.app_certificates[DEMO_APP_ID] = OTHER_CERTIFICATE  # ... but not this one
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "NOT CONFIRMED", timeout=30_000)
    assert "could not join (token)" in bridge.reason
    panel = app.window.status_panel
    assert panel.banner.isVisible() and app.window.on_air.stop_button.isEnabled()
    assert emu.requests("stop") == []  # the producer decides


def test_a_token_that_expires_mid_show_ends_it_with_its_own_reason(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    app.window.start_form.planned.set_minutes(10)  # token: 10 min + 15 min margin
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    assert bridge.session.limit_at is not None
    assert "(bot token)" in app.window.status_panel.ends_by.text()
    emu.clock.advance(bridge.session.limit_at - emu.clock.now() + 1)
    wait_badge(bridge, qtbot, "STOPPED", timeout=30_000)
    assert "bot's token expired" in bridge.reason
    assert app.window.status_panel.limit.isHidden()
    assert emu.requests("stop") == []


def test_storage_keys_the_service_refuses_end_it_with_the_keys_as_cause(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    emu.config.storage_keys = frozenset({("only-this-access-key", "only-this-secret")})
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "STOPPED", timeout=40_000)
    assert "storage refused the upload (keys)" in bridge.reason
    assert emu.requests("stop") == []


def test_a_web_recording_ends_at_max_recording_hour_with_that_reason(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    form = app.window.start_form
    form.planned.set_minutes(60)
    form.web_url.setText("https://example.com/show")
    start(app, qtbot, cname="web-show", mode="web")
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    assert "maxRecordingHour" in app.window.status_panel.ends_by.text()
    sent = emu.last_body("start")
    body = sent["clientRequest"]["extensionServiceConfig"]["extensionServices"][0]
    assert body["serviceParam"]["maxRecordingHour"] == 1
    emu.clock.advance(bridge.session.limit_at - emu.clock.now() + 1)  # type: ignore[operator]
    wait_badge(bridge, qtbot, "STOPPED", timeout=30_000)
    assert "maxRecordingHour" in bridge.reason
    assert emu.requests("stop") == []
