"""Real uploads to S3-compatible storage: a moto server on loopback receives what the
emulator reports in query and stop, named the same, playable as HLS (parsed with m3u8)."""

from __future__ import annotations

import time
from typing import Any

import m3u8
import pytest

from recorder_gui.emulator import Fault
from tests._fixtures.s3 import S3Bucket
from tests.emulator.conftest import Api

PREFIX = ["show", "day1"]


def is_ts(data: bytes) -> bool:
    """Whole 188-byte MPEG-TS packets, each opening with the sync byte 0x47."""
    return (
        bool(data)
        and len(data) % 188 == 0
        and all(data[i] == 0x47 for i in range(0, len(data), 188))
    )


def recording(api: Api, s3: S3Bucket, mode: str = "mix", **client: Any) -> str:
    api.emu.add_user(api.appid, api.cname, 1001)
    storage = s3.storage_config(fileNamePrefix=PREFIX)
    return api.begin(mode, storageConfig=storage, **client)


def settle(api: Api) -> None:
    assert api.emu.wait_uploads(10), api.emu.upload_outcomes()


def playlist(s3: S3Bucket, key: str) -> m3u8.M3U8:
    parsed = m3u8.loads(s3.get(key).decode("utf-8"))
    assert parsed.target_duration is not None  # a media playlist, valid HLS
    return parsed


def named(playlist_key: str, parsed: m3u8.M3U8) -> list[str]:
    """The keys a playlist's segments resolve to (URIs are relative to the playlist)."""
    folder = playlist_key.rsplit("/", 1)[0] + "/"
    return [folder + seg.uri for seg in parsed.segments]


def test_objects_and_names_match_the_file_list(api: Api, s3: S3Bucket) -> None:
    sid = recording(api, s3)
    api.emu.clock.advance(50)
    answer = api.query().json()["serverResponse"]
    settle(api)
    keys = s3.objects()
    assert keys == sorted(api.emu.storage_objects(sid))
    assert all(k.startswith("show/day1/") for k in keys)
    assert answer["fileListMode"] == "string"
    assert answer["fileList"] in keys
    assert [o["state"] for o in api.emu.upload_outcomes(sid)] == ["uploaded"] * len(
        api.emu.upload_outcomes(sid)
    )


def test_playlist_references_exactly_the_segments(api: Api, s3: S3Bucket) -> None:
    sid = recording(api, s3)
    api.emu.clock.advance(65)
    file_list = api.query().json()["serverResponse"]["fileList"]
    settle(api)
    parsed = playlist(s3, file_list)
    segments = [k for k in s3.objects() if k.endswith(".ts")]
    assert len(segments) == 4
    assert named(file_list, parsed) == segments
    assert all(seg.duration == 15 for seg in parsed.segments)
    assert all(is_ts(s3.get(k)) for k in segments)
    assert sid in file_list


def test_playlist_grows_while_recording_and_ends_at_stop(api: Api, s3: S3Bucket) -> None:
    recording(api, s3)
    api.emu.clock.advance(35)
    key = api.query().json()["serverResponse"]["fileList"]
    settle(api)
    first = playlist(s3, key)
    assert len(first.segments) == 2 and not first.is_endlist
    api.emu.clock.advance(30)
    api.query()
    settle(api)
    grown = playlist(s3, key)
    assert len(grown.segments) == 4 and not grown.is_endlist
    api.emu.clock.advance(5)
    stop = api.stop().json()["serverResponse"]
    settle(api)
    final = playlist(s3, key)
    assert final.is_endlist
    assert len(final.segments) == 5  # the partial last slice, uploaded at stop
    assert final.segments[-1].duration < 15
    assert named(key, final) == [k for k in s3.objects() if k.endswith(".ts")]
    assert stop["fileList"] == key


def test_mp4_when_asked(api: Api, s3: S3Bucket) -> None:
    sid = recording(api, s3, recordingFileConfig={"avFileType": ["hls", "mp4"]})
    api.emu.clock.advance(40)
    entries = api.stop().json()["serverResponse"]["fileList"]
    settle(api)
    names = sorted(e["fileName"] for e in entries)
    mp4s = [k for k in s3.objects() if k.endswith(".mp4")]
    assert mp4s == [n for n in names if n.endswith(".mp4")] == [f"show/day1/{sid}_room1_0.mp4"]
    assert s3.get(mp4s[0])[4:8] == b"ftyp"
    assert [n for n in names if n.endswith(".m3u8")] == [k for k in s3.objects() if ".m3u8" in k]


