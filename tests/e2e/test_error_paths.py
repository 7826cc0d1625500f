"""Each fault shows the right plain-language message in the real window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recorder_gui.bridge import SecretField
from recorder_gui.emulator import Emulator, Fault
from recorder_gui.ui.dialogs.stop_dialog import StopResultDialog

from .conftest import AppFactory, badges_seen, start, wait_badge, wait_card


def test_bad_credentials_are_refused_in_pre_flight_with_the_401_meaning(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    app.profiles.credentials.set("demo", SecretField.CUSTOMER_SECRET, "not-the-secret")
    start(app, qtbot)
    problems = app.window.start_form.problems
    qtbot.waitUntil(problems.isVisible, timeout=10_000)
    text = problems.label.text()
    assert "Customer ID or Customer Secret is wrong" in text
    assert "request ID" in text
    assert app.window.dashboard.list.count() == 0  # nothing was acquired


def test_conflict_53_fails_the_second_start_and_suggests_another_uid(
    make_app: AppFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    """Another panel (another producer) records with the same bot uid: the service says 53."""
    other = make_app(journal=tmp_path / "other-panel.sqlite3")
    start(other, qtbot)
    first = wait_card(other, qtbot, 0)
    wait_badge(first, qtbot, "ON AIR")
    app = make_app(journal=tmp_path / "this-panel.sqlite3")
    start(app, qtbot)
    second = wait_card(app, qtbot, 0)
    wait_badge(second, qtbot, "FAILED")
    banner = app.window.status_panel.banner
    assert app.window.status_panel.session is second
    assert banner.isVisible()
    assert "Another recording" in banner.meaning.text()
    assert "bot uid" in banner.next_step.text()
    assert banner.request_id.text().startswith("Request ID to quote:")
    assert first.badge.value == "ON AIR"


def test_idle_exit_warns_then_ends_with_the_reason(make_app: AppFactory, qtbot: QtBot) -> None:
    app = make_app()
    start(app, qtbot, cname="empty-room", max_idle=5)
    bridge = wait_card(app, qtbot, 0)
    warnings: list[str] = []
    bridge.idle_changed.connect(lambda: warnings.append(bridge.idle_sentence or ""))
    qtbot.waitUntil(lambda: bridge.badge.value == "STOPPED", timeout=20_000)
    assert any("Nobody who counts" in w for w in warnings)
    assert "empty" in app.window.status_panel.reason.text()


def test_ha_failover_shows_unreachable_then_on_air_again(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    seen = badges_seen(bridge)
    messages: list[str] = []
    bridge.error_changed.connect(
        lambda: messages.append(bridge.error.meaning if bridge.error else "")
    )
    assert bridge.session.sid is not None
    emu.start_failover(bridge.session.sid, window_seconds=30)
    qtbot.waitUntil(lambda: "UNREACHABLE" in seen, timeout=15_000)
    assert any("failing over" in m for m in messages)
    qtbot.waitUntil(lambda: seen[-1] == "ON AIR", timeout=20_000)
    assert not app.window.status_panel.banner.isVisible()


def _stop_result(app, qtbot: QtBot) -> StopResultDialog:  # type: ignore[no-untyped-def]
    bridge = app.window.dashboard.current
    bridge.stop_requested.emit()
    qtbot.waitUntil(
        lambda: any(isinstance(d, StopResultDialog) for d in app.open_dialogs()), timeout=15_000
    )
    return next(d for d in app.open_dialogs() if isinstance(d, StopResultDialog))


def test_stop_206_435_says_nothing_was_recorded(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    start(app, qtbot)
    wait_badge(wait_card(app, qtbot, 0), qtbot, "ON AIR")
    emu.inject_fault(
        Fault(endpoint="stop", status=206, code=435, reason="no recorded data", apply=True)
    )
    dialog = _stop_result(app, qtbot)
    assert "Nothing was recorded" in dialog.upload.text()
    assert dialog.table.rowCount() == 0
    dialog.close()


def test_stop_206_without_file_list_lists_predicted_names(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    start(app, qtbot)
    wait_badge(wait_card(app, qtbot, 0), qtbot, "ON AIR")
    emu.inject_fault(Fault(endpoint="stop", status=206, code=None, reason="partial", apply=True))
    dialog = _stop_result(app, qtbot)
    assert "unknown" in dialog.upload.text()
    assert dialog.table.rowCount() > 0
    dialog.close()


def test_backuped_upload_is_explained(make_app: AppFactory, qtbot: QtBot, emu: Emulator) -> None:
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    assert bridge.session.sid is not None
    qtbot.waitUntil(lambda: bool(bridge.files), timeout=10_000)
    emu.set_backup_upload(bridge.session.sid)
    dialog = _stop_result(app, qtbot)
    assert "Agora's backup" in dialog.upload.text()
    dialog.close()


def test_an_unexpected_end_raises_an_alert_naming_the_recording(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    start(app, qtbot, cname="empty-room", max_idle=5)
    bridge = wait_card(app, qtbot, 0)
    alerts = app.window.alerts
    qtbot.waitUntil(
        lambda: any("ended without a stop" in r.alert.what for r in alerts.rows), timeout=20_000
    )
    (row,) = alerts.rows  # it replaced the "no contact" alert of the same recording
    assert row.alert.title == "empty-room · mix · bot uid 900001"
    assert "ended without a stop" in row.alert.what
    assert alerts.isVisible()
    assert bridge.badge.value == "STOPPED"
