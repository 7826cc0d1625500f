"""A recording's callbacks as a timeline: once each, in event order, and what they establish."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.recording.timeline import RelayEvent, Timeline, UploadOutcome

FILE = {"fileName": "a.m3u8", "trackType": "audio_and_video", "uid": "0"}
_cursor = iter(range(1, 10**9))


def ev(
    event_type: int,
    seq: int | None,
    at_ms: int,
    *,
    notice: str | None = None,
    sid: str = "sid1",
    duplicate: bool = False,
    test: bool = False,
    **details: Any,
) -> RelayEvent:
    body = {
        "noticeId": notice or f"n{event_type}-{seq}-{at_ms}",
        "eventType": event_type,
        "notifyMs": at_ms + 5,
        "payload": {
            "sid": sid,
            "cname": "test_webhook" if test else "show",
            "uid": "900001",
            "sequence": seq,
            "sendts": at_ms,
            "details": details,
        },
    }
    return RelayEvent(next(_cursor), at_ms + 9, Envelope.from_json(body), duplicate=duplicate)


def test_lines_are_in_event_order_whatever_the_arrival() -> None:
    t = Timeline()
    for event in (ev(40, 1, 2000), ev(30, 0, 1000), ev(42, 2, 3000, streamUid="0")):
        t.add(event)
    assert [e.event_type for e in t.entries] == [30, 40, 42]
    assert t.entries[1].text == "the recorder joined the channel"


def test_each_event_is_kept_once() -> None:
    t = Timeline()
    first = ev(40, 1, 2000, notice="same")
    assert t.add(first) is not None
    assert t.add(ev(40, 1, 2000, notice="same")) is None  # NCS resend: same noticeId
    assert t.add(ev(40, 1, 2000, notice="other")) is None  # redundant delivery: same sequence
    assert t.add(ev(41, 9, 9000, duplicate=True, leaveCode=2)) is None  # the relay said so
    assert t.add(ev(11, 10, 9500, test=True, exitStatus=0)) is None  # Console's health check
    assert len(t.entries) == 1 and t.ended_ms is None


def test_upload_progress_is_a_bar_not_a_line_per_minute() -> None:
    t = Timeline()
    for minute in range(1, 6):
        t.add(ev(33, minute, minute * 60_000, progress=minute * 1000))
    t.add(ev(33, 99, 30_000, progress=9000))  # late and older: ignored for the bar
    assert t.upload_progress == 0.5
    assert [e.event_type for e in t.entries].count(33) == 1


def test_uploaded_and_backuped() -> None:
    t = Timeline()
    t.add(ev(31, 5, 5000, fileList=[FILE, FILE]))
    assert t.upload_outcome is UploadOutcome.UPLOADED and t.upload_progress == 1.0
    assert t.upload_sentence() == "The service confirms all 2 files are in your bucket."
    t.add(ev(32, 6, 6000, fileList=[FILE]))
    assert t.upload_outcome is UploadOutcome.BACKUPED
    t.add(ev(31, 7, 7000, fileList=[FILE]))
    assert t.upload_outcome is UploadOutcome.BACKUPED  # a backup anywhere is never hidden
    assert "Agora's backup" in t.upload_sentence()


def test_the_end_is_the_earliest_leave_or_exit() -> None:
    t = Timeline()
    t.add(ev(11, 9, 9000, exitStatus=1))
    t.add(ev(41, 8, 8000, leaveCode=4))
    assert t.ended_ms == 8000
    assert "nobody was in the channel" in t.ended_text
    assert t.exit_status == 1


def test_audio_and_video_of_one_user_at_once_are_one_line() -> None:
    t = Timeline()
    t.add(ev(43, 1, 1000, streamUid="7", state=1))
    t.add(ev(44, 2, 1400, streamUid="7", state=1))
    t.add(ev(44, 3, 1500, streamUid="8", state=1))  # another user
    t.add(ev(43, 4, 9000, streamUid="7", state=0))  # later: its own line
    assert [e.text for e in t.entries] == [
        "no audio and video from uid 7",
        "no video from uid 8",
        "receiving audio from uid 7",
    ]


def test_failover_uids_are_kept() -> None:
    t = Timeline()
    t.add(ev(12, 3, 3000, newUid=900002))
    assert t.failover_uids == ("900002",)


@given(st.permutations(list(range(12))))
def test_any_arrival_order_gives_the_same_timeline(order: list[int]) -> None:
    events = [
        ev(42 if i % 3 else 33, i, 1000 * i, streamUid=str(i), progress=i * 100) for i in range(12)
    ]
    reference, shuffled = Timeline(), Timeline()
    for e in events:
        reference.add(e)
    for i in order:
        shuffled.add(events[i])
    assert [e.at_ms for e in shuffled.entries] == [e.at_ms for e in reference.entries]
    assert shuffled.upload_progress == reference.upload_progress