def test_failover_files_carry_bak_names(api: Api, s3: S3Bucket) -> None:
    sid = recording(api, s3)
    api.emu.clock.advance(35)
    api.query()
    api.emu.start_failover(sid, window_seconds=5)
    api.emu.clock.advance(40)
    api.stop()
    settle(api)
    keys = s3.objects()
    assert keys == sorted(api.emu.storage_objects(sid))
    bak = [k for k in keys if k.startswith(f"show/day1/bak0_{sid}_room1")]
    assert f"show/day1/bak0_{sid}_room1.m3u8" in bak
    assert any(k.endswith(".ts") for k in bak)
    for key in (f"show/day1/{sid}_room1.m3u8", f"show/day1/bak0_{sid}_room1.m3u8"):
        parsed = playlist(s3, key)
        assert parsed.is_endlist
        assert set(named(key, parsed)) <= set(keys)


@pytest.mark.parametrize("kind", ["segment_dropped", "segment_corrupt"])
def test_segment_faults(api: Api, s3: S3Bucket, kind: str) -> None:
    sid = recording(api, s3)
    api.emu.clock.advance(35)
    key = api.query().json()["serverResponse"]["fileList"]
    api.emu.inject_fault(Fault(kind=kind, sid=sid))
    api.emu.clock.advance(30)
    api.query()
    settle(api)
    listed = named(key, playlist(s3, key))
    assert len(listed) == 4
    spoiled = listed[2]  # the first segment uploaded after the fault
    if kind == "segment_dropped":
        assert spoiled not in s3.objects()
        assert {"sid": sid, "key": spoiled, "state": "dropped", "error": None} in (
            api.emu.upload_outcomes(sid)
        )
    else:
        assert not is_ts(s3.get(spoiled))
    assert all(is_ts(s3.get(k)) for k in listed if k != spoiled)
    assert api.query().json()["serverResponse"]["status"] == 5  # the recording goes on


def test_refused_uploads_leave_nothing(api: Api, s3: S3Bucket) -> None:
    api.emu.config.storage_failure_seconds = 60
    sid = recording(api, s3)
    api.emu.inject_fault(Fault(kind="storage_refused", sid=sid))
    api.emu.clock.advance(40)
    api.query()
    stop = api.stop()
    assert stop.status_code == 206
    settle(api)
    assert s3.objects() == []
    assert api.emu.upload_outcomes(sid) == []


def test_refused_after_some_uploads_keeps_what_was_there(api: Api, s3: S3Bucket) -> None:
    api.emu.config.storage_failure_seconds = 60
    sid = recording(api, s3)
    api.emu.clock.advance(35)
    key = api.query().json()["serverResponse"]["fileList"]
    settle(api)
    before = s3.objects()
    api.emu.inject_fault(Fault(kind="storage_refused", sid=sid))
    api.emu.clock.advance(30)
    api.query()
    api.stop()
    settle(api)
    assert s3.objects() == before
    assert not playlist(s3, key).is_endlist  # never closed: the storage refused it


def test_storage_that_refuses_the_put_ends_the_task(api: Api, s3: S3Bucket) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    storage = s3.storage_config(bucket="no-such-bucket")
    sid = api.begin("mix", storageConfig=storage)
    api.emu.clock.advance(20)
    api.query()
    settle(api)
    assert api.emu.upload_outcomes(sid)[0]["state"] == "failed"
    assert api.emu.task(sid)["uploads_refused"]
    api.emu.clock.advance(api.emu.config.storage_failure_seconds)
    assert api.query().status_code == 404
    assert api.emu.task(sid)["ended_reason"] == "storage_refused"


def test_slow_or_refusing_storage_never_slows_the_api(api: Api, dead_endpoint: str) -> None:
    api.emu.uploader.timeout = 1.0
    api.emu.config.storage_failure_seconds = 600
    api.emu.add_user(api.appid, api.cname, 1001)
    storage = {
        "vendor": 11,
        "region": 0,
        "bucket": "slow-bucket",
        "accessKey": "ak",
        "secretKey": "sk",
        "extensionParams": {"endpoint": dead_endpoint},
    }
    api.begin("mix", storageConfig=storage)
    slowest = 0.0
    for _ in range(6):
        api.emu.clock.advance(15)
        began = time.monotonic()
        assert api.query().status_code == 200
        slowest = max(slowest, time.monotonic() - began)
    began = time.monotonic()
    assert api.stop().status_code in (200, 206)
    slowest = max(slowest, time.monotonic() - began)
    assert slowest < 0.5
    api.emu.close()
