"""Predicted files carry their track and uid as data (no name to parse back)."""

from __future__ import annotations

from recorder_gui.recording import FileDetail, StopOutcome
from recorder_gui.recording.record import outcome_from_json, outcome_to_json
from recorder_gui.recording.stop_flow import predicted_files


def test_individual_files_name_their_uid_and_track() -> None:
    got = predicted_files(mode="individual", sid="s", cname="room", uids=(7,), stream_types=2)
    assert got == (
        FileDetail("s_room__uid_s_7__uid_e_audio.m3u8", track_type="audio", uid="7"),
        FileDetail("s_room__uid_s_7__uid_e_video.m3u8", track_type="video", uid="7"),
    )


def test_an_unknown_uid_keeps_the_placeholder_in_the_name_only() -> None:
    (only,) = predicted_files(mode="individual", sid="s", cname="room", stream_types=0)
    assert only.name == "s_room__uid_s_<uid>__uid_e_audio.m3u8"
    assert (only.track_type, only.uid) == ("audio", None)


def test_mixed_files_and_failover_copies() -> None:
    got = predicted_files(
        mode="mix", sid="s", cname="room", storage_prefix="p/", mp4=True, failovers=1
    )
    assert [f.name for f in got] == [
        "p/s_room.m3u8",
        "p/s_room_0.mp4",
        "p/bak0_s_room.m3u8",
        "p/bak0_s_room_0.mp4",
    ]
    assert all(f.mixed_all_user and f.track_type == "audio_and_video" for f in got)


def test_predicted_files_survive_the_journal_and_old_rows_still_read() -> None:
    outcome = StopOutcome(
        "Stopped.",
        predicted_files=predicted_files(mode="individual", sid="s", cname="c", uids=(1,)),
    )
    assert outcome_from_json(outcome_to_json(outcome)) == outcome
    legacy = '{"sentence": "Stopped.", "predicted_files": ["p/s_c.m3u8"]}'
    read = outcome_from_json(legacy)
    assert read is not None and read.predicted_files == (FileDetail("p/s_c.m3u8"),)
