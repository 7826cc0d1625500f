"""Live apply: throttled publishing, pending/applied/failed, re-send and revert, Apply with a
diff when Live is off, and the applied layout read back from the emulator."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import qasync
from pytestqt.qtbot import QtBot

from recorder_gui.bridge.layout_bridge import LayoutBridge
from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from recorder_gui.layout import LayoutDocument
from recorder_gui.ui.canvas import LayoutEditorWidget
from recorder_gui.ui.canvas.live import MIN_INTERVAL

from .engine import applied_on_service, close, max_per_second, start_recording
from .helpers import FakeSink, move, path, press, release


def slow_drag(qtbot: QtBot, widget: LayoutEditorWidget, start, end, frames: int, ms: int) -> None:
    press(widget.view, start)
    for point in path(start, end, frames):
        move(widget.view, point)
        qtbot.wait(ms)
    release(widget.view, end)


def test_live_drag_is_throttled_and_the_last_frame_always_goes_out(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    sink = FakeSink()
    widget.set_sink(sink)
    widget.live.live.setChecked(True)
    assert len(sink.sent) == 1  # turning Live on sends the current layout
    started = time.monotonic()
    slow_drag(qtbot, widget, (800, 450), (1000, 300), frames=40, ms=12)
    final = document.to_wire()
    qtbot.waitUntil(lambda: sink.sent[-1] == final, timeout=1000)
    elapsed = time.monotonic() - started
    in_drag = sink.sent[1:]
    assert len(in_drag) >= 3  # the drag was published while in progress
    assert len(in_drag) <= elapsed / MIN_INTERVAL + 2
    gaps = [b - a for a, b in zip(sink.times, sink.times[1:], strict=False)]
    assert min(gaps) >= MIN_INTERVAL - 0.005
    assert widget.live.pill.text() == "Applied"
    assert widget.live_controller.diff() is not None and widget.live_controller.diff().is_empty
    # an undo is an edit too: it goes out
    widget.editor.stack.undo()
    qtbot.waitUntil(lambda: sink.sent[-1] == document.to_wire(), timeout=1000)


def test_live_off_accumulates_shows_the_diff_and_apply_sends_once(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    sink = FakeSink()
    widget.set_sink(sink)
    assert widget.live.apply.isEnabled() and not widget.live_controller.live
    widget.live.apply.click()
    assert len(sink.sent) == 1
    assert "matches" in widget.live.diff.text()
    document.move_region(1, 0.3, 0.3)
    document.set_alpha(0, 0.5)
    qtbot.waitUntil(lambda: "moved" in widget.live.diff.text(), timeout=1000)
    assert widget.live.apply.isEnabled()
    assert "#2 (1002): moved" in widget.live.diff.text()
    assert "#1 (1001): opacity" in widget.live.diff.text()
    assert widget.scene.ghosts.boundingRect().contains(700, 400)  # where 1002 was applied
    assert len(sink.sent) == 1  # nothing sent while Live is off
    widget.live.apply.click()
    assert len(sink.sent) == 2 and sink.sent[-1] == document.to_wire()
    qtbot.waitUntil(lambda: "matches" in widget.live.diff.text(), timeout=1000)
    assert not widget.live.apply.isEnabled()


def test_a_failure_offers_resend_and_revert_to_the_applied_layout(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    sink = FakeSink()
    widget.set_sink(sink)
    widget.live.apply.click()
    applied = document.layout
    sink.fail = True
    document.move_region(1, 0.1, 0.1)
    qtbot.waitUntil(widget.live.apply.isEnabled, timeout=1000)  # the diff is refreshed
    widget.live.apply.click()
    assert widget.live.pill.text() == "Failed"
    assert "1028" in widget.live.detail.text()
    assert not widget.live.resend.isHidden() and not widget.live.revert.isHidden()
    sink.fail = False
    widget.live.resend.click()
    assert sink.sent[-1] == document.to_wire() and widget.live.pill.text() == "Applied"
    sink.fail = True
    document.move_region(1, 0.2, 0.2)
    qtbot.waitUntil(widget.live.apply.isEnabled, timeout=1000)
    widget.live.apply.click()
    widget.live.revert.click()
    assert document.layout.regions[1].rect == (0.1, 0.1, 0.25, 0.25)  # the last applied
    assert applied != document.layout
    assert widget.editor.stack.text(widget.editor.stack.count() - 1) == "Revert to applied layout"


@pytest.mark.timeout(60)
def test_live_apply_against_the_emulator_reads_back_the_model(
    qtbot: QtBot,
    qasync_loop: qasync.QEventLoop,
    emulator: Emulator,
    emulator_server: EmulatorServer,
    tmp_path: Path,
    widget: LayoutEditorWidget,
    document: LayoutDocument,
) -> None:
    manager, session = start_recording(
        qtbot, qasync_loop, emulator, emulator_server, tmp_path / "journal.sqlite3"
    )
    bridge = LayoutBridge(session)
    try:
        widget.set_sink(bridge)
        widget.set_channel_users(list(session.channel_users))
        assert widget.scene.region_items[0].present  # 1001 is in the channel
        widget.live.live.setChecked(True)
        slow_drag(qtbot, widget, (800, 450), (1100, 250), frames=45, ms=16)
        widget.scene.select([0])
        widget.view.setFocus()
        qtbot.keyClick(widget.view, "D", qasync.QtCore.Qt.KeyboardModifier.ControlModifier)
        assert len(document.layout.regions) == 4

        def service_has_model() -> bool:
            if widget.live_controller.state != "applied":
                return False
            return applied_on_service(emulator, session, document.layout) == document.layout

        qtbot.waitUntil(service_has_model, timeout=5000)
        sent = emulator.requests("updateLayout")
        assert [(r.status, r.response) for r in sent if r.status != 200] == []
        assert max_per_second([r.time for r in sent]) <= 10
        assert widget.live.pill.text() == "Applied"
        # a refused layout: failed, then re-send succeeds
        emulator.inject_fault(Fault("updateLayout", "error", status=400, code=1028, reason="bad"))
        widget.editor.stack.undo()
        qtbot.waitUntil(lambda: widget.live.pill.text() == "Failed", timeout=5000)
        assert not widget.live.resend.isHidden()
        widget.live.resend.click()
        qtbot.waitUntil(service_has_model, timeout=5000)
        assert len(document.layout.regions) == 3
    finally:
        bridge.detach()
        widget.set_sink(None)
        close(qtbot, qasync_loop, manager)
