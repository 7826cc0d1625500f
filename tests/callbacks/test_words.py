"""Each event in a producer's words, from a table of real and hostile details."""

from __future__ import annotations

from typing import Any

import pytest

from recorder_gui.callbacks.catalog import CATALOG, UNCONFIRMED
from recorder_gui.callbacks.details import (
    leave_reasons,
    progress,
    raises_alert,
    uploaded_files,
)
from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.callbacks.words import describe


def env(event_type: int, **details: Any) -> Envelope:
    return Envelope.from_json({"eventType": event_type, "payload": {"details": details}})


FILE = {"fileName": "sid_c.m3u8", "trackType": "audio_and_video", "uid": "0", "isPlayable": True}


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (env(31, fileList=[FILE] * 14), "uploaded 14 files to your storage"),
        (env(31, fileList=[FILE]), "uploaded 1 file to your storage"),
        (env(31, status=0), "all files uploaded to your storage"),  # web: status only
        (env(32, fileList=[FILE] * 2), "2 files went to Agora's backup and will be forwarded"),
        (env(32), "some files went to Agora's backup"),
        (env(33, progress=4512), "upload 45% done"),
        (env(33, progress=99999), "upload 100% done"),
        (env(33, progress="lots"), "upload progress"),
        (env(41, leaveCode=4), "left the channel: nobody was in the channel"),
        (env(41, leaveCode=2 | 8), "left the channel: the recorder was stopped"),
        (env(41, leaveCode=0), "could not start"),
        (env(41, leaveCode=8), "the recorder left the channel"),
        (env(11, exitStatus=0), "ended normally"),
        (env(11, exitStatus=1), "ended abnormally"),
        (env(12, newUid=900002), "new recorder (bot uid 900002)"),
        (
            env(1, module=1, errorLevel=5, errorCode=32, errorMsg="upload failed"),
            "fatal error 32 in the uploader: upload failed",
        ),
        (env(1, errorLevel="high"), "error"),
        (env(2, module=1, warnCode=32), "re-uploading files to Agora's backup"),
        (env(42, streamUid="0"), "recording began"),
        (env(42, streamUid="1234"), "recording of uid 1234 began"),
        (env(43, streamUid="7", state=1), "no audio from uid 7"),
        (env(44, streamUid="7", state=0), "receiving video from uid 7"),
        (env(44, streamUid="7", state="x"), "video from uid 7 changed"),
        (env(71, code=1), "stopped: it reached its maxRecordingHour"),
        (env(100, status="publishing"), "state changed: publishing"),
        (env(13), "unknown event 13"),
        (env(99999), "unknown event 99999"),
    ],
)
def test_describe(event: Envelope, words: str) -> None:
    assert words in describe(event)


def test_every_known_type_has_words_and_none_is_unconfirmed() -> None:
    for event_type in CATALOG:
        assert describe(env(event_type))
    assert not UNCONFIRMED & CATALOG.keys()


def test_long_messages_are_clipped_to_one_line() -> None:
    text = describe(env(1, errorLevel=4, errorMsg="x\n" * 500))
    assert len(text) <= 160 and "\n" not in text


def test_file_lists_read_both_spellings_and_skip_junk() -> None:
    files = uploaded_files(
        env(
            71,
            fileList=[{"filename": "a.mp4", "sliceStartTime": "5"}, {"fileName": ""}, 3, "b.m3u8"],
        )
    )
    assert [f.file_name for f in files] == ["a.mp4", "b.m3u8"]
    assert files[0].slice_start_ms == 5
    assert uploaded_files(env(31, fileList="nope")) == []


def test_progress_alerts_and_leave_reasons() -> None:
    assert progress(env(33, progress=10000)) == 1.0
    assert progress(env(33, progress=-3)) == 0.0
    assert progress(env(31, progress=5000)) is None
    assert raises_alert(env(1, errorLevel=4))
    assert not raises_alert(env(1, errorLevel=3))
    assert not raises_alert(env(2, errorLevel=5))
    assert leave_reasons(None) == []
    assert len(leave_reasons(2 | 4 | 16)) == 3
