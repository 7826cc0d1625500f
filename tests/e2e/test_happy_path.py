"""Start -> ON AIR -> stop -> files listed, in every mode, clicking the real window."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from recorder_gui.ui.dialogs.stop_dialog import ConfirmStopDialog, StopResultDialog

from .conftest import AppFactory, start, wait_badge, wait_card


def _stop_via_keyboard_confirm(controller, qtbot: QtBot) -> StopResultDialog:  # type: ignore[no-untyped-def]
    controller.window.stop_action.trigger()
    confirm = next(d for d in controller.open_dialogs() if isinstance(d, ConfirmStopDialog))
    assert confirm.isVisible()
    confirm.stop_button.click()
    qtbot.waitUntil(
        lambda: any(isinstance(d, StopResultDialog) for d in controller.open_dialogs()),
        timeout=15_000,
    )
    return next(d for d in controller.open_dialogs() if isinstance(d, StopResultDialog))


@pytest.mark.parametrize(
    ("mode", "fields"),
    [
        ("mix", {}),
        ("individual", {}),
        ("web", {"web_url": "https://example.com/show"}),
    ],
)
def test_start_watch_stop_lists_files(
    make_app: AppFactory, qtbot: QtBot, mode: str, fields: dict[str, object]
) -> None:
    app = make_app()
    start(app, qtbot, mode=mode, **fields)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    panel = app.window.status_panel
    assert panel.session is bridge
    assert app.window.on_air.badge.text() == "ON AIR"
    qtbot.waitUntil(lambda: panel.files.count() > 0, timeout=10_000)
    assert panel.status.text().startswith("5")
    if mode != "web":
        qtbot.waitUntil(lambda: panel.users.text() != "nobody", timeout=10_000)
    result = _stop_via_keyboard_confirm(app, qtbot)
    assert bridge.badge.value == "STOPPED"
    assert result.table.rowCount() > 0
    names = [result.table.item(r, 0).text() for r in range(result.table.rowCount())]
    assert all(n.startswith("demo/") for n in names)
    assert "uploaded" in result.upload.text()
    if mode == "individual":
        assert {result.table.item(r, 1).text() for r in range(result.table.rowCount())} <= {
            "audio",
            "video",
        }
    result.close()


def test_hold_to_stop_from_the_status_panel(make_app: AppFactory, qtbot: QtBot) -> None:
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    button = app.window.on_air.stop_button
    button.hold_ms = 150
    with qtbot.waitSignal(bridge.state_changed, timeout=10_000):
        button.pressed.emit()
        qtbot.wait(300)
        button.released.emit()
    qtbot.waitUntil(lambda: bridge.badge.value == "STOPPED", timeout=15_000)


def test_quit_with_recordings_running_asks_and_can_leave_them(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    from recorder_gui.ui.dialogs.quit_dialog import QuitDialog

    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    app.window.close()
    assert app.window.isVisible()
    dialog = next(d for d in app.open_dialogs() if isinstance(d, QuitDialog))
    assert dialog.cancel_button.isDefault()
    dialog.leave_button.click()
    qtbot.waitUntil(app.done.is_set, timeout=10_000)
    assert not app.window.isVisible()
