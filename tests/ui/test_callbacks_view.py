"""The callbacks tab and the stop dialog's confirmation, rendered from a real session's
timeline: lines in plain words, the upload bar, alerts, a relay that fails, and a service that
still says "recording" after the callbacks said the recorder left."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from recorder_gui.bridge import SessionBridge
from recorder_gui.bridge.views import session_stop_summary
from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.recording import Note, SessionState, StatusSnapshot, StopOutcome
from recorder_gui.recording.outcomes import StopAnswered, Transition
from recorder_gui.recording.relay_feed import FeedState, FeedStatus
from recorder_gui.recording.timeline import RelayEvent
from recorder_gui.ui.dialogs.stop_dialog import StopResultDialog
from recorder_gui.ui.widgets.callbacks_box import CallbacksBox

from .sessions import started_session

LIVE = FeedStatus(FeedState.LIVE, "Callbacks live from the relay.", 0.0)
FAILING = FeedStatus(
    FeedState.FAILING, "Callbacks paused: The relay cannot be reached (ConnectError).", 0.0
)


def ev(event_type: int, seq: int, at_s: float, **details: Any) -> RelayEvent:
    body = {
        "noticeId": f"n{seq}",
        "eventType": event_type,
        "payload": {
            "sid": "sid1",
            "cname": "show",
            "uid": "42",
            "sequence": seq,
            "sendts": int(at_s * 1000),
            "details": details,
        },
    }
    return RelayEvent(seq + 1, 0, Envelope.from_json(body))


def test_lines_bar_and_alerts(qtbot: QtBot, tmp_path: Path) -> None:
    session = started_session(tmp_path)
    relay: list[FeedStatus | None] = [LIVE]
    bridge = SessionBridge(session, now=time.time, relay=lambda: relay[0])
    box = CallbacksBox()
    qtbot.addWidget(box)
    box.set_session(bridge)
    assert box.lines.count() == 0 and box.progress.isHidden()
    assert box.relay.text() == "Callbacks live from the relay."
    with qtbot.waitSignal(bridge.timeline_changed):
        session.take_callbacks([ev(40, 1, 1000), ev(33, 2, 1060, progress=4000)])
    texts = [box.lines.item(i).text() for i in range(box.lines.count())]
    assert texts[0].endswith("the recorder joined the channel")
    assert texts[1].endswith("upload 40% done")
    assert not box.progress.isHidden() and box.progress.value() == 40
    session.take_callbacks([ev(1, 3, 1100, module=0, errorLevel=5, errorCode=7, errorMsg="x")])
    last = box.lines.item(box.lines.count() - 1)
    assert "fatal error 7 in the recorder" in last.text() and last.font().bold()
    assert bridge.error is not None and "fatal error 7" in bridge.error.meaning
    relay[0] = FAILING
    bridge.timeline_changed.emit()
    assert "cannot be reached" in box.relay.text()
    relay[0] = None
    bridge.timeline_changed.emit()
    assert box.relay.text().startswith("No relay in this profile")
    bridge.detach()


def test_callbacks_and_query_disagree_and_query_decides(qtbot: QtBot, tmp_path: Path) -> None:
    session = started_session(tmp_path)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    bridge = SessionBridge(session, now=time.time, relay=lambda: LIVE)
    box = CallbacksBox()
    qtbot.addWidget(box)
    box.set_session(bridge)
    session.take_callbacks([ev(41, 5, 2000, leaveCode=4)])
    assert box.disagreement.isHidden()  # no poll after it yet
    session.publish_snapshot(StatusSnapshot(status=5, last_ok_poll_at=2030.0))
    assert not box.disagreement.isHidden()
    assert "still reports the recording running" in box.disagreement.text()
    assert session.state is SessionState.RECORDING  # query stays the authority
    bridge.detach()


def test_the_stop_dialog_shows_the_service_confirmation_as_it_comes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = started_session(tmp_path)
    bridge = SessionBridge(session, now=time.time, relay=lambda: LIVE)
    session.apply(StopAnswered(StopOutcome("Stopped.", uploading_status="uploaded")))
    summary = session_stop_summary(session, title=bridge.title)
    assert summary is not None
    dialog = StopResultDialog(summary, bridge=bridge)
    qtbot.addWidget(dialog)
    assert "Waiting for the service to confirm" in dialog.confirmed.text()
    file = {"fileName": "sid1_show.m3u8", "trackType": "audio_and_video", "uid": "0"}
    session.take_callbacks([ev(32, 9, 3000, fileList=[file])])
    assert "Agora's backup" in dialog.confirmed.text()
    dialog.done(0)
    session.take_callbacks([ev(31, 10, 3001, fileList=[file])])  # after close: no crash
    bridge.detach()


def test_without_a_relay_the_stop_dialog_says_nothing_of_callbacks(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = started_session(tmp_path)
    bridge = SessionBridge(session, now=time.time)
    session.apply(StopAnswered(StopOutcome("Stopped.", uploading_status="uploaded")))
    summary = session_stop_summary(session)
    assert summary is not None
    dialog = StopResultDialog(summary, bridge=bridge)
    qtbot.addWidget(dialog)
    assert dialog.confirmed.isHidden()
    bridge.detach()
