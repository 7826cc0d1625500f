"""The file checker against real objects: the emulator records to moto over loopback, then
``check_files`` looks at the bucket the way the panel will (no mocks)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import httpx
import pytest

from recorder_gui.emulator import Fault
from recorder_gui.files import (
    FilesReport,
    Storage,
    StorageCheckError,
    StorageTarget,
    check_files,
    presigned_url,
)
from recorder_gui.files.check import format_duration, parse_playlist, segment_key
from tests._fixtures.s3 import ACCESS_KEY, SECRET_KEY, S3Bucket, storage_on
from tests.emulator.conftest import Api
from tests.emulator.test_uploads import recording, settle

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def storage_for(s3: S3Bucket, **changes: Any) -> Storage:
    made: Storage = storage_on(s3, **changes)
    return made


def check(s3: S3Bucket, names: list[str], seconds: float | None) -> FilesReport:
    return run(check_files(storage_for(s3), names, recording_seconds=seconds))


def stopped_recording(api: Api, s3: S3Bucket, seconds: float = 65, **client: Any) -> list[str]:
    recording(api, s3, **client)
    api.emu.clock.advance(seconds)
    file_list = api.stop().json()["serverResponse"]["fileList"]
    settle(api)
    if isinstance(file_list, str):
        return [file_list]
    return [entry["fileName"] for entry in file_list]


def test_all_present_and_playable_after_stop(api: Api, s3: S3Bucket) -> None:
    names = stopped_recording(api, s3, recordingFileConfig={"avFileType": ["hls", "mp4"]})
    report = check(s3, names, 65)
    assert report.ok, report.rows
    playlist = next(r for r in report.rows if r.is_playlist)
    assert playlist.closed and playlist.playable and playlist.segments == 5
    assert playlist.duration is not None and abs(playlist.duration - 65) <= 10
    assert all(r.present and r.playable and r.size for r in report.rows)
    length = format_duration(playlist.duration)
    assert report.summary == f"{len(names)} files, {length}, all present"


def test_duration_that_does_not_match_is_said(api: Api, s3: S3Bucket) -> None:
    names = stopped_recording(api, s3)
    report = check(s3, names, 300)
    assert not report.ok
    assert "but the recording ran 5 min 00 s" in (report.rows[0].problem or "")
    assert check(s3, names, 65).ok  # within max(10 s, 5 %)


def test_dropped_segment_is_found(api: Api, s3: S3Bucket) -> None:
    sid = recording(api, s3)
    api.emu.clock.advance(35)
    api.query()
    api.emu.inject_fault(Fault(kind="segment_dropped", sid=sid))
    api.emu.clock.advance(30)
    key = api.stop().json()["serverResponse"]["fileList"]
    settle(api)
    report = check(s3, [key], 65)
    row = report.rows[0]
    assert row.present and row.closed and row.segments_missing == 1 and not row.playable
    name = key.rsplit("/", 1)[1]
    assert report.summary == f"1 segment missing in {name}"


def test_playlist_still_recording_is_not_closed(api: Api, s3: S3Bucket) -> None:
    recording(api, s3)
    api.emu.clock.advance(35)
    key = api.query().json()["serverResponse"]["fileList"]
    settle(api)
    row = check(s3, [key], None).rows[0]
    assert row.closed is False and row.segments_missing == 0
    assert "not closed" in (row.problem or "")


def test_storage_refused_mid_way_leaves_it_open(api: Api, s3: S3Bucket) -> None:
    api.emu.config.storage_failure_seconds = 60
    sid = recording(api, s3)
    api.emu.clock.advance(35)
    key = api.query().json()["serverResponse"]["fileList"]
    settle(api)
    api.emu.inject_fault(Fault(kind="storage_refused", sid=sid))
    api.emu.clock.advance(30)
    api.query()
    api.stop()
    settle(api)
    report = check(s3, [key], 65)
    row = report.rows[0]
    assert row.closed is False
    assert "not closed" in (row.problem or "") and "recording ran 1 min 05 s" in row.problem


def test_truncated_playlist_is_reported(api: Api, s3: S3Bucket) -> None:
    [key] = stopped_recording(api, s3)
    whole = s3.get(key)
    s3.client.put_object(Bucket=s3.name, Key=key, Body=whole[: len(whole) // 2])
    row = check(s3, [key], 65).rows[0]
    assert row.present and not row.playable
    assert (row.problem or "").startswith("truncated")


def test_garbage_playlist_is_unreadable(s3: S3Bucket) -> None:
    s3.client.put_object(Bucket=s3.name, Key="a/x.m3u8", Body=b"\xff\xfe not text")
    row = check(s3, ["a/x.m3u8"], None).rows[0]
    assert row.present and "unreadable" in (row.problem or "")


def test_missing_object(api: Api, s3: S3Bucket) -> None:
    [key] = stopped_recording(api, s3)
    report = check(s3, [key, "show/day1/nothing_here_0.mp4"], 65)
    assert [r.present for r in report.rows] == [True, False]
    assert report.summary == "1 of 2 files missing"


def test_missing_bucket(s3: S3Bucket) -> None:
    with pytest.raises(StorageCheckError) as caught:
        run(check_files(storage_for(s3, bucket="no-such-bucket"), ["x.m3u8"], recording_seconds=1))
    assert caught.value.kind == "bucket_missing"
    assert 'no bucket "no-such-bucket"' in caught.value.sentence
    assert "bucket name" in caught.value.next_step


def test_unreachable_endpoint(s3: S3Bucket, dead_endpoint: str) -> None:
    storage = storage_for(s3, endpoint=dead_endpoint, timeout=1.0)
    with pytest.raises(StorageCheckError) as caught:
        run(check_files(storage, ["x.m3u8"], recording_seconds=None))
    assert caught.value.kind == "unreachable"
    assert "endpoint" in caught.value.next_step


class _Refuser(BaseHTTPRequestHandler):
    """An S3-shaped server that refuses every key pair (moto checks none)."""

    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
        b"<Message>Access Denied</Message></Error>"
    )

    def _refuse(self) -> None:
        self.send_response(403)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(self.body)

    do_HEAD = do_GET = _refuse

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._refuse()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def refusing_storage() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refuser)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_wrong_keys_are_access_denied(s3: S3Bucket, refusing_storage: str) -> None:
    storage = storage_for(s3, endpoint=refusing_storage)
    with pytest.raises(StorageCheckError) as caught:
        run(check_files(storage, ["x.m3u8"], recording_seconds=None))
    assert caught.value.kind == "access_denied"
    assert "access key and secret" in caught.value.next_step
    with pytest.raises(StorageCheckError) as on_get:
        run(storage.get("x.m3u8"))
    assert on_get.value.kind == "access_denied"
    with pytest.raises(StorageCheckError) as on_put:
        run(storage.put_text("p/manifest.json", "{}"))
    assert on_put.value.kind == "access_denied"
    assert "may write (put) objects" in on_put.value.next_step
    assert "may read" in caught.value.next_step


def test_put_text_lands_in_the_bucket(s3: S3Bucket) -> None:
    run(storage_for(s3).put_text("show/manifest.json", '{"a": "é"}'))
    assert s3.get("show/manifest.json").decode("utf-8") == '{"a": "é"}'


def test_other_vendors_are_named_with_where_to_look() -> None:
    target = StorageTarget(2, 0, "b", access_key="ak-xyz1", secret_key="sk-xyz1")
    with pytest.raises(StorageCheckError) as caught:
        Storage(target)
    error = caught.value
    assert error.kind == "unsupported_vendor"
    assert "Amazon S3 (vendor 1) and S3-compatible endpoints (vendor 11)" in error.sentence
    assert error.next_step == "Check the files in the Alibaba Cloud OSS console."


def test_amazon_s3_region_is_used() -> None:
    storage = Storage(StorageTarget(1, 7, "b", access_key="ak-abc1", secret_key="sk-abc1"))
    url = run(presigned_url(storage, "a/b.m3u8", 60))
    assert url.startswith("https://") and "s3.eu-central-1.amazonaws.com" in url
    assert "%2Feu-central-1%2Fs3%2F" in url  # signed for the bucket's region
    assert "sk-abc1" not in url


def test_presigned_url_fetches_the_object(api: Api, s3: S3Bucket) -> None:
    [key] = stopped_recording(api, s3)
    url = run(presigned_url(storage_for(s3), key, expires=600))
    answer = httpx.get(url, timeout=5)
    assert answer.status_code == 200
    assert answer.content == s3.get(key)
    assert SECRET_KEY not in url


def test_secrets_never_in_error_text(
    s3: S3Bucket, refusing_storage: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    for changes in (
        {"bucket": "no-such-bucket"},
        {"endpoint": refusing_storage},
        {"endpoint": "http://127.0.0.1:1", "timeout": 1.0},
    ):
        storage = storage_for(s3, **changes)
        texts += [repr(storage), repr(storage.target), str(storage.target)]
        with pytest.raises(StorageCheckError) as caught:
            run(check_files(storage, ["x.m3u8"], recording_seconds=None))
        texts += [str(caught.value), repr(caught.value), caught.value.next_step]
    texts.append(caplog.text)
    for text in texts:
        assert SECRET_KEY not in text and ACCESS_KEY not in text, text


def test_playlist_helpers() -> None:
    assert segment_key("show/day1/a.m3u8", "a_1.ts") == "show/day1/a_1.ts"
    assert segment_key("show/day1/a.m3u8", "../b.ts") == "show/b.ts"
    assert segment_key("a.m3u8", "a_1.ts") == "a_1.ts"
    assert segment_key("x/a.m3u8", "https://cdn/x.ts") is None
    assert format_duration(3720) == "1 h 02 min"
    assert format_duration(45.2) == "45 s"
    text = b"#EXTM3U\n#EXT-X-TARGETDURATION:15\n#EXTINF:15,\na.ts\n#EXT-X-GAP\n#EXTINF:15,\nb.ts\n"
    parsed = parse_playlist(text)
    assert not isinstance(parsed, str) and parsed.gaps == 1 and not parsed.closed
    assert isinstance(parse_playlist(text + b"#EXTINF:15,"), str)


def test_a_live_report_says_so_far_and_not_yet() -> None:
    from recorder_gui.files.check import FileRow

    fine = FilesReport((FileRow("p/a.m3u8", True, 10, 30.0, True, segments=3),), 30.0, True)
    assert fine.summary == "1 file so far, 30 s, present"
    waiting = FilesReport(
        (
            FileRow("p/a.m3u8", True, 10, 30.0, True, segments=3),
            FileRow("p/b.m3u8", False, problem="not in the bucket yet (still uploading?)"),
        ),
        30.0,
        True,
    )
    assert waiting.summary == "1 of 2 files not uploaded yet"


def test_a_live_check_accepts_the_open_playlist(api: Api, s3: S3Bucket) -> None:
    recording(api, s3)
    api.emu.clock.advance(40)
    names = [api.query().json()["serverResponse"]["fileList"]]
    settle(api)
    live = run(check_files(storage_for(s3), names, recording_seconds=40, live=True))
    assert live.ok and live.rows[0].closed is False, live.rows
    after = run(check_files(storage_for(s3), names, recording_seconds=40))
    assert not after.ok and "not closed" in (after.rows[0].problem or "")
