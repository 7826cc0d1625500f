"""The checker and the storage against moto's S3 server, with objects put there by hand (no
emulator): each rule of a playlist check on the smallest bucket that shows it, the storage's
answers and links, and every way a failure is translated into a sentence (no mocks)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from recorder_gui.api.redact import SECRETS
from recorder_gui.files import Storage, StorageCheckError, StorageTarget, check_files, presigned_url
from recorder_gui.files.check import FileRow
from recorder_gui.files.storage import aws_region
from tests._fixtures.s3 import SECRET_KEY, S3Bucket, s3_client, storage_on

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


_names = itertools.count()
_shared: dict[str, Storage] = {}


@pytest.fixture(scope="module")
def s3(s3_server: str) -> S3Bucket:
    """One bucket for this module (each test under its own prefix, ``p``): a new bucket and
    a new boto client per test would cost more than the checks themselves."""
    client = s3_client(s3_server)
    name = "check-bucket-tests"
    client.create_bucket(Bucket=name)
    return S3Bucket(s3_server, name, client)


@pytest.fixture
def p() -> str:
    """This test's own prefix in the shared bucket."""
    return f"t{next(_names)}"


def storage_for(s3: S3Bucket, **changes: Any) -> Storage:
    """The module's storage for the shared bucket (one boto client), or one with changes."""
    if not changes:  # keyed by the server too: a new test session starts a new one
        where = f"{s3.endpoint}/{s3.name}"
        if where not in _shared:
            _shared[where] = storage_for(s3, timeout=5.0)
        return _shared[where]
    made: Storage = storage_on(s3, **changes)
    return made


def put(s3: S3Bucket, key: str, body: bytes | str) -> None:
    s3.client.put_object(Bucket=s3.name, Key=key, Body=body)


def playlist(*segments: tuple[str, float], closed: bool = True) -> str:
    lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:15"]
    for uri, seconds in segments:
        lines += [f"#EXTINF:{seconds},", uri]
    if closed:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def check_one(s3: S3Bucket, name: str, seconds: float | None, live: bool = False) -> FileRow:
    report = run(check_files(storage_for(s3), [name], recording_seconds=seconds, live=live))
    assert report.recording_seconds == seconds and report.live is live
    [row] = report.rows
    return row


def segments(count: int, seconds: float = 15.0) -> list[tuple[str, float]]:
    return [(f"s_{i}.ts", seconds) for i in range(count)]


# -- a playlist, rule by rule -------------------------------------------------------------


def test_a_whole_closed_playlist_is_playable(s3: S3Bucket, p: str) -> None:
    text = playlist(*segments(4))
    put(s3, f"{p}/a.m3u8", text)
    for i in range(4):
        put(s3, f"{p}/s_{i}.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", 60.0)
    assert row == FileRow(
        f"{p}/a.m3u8",
        True,
        len(text),
        duration=60.0,
        playable=True,
        problem=None,
        segments=4,
        segments_missing=0,
        gaps=0,
        closed=True,
    )


def test_missing_segments_are_counted_and_it_is_not_playable(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a.m3u8", playlist(*segments(5)))
    put(s3, f"{p}/s_0.ts", b"ts")
    put(s3, f"{p}/s_3.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", 75.0)
    assert (row.segments, row.segments_missing, row.playable) == (5, 3, False)
    assert row.problem == "3 of 5 segments missing"


def test_an_outside_url_is_listed_but_not_looked_for(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a.m3u8", playlist(("https://cdn.example/x.ts", 15), ("s_1.ts", 15)))
    put(s3, f"{p}/s_1.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", 30.0)
    assert (row.segments, row.segments_missing, row.playable, row.problem) == (2, 0, True, None)


def test_an_open_playlist_after_the_stop_is_not_closed_and_problems_add_up(
    s3: S3Bucket, p: str
) -> None:
    put(s3, f"{p}/a.m3u8", playlist(*segments(2), closed=False))
    put(s3, f"{p}/s_0.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", 300.0)
    assert row.closed is False
    assert row.problem == (
        "1 of 2 segments missing; "
        "not closed (no #EXT-X-ENDLIST): still recording, or cut off; "
        "lasts 30 s but the recording ran 5 min 00 s"
    )


def test_while_recording_an_open_playlist_and_its_length_are_fine(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a.m3u8", playlist(*segments(2), closed=False))
    put(s3, f"{p}/s_0.ts", b"ts")
    put(s3, f"{p}/s_1.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", 300.0, live=True)
    assert (row.closed, row.problem, row.playable) == (False, None, True)
    assert row.duration == 30.0


def test_a_playlist_without_segments_says_so_and_is_not_playable(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a.m3u8", playlist())
    row = check_one(s3, f"{p}/a.m3u8", 300.0)  # no length to compare
    assert (row.playable, row.segments, row.duration) == (False, 0, 0.0)
    assert row.problem == "lists no segments"


@pytest.mark.parametrize(
    ("ran", "lasted", "fine"),
    [
        (100.0, 110.0, True),  # 10 s of slack below 200 s
        (100.0, 90.0, True),
        (100.0, 110.5, False),
        (100.0, 89.5, False),
        (1000.0, 1050.0, True),  # 5 % above 200 s
        (1000.0, 950.0, True),
        (1000.0, 1050.5, False),
        (1000.0, 949.5, False),
    ],
)
def test_the_length_may_differ_by_ten_seconds_or_five_percent(
    s3: S3Bucket, p: str, ran: float, lasted: float, fine: bool
) -> None:
    put(s3, f"{p}/a.m3u8", playlist(("s_0.ts", lasted)))
    put(s3, f"{p}/s_0.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", ran)
    assert (row.problem is None) is fine, row.problem
    assert row.playable  # a length that differs does not make it unplayable


def test_a_failover_copy_covers_part_of_the_recording(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/bak0_a.m3u8", playlist(("s_0.ts", 20)))
    put(s3, f"{p}/s_0.ts", b"ts")
    assert check_one(s3, f"{p}/bak0_a.m3u8", 600.0).problem is None
    put(s3, f"{p}/a.m3u8", playlist(("s_0.ts", 20)))
    assert "but the recording ran 10 min 00 s" in (
        check_one(s3, f"{p}/a.m3u8", 600.0).problem or ""
    )


def test_gaps_are_counted(s3: S3Bucket, p: str) -> None:
    text = playlist(*segments(2)).replace(
        "#EXTINF:15.0,\ns_1", "#EXT-X-DISCONTINUITY\n#EXTINF:15.0,\ns_1"
    )
    put(s3, f"{p}/a.m3u8", text)
    put(s3, f"{p}/s_0.ts", b"ts")
    put(s3, f"{p}/s_1.ts", b"ts")
    row = check_one(s3, f"{p}/a.m3u8", 30.0)
    assert (row.gaps, row.problem) == (1, None)


def test_an_unreadable_playlist_is_present_with_the_reason(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a.m3u8", b"<Error>nope</Error>")
    row = check_one(s3, f"{p}/a.m3u8", 30.0)
    assert row == FileRow(
        f"{p}/a.m3u8", True, 19, problem="unreadable: not an HLS playlist (no #EXTM3U header)"
    )


def test_other_files_are_present_playable_or_empty(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a_0.mp4", b"x" * 7)
    put(s3, f"{p}/b_0.mp4", b"")
    report = run(
        check_files(
            storage_for(s3),
            [f"{p}/a_0.mp4", f"{p}/b_0.mp4", f"{p}/c_0.mp4"],
            recording_seconds=60.0,
        )
    )
    assert list(report.rows) == [
        FileRow(f"{p}/a_0.mp4", True, 7, playable=True),
        FileRow(f"{p}/b_0.mp4", True, 0, problem="empty (0 bytes)"),
        FileRow(f"{p}/c_0.mp4", False, problem="not in the bucket"),
    ]
    assert report.summary == "1 of 3 files missing; b_0.mp4: empty (0 bytes)"
    live = run(check_files(storage_for(s3), [f"{p}/c_0.mp4"], recording_seconds=None, live=True))
    assert live.rows[0].problem == "not in the bucket yet (still uploading?)"


def test_many_files_are_checked_in_order(s3: S3Bucket, p: str) -> None:
    names = [f"{p}/f_{i:02d}.mp4" for i in range(20)]
    for i, name in enumerate(names):
        put(s3, name, b"x" * (i + 1))
    report = run(check_files(storage_for(s3), names, recording_seconds=None))
    assert [(r.name, r.size) for r in report.rows] == [(n, i + 1) for i, n in enumerate(names)]


# -- the storage's answers ----------------------------------------------------------------


def test_head_get_and_put(s3: S3Bucket, p: str) -> None:
    storage = storage_for(s3)
    put(s3, f"{p}/a.bin", b"0123456789")
    assert run(storage.head(f"{p}/a.bin")) == 10
    assert run(storage.head(f"{p}/none.bin")) is None
    assert run(storage.get(f"{p}/a.bin")) == b"0123456789"
    assert run(storage.get(f"{p}/a.bin", max_bytes=4)) == b"0123"
    assert run(storage.get(f"{p}/none.bin")) is None
    run(storage.check_bucket())
    run(storage.put_text(f"{p}/m.json", '{"title": "Café"}'))
    answer = s3.client.get_object(Bucket=s3.name, Key=f"{p}/m.json")
    assert answer["Body"].read() == '{"title": "Café"}'.encode()
    assert answer["ContentType"] == "application/json; charset=utf-8"


def test_a_missing_bucket_is_named(s3: S3Bucket, p: str) -> None:
    storage = storage_for(s3, bucket="no-such-bucket")
    with pytest.raises(StorageCheckError) as caught:
        run(storage.check_bucket())
    assert caught.value.kind == "bucket_missing"
    assert caught.value.sentence == f'There is no bucket "no-such-bucket" at {s3.endpoint}.'
    assert caught.value.next_step == (
        "Check the bucket name (and the region or endpoint) in the profile."
    )
    # A HEAD's answer has no body to tell a missing bucket from a missing object: no object.
    assert run(storage.head("x")) is None


def test_a_link_is_path_style_signed_v4_and_expires(s3: S3Bucket, p: str) -> None:
    put(s3, f"{p}/a.m3u8", b"#EXTM3U\n")
    url = run(presigned_url(storage_for(s3), f"{p}/a.m3u8", 600))
    assert url.startswith(f"{s3.endpoint}/{s3.name}/{p}/a.m3u8?")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["600"]
    assert SECRET_KEY not in url
    assert httpx.get(url, timeout=5).content == b"#EXTM3U\n"
    for default in (
        run(presigned_url(storage_for(s3), f"{p}/a.m3u8")),
        run(storage_for(s3).presigned_url(f"{p}/a.m3u8")),
    ):
        assert parse_qs(urlsplit(default).query)["X-Amz-Expires"] == ["3600"]


def test_amazon_links_name_the_bucket_and_its_region() -> None:
    storage = Storage(StorageTarget(1, 7, "bkt", access_key="ak-abc1", secret_key="sk-abc1"))
    url = run(storage.presigned_url("a/b.m3u8", 60))
    assert url.startswith("https://bkt.s3.eu-central-1.amazonaws.com/a/b.m3u8?")
    assert "%2Feu-central-1%2Fs3%2F" in url
    china = Storage(StorageTarget(1, 15, "bkt", access_key="ak-abc1", secret_key="sk-abc1"))
    assert run(china.presigned_url("k", 60)).startswith(
        "https://bkt.s3.cn-north-1.amazonaws.com.cn/k?"
    )


def test_the_client_is_made_once_and_boto_never_logs_signed_headers(s3: S3Bucket, p: str) -> None:
    storage = storage_for(s3, timeout=4.0)
    put(s3, f"{p}/a", b"1")
    run(storage.head(f"{p}/a"))
    client = storage._client
    run(storage.head(f"{p}/a"))
    assert storage._client is client
    for name in ("boto3", "botocore", "urllib3"):
        assert logging.getLogger(name).level == logging.WARNING


def test_an_endpoint_without_a_scheme_is_https() -> None:
    target = StorageTarget(11, 0, "b", access_key="ak-1234", secret_key="sk-1234",
                           endpoint="s3.example.net:9000")  # fmt: skip
    assert Storage(target).endpoint == "https://s3.example.net:9000"
    plain = StorageTarget(11, 0, "b", access_key="ak-1234", secret_key="sk-1234",
                          endpoint="http://127.0.0.1:9")  # fmt: skip
    assert Storage(plain).endpoint == "http://127.0.0.1:9"
    amazon = Storage(StorageTarget(1, 0, "b", access_key="ak-1234", secret_key="sk-1234"))
    assert amazon.endpoint is None


def test_the_place_says_where_without_keys() -> None:
    s3_target = StorageTarget(1, 7, "b", access_key="ak-place1", secret_key="sk-place1")
    assert s3_target.place == 'bucket "b" at Amazon S3 / EU_CENTRAL_1'
    other = StorageTarget(11, 0, "b", access_key="ak-place1", secret_key="sk-place1",
                          endpoint="https://x.example")  # fmt: skip
    assert other.place == 'bucket "b" at https://x.example'
    storage = Storage(other)
    assert "ak-place1" not in repr(storage) and "sk-place1" not in repr(storage)
    assert repr(storage).startswith("Storage(StorageTarget(vendor=11, region=0, bucket='b'")


def test_regions_are_named_as_boto_names_them() -> None:
    assert aws_region(0) == "us-east-1"
    assert aws_region(7) == "eu-central-1"
    assert aws_region(15) == "cn-north-1"
    assert aws_region(999) is None


@pytest.mark.parametrize(
    ("target", "kind", "sentence", "next_step"),
    [
        (
            StorageTarget(11, 0, "b", access_key="ak-set1", secret_key="sk-set1"),
            "settings",
            "S3-compatible storage (vendor 11) needs an endpoint, and this profile has none.",
            "Add the endpoint URL to the profile's storage settings.",
        ),
        (
            StorageTarget(1, 99, "b", access_key="ak-set1", secret_key="sk-set1"),
            "settings",
            "Region 99 is not an Amazon S3 region.",
            "Pick the bucket's region in the profile's storage settings.",
        ),
        (
            StorageTarget(77, 0, "b", access_key="ak-set1", secret_key="sk-set1"),
            "unsupported_vendor",
            "The panel cannot look into storage vendor 77: it checks files in Amazon S3 "
            "(vendor 1) and S3-compatible endpoints (vendor 11) only.",
            "Check the files in the storage vendor 77 console.",
        ),
    ],
)
def test_settings_that_cannot_work_are_refused_before_any_request(
    target: StorageTarget, kind: str, sentence: str, next_step: str
) -> None:
    with pytest.raises(StorageCheckError) as caught:
        Storage(target)
    error = caught.value
    assert (error.kind, error.sentence, error.next_step) == (kind, sentence, next_step)
    assert str(error) == f"{sentence} {next_step}"
    assert repr(error) == f"StorageCheckError({kind!r}, {sentence!r})"


def test_the_keys_are_registered_as_secrets() -> None:
    SECRETS.discard("AKIA-REGISTER-1", "sk-register-1", "sts-register-1")  # a test ran before
    Storage(StorageTarget(1, 0, "b", access_key="AKIA-REGISTER-1", secret_key="sk-register-1",
                          sts_token="sts-register-1"))  # fmt: skip
    known = SECRETS.snapshot()
    assert {"AKIA-REGISTER-1", "sk-register-1", "sts-register-1"} <= set(known)


# -- failures as sentences ----------------------------------------------------------------


def amazon() -> Storage:
    return Storage(StorageTarget(1, 7, "bkt", access_key="AKIAFAIL0001", secret_key="sk-fail-0001"))


def client_error(code: str | None = None, status: int | None = None) -> ClientError:
    response: dict[str, Any] = {"Error": {"Code": code} if code else {}}
    if status is not None:
        response["ResponseMetadata"] = {"HTTPStatusCode": status}
    return ClientError(response, "HeadObject")


PLACE = 'bucket "bkt" at Amazon S3 / EU_CENTRAL_1'


@pytest.mark.parametrize("code", ["AccessDenied", "403", "Forbidden", "InvalidAccessKeyId",
                                  "SignatureDoesNotMatch", "AllAccessDisabled"])  # fmt: skip
def test_refused_keys_name_the_code_and_what_they_may_do(code: str) -> None:
    error = amazon()._translate(client_error(code), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "access_denied"
    assert error.sentence == f"The storage refused the profile's keys for {PLACE} ({code})."
    assert error.next_step == (
        "Check the access key and secret in the profile, and that they may read (list, head "
        "and get) objects in this bucket."
    )
    writing = amazon()._translate(client_error(code), bucket_call=False, writing=True)
    assert isinstance(writing, StorageCheckError)
    assert "may write (put) objects in this bucket." in writing.next_step


@pytest.mark.parametrize("code", ["NoSuchKey", "404", "NotFound"])
def test_no_such_key_is_no_object_but_on_the_bucket_no_bucket(code: str) -> None:
    storage = amazon()
    missing = storage._translate(client_error(code), bucket_call=False)
    assert not isinstance(missing, StorageCheckError)  # head and get answer None
    bucket = storage._translate(client_error(code), bucket_call=True)
    assert isinstance(bucket, StorageCheckError) and bucket.kind == "bucket_missing"
    assert bucket.sentence == f"There is no {PLACE}."


def test_no_such_bucket_is_said_on_any_call() -> None:
    error = amazon()._translate(client_error("NoSuchBucket"), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "bucket_missing"


def test_a_status_without_a_code_is_used_as_the_code() -> None:
    error = amazon()._translate(client_error(status=403), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "access_denied"
    assert error.sentence.endswith("(403).")
    odd = amazon()._translate(client_error(status=503), bucket_call=False)
    assert isinstance(odd, StorageCheckError) and odd.kind == "failed"
    assert odd.sentence == f"Looking into {PLACE} answered 503."


def test_another_code_is_quoted_short_and_without_keys() -> None:
    code = "SlowDown AKIAFAIL0001 sk-fail-0001 " + "x" * 200
    error = amazon()._translate(client_error(code), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "failed"
    assert error.sentence == f"Looking into {PLACE} answered SlowDown *** *** {'x' * 45}."
    assert error.next_step == (
        "Try again; if it keeps failing, check the files in the storage's own console."
    )


class ConnectRefusedError(Exception):
    pass


class ReadTimeoutError(Exception):
    pass


@pytest.mark.parametrize(
    "exc",
    [
        EndpointConnectionError(endpoint_url="https://x.example"),
        ConnectRefusedError("no"),
        ReadTimeoutError("slow"),
        PermissionError("socket"),
    ],
)
def test_a_network_failure_is_unreachable(exc: Exception) -> None:
    error = amazon()._translate(exc, bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "unreachable"
    assert error.sentence == (
        f"The storage for {PLACE} could not be reached ({type(exc).__name__})."
    )
    assert error.next_step == "Check the endpoint (or region) and the network, then check again."


def test_anything_else_failed_by_its_name() -> None:
    error = amazon()._translate(ValueError("boom sk-fail-0001"), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "failed"
    assert error.sentence == f"Looking into {PLACE} failed (ValueError)."


def test_a_call_past_its_deadline_is_unreachable() -> None:
    storage = Storage(
        StorageTarget(1, 7, "bkt", access_key="ak-slow1", secret_key="sk-slow1"), timeout=0.1
    )
    began = time.monotonic()
    with pytest.raises(StorageCheckError) as caught:
        run(storage._call(lambda client: time.sleep(1.2)))
    assert time.monotonic() - began >= 1.1 - 0.05  # the deadline is the timeout plus a second
    assert caught.value.kind == "unreachable"
    assert caught.value.sentence == f"The storage for {PLACE} did not answer within 0.1 s."


def test_a_quick_call_is_answered() -> None:
    storage = Storage(
        StorageTarget(1, 7, "bkt", access_key="ak-slow1", secret_key="sk-slow1"), timeout=0.1
    )

    def slow(client: object) -> int:
        time.sleep(0.3)  # past the 0.1 s timeout, within the 1.1 s deadline
        return 5

    assert run(storage._call(slow)) == 5


# -- a server that answers oddly (a real HTTP server on loopback) -------------------------


class _Odd(BaseHTTPRequestHandler):
    """Answers as ``server.behaviour`` says: refuse (403), busy (503), slow, lengthless, or
    vanishing (each HEAD finds the object, each GET no longer does)."""

    server: _OddServer

    def _answer(self) -> None:
        self.server.requests += 1
        if self.command == "PUT":
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
        behaviour = self.server.behaviour
        if behaviour == "slow":
            time.sleep(0.6)
        if behaviour == "lengthless" or (behaviour == "vanishing" and self.command == "HEAD"):
            self.send_response(200)
            if behaviour == "vanishing":
                self.send_header("Content-Length", "10")
            self.send_header("Connection", "close")
            self.end_headers()
            return
        status, code = {
            "refuse": (403, "AccessDenied"),
            "busy": (503, "SlowDown"),
            "vanishing": (404, "NoSuchKey"),
        }.get(behaviour, (200, ""))
        body = f"<Error><Code>{code}</Code><Message>no</Message></Error>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET = do_PUT = _answer

    def log_message(self, *args: Any) -> None:
        pass


class _OddServer(ThreadingHTTPServer):
    behaviour = "refuse"
    requests = 0


@pytest.fixture
def odd() -> Iterator[_OddServer]:
    server = _OddServer(("127.0.0.1", 0), _Odd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def odd_storage(server: _OddServer, **target: Any) -> Storage:
    values: dict[str, Any] = {"access_key": "ak-odd-0001", "secret_key": "sk-odd-0001"}
    values.update(target)
    timeout = values.pop("timeout", 5.0)
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    return Storage(StorageTarget(11, 0, "bkt", endpoint=endpoint, **values), timeout=timeout)


def test_refused_keys_say_whether_reading_or_writing_was_refused(odd: _OddServer) -> None:
    storage = odd_storage(odd)
    with pytest.raises(StorageCheckError) as on_get:
        run(storage.get("k"))
    assert on_get.value.kind == "access_denied"
    assert on_get.value.next_step.endswith("may read (list, head and get) objects in this bucket.")
    with pytest.raises(StorageCheckError) as on_put:
        run(storage.put_text("k.json", "{}"))
    assert on_put.value.kind == "access_denied"
    assert on_put.value.next_step.endswith("may write (put) objects in this bucket.")


def test_a_busy_storage_is_asked_once(odd: _OddServer) -> None:
    odd.behaviour = "busy"
    with pytest.raises(StorageCheckError) as caught:
        run(odd_storage(odd).get("k"))
    assert caught.value.kind == "failed" and "answered SlowDown" in caught.value.sentence
    assert odd.requests == 1  # no retries: the panel's own check is the retry


def test_a_slow_answer_is_cut_at_the_timeout(odd: _OddServer) -> None:
    odd.behaviour = "slow"
    with pytest.raises(StorageCheckError) as caught:
        run(odd_storage(odd, timeout=0.2).get("k"))
    assert caught.value.kind == "unreachable"
    assert caught.value.sentence.endswith("could not be reached (ReadTimeoutError).")


def test_a_playlist_gone_between_its_head_and_its_get_is_missing(odd: _OddServer) -> None:
    odd.behaviour = "vanishing"
    names = ["p/a.m3u8", "p/b_0.mp4"]
    report = run(check_files(odd_storage(odd), names, recording_seconds=60.0))
    assert list(report.rows) == [
        FileRow("p/a.m3u8", False, problem="not in the bucket"),
        FileRow("p/b_0.mp4", True, 10, playable=True),  # a HEAD is all it needs
    ]


def test_an_answer_without_a_length_is_zero_bytes(odd: _OddServer) -> None:
    odd.behaviour = "lengthless"
    assert run(odd_storage(odd).head("k")) == 0


def test_the_logs_of_boto_are_quietened_for_each_new_client(odd: _OddServer) -> None:
    odd.behaviour = "lengthless"
    for name in ("boto3", "botocore", "urllib3"):
        logging.getLogger(name).setLevel(logging.NOTSET)
    root = logging.getLogger().level
    run(odd_storage(odd).head("k"))
    assert [logging.getLogger(n).level for n in ("boto3", "botocore", "urllib3")] == [
        logging.WARNING
    ] * 3
    assert logging.getLogger().level == root


def test_an_s3_compatible_link_is_signed_for_us_east_1_whatever_the_region() -> None:
    target = StorageTarget(11, 7, "bkt", access_key="ak-sig-0001", secret_key="sk-sig-0001",
                           endpoint="https://s3.example.net")  # fmt: skip
    url = run(Storage(target).presigned_url("k", 60))
    assert url.startswith("https://s3.example.net/bkt/k?")
    assert "%2Fus-east-1%2Fs3%2Faws4_request" in url


def test_a_known_vendor_is_named() -> None:
    with pytest.raises(StorageCheckError) as caught:
        Storage(StorageTarget(2, 0, "b", access_key="ak-xyz1", secret_key="sk-xyz1"))
    assert caught.value.sentence.startswith("The panel cannot look into Alibaba Cloud OSS: ")
    assert caught.value.next_step == "Check the files in the Alibaba Cloud OSS console."


class EndpointGoneError(Exception):
    pass


class OddAnswerError(Exception):
    def __init__(self, response: object) -> None:
        super().__init__("odd")
        self.response = response


def test_an_endpoint_error_is_unreachable() -> None:
    error = amazon()._translate(EndpointGoneError(), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "unreachable"


@pytest.mark.parametrize(
    ("response", "sentence"),
    [
        ({"Error": "text", "ResponseMetadata": {"HTTPStatusCode": 500}}, "answered 500."),
        ({"Error": {}}, "failed (OddAnswerError)."),
        ({"Error": {}, "ResponseMetadata": {}}, "failed (OddAnswerError)."),
        ("not a dict", "failed (OddAnswerError)."),
    ],
)
def test_an_odd_error_answer_is_still_a_sentence(response: object, sentence: str) -> None:
    error = amazon()._translate(OddAnswerError(response), bucket_call=False)
    assert isinstance(error, StorageCheckError) and error.kind == "failed"
    assert error.sentence == f"Looking into {PLACE} {sentence}"


@pytest.mark.parametrize(
    ("keys", "code", "quoted"),
    [
        ({"access_key": "K9Z", "secret_key": "S8Y"}, "Bad K9Z S8Y", "Bad *** ***"),
        ({"sts_token": "T7Q"}, "Bad T7Q", "Bad ***"),
        ({}, "BadXXXX", "BadXXXX"),
    ],
)
def test_short_keys_are_masked_in_a_quoted_code(
    keys: dict[str, str], code: str, quoted: str
) -> None:
    values = {"access_key": "AKIAQUOTE001", "secret_key": "sk-quote-0001", **keys}
    storage = Storage(StorageTarget(1, 7, "bkt", **values))
    error = storage._translate(client_error(code), bucket_call=False)
    assert isinstance(error, StorageCheckError)
    assert error.sentence == f"Looking into {PLACE} answered {quoted}."


@pytest.fixture
def full_backlog() -> Iterator[str]:
    """An address that never completes a connection: a listener whose queue is full."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        waiting = [socket.socket() for _ in range(3)]
        for sock in waiting:
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            for sock in waiting:
                sock.close()


def test_a_connection_that_never_opens_is_cut_at_the_timeout(full_backlog: str) -> None:
    target = StorageTarget(11, 0, "bkt", access_key="ak-conn-001", secret_key="sk-conn-001",
                           endpoint=full_backlog)  # fmt: skip
    with pytest.raises(StorageCheckError) as caught:
        run(Storage(target, timeout=0.3).head("k"))
    assert caught.value.kind == "unreachable"
    assert caught.value.sentence.endswith("could not be reached (ConnectTimeoutError).")


def test_a_session_token_signs_the_link() -> None:
    with_token = StorageTarget(1, 7, "bkt", access_key="ak-sts-0001", secret_key="sk-sts-0001",
                               sts_token="sts-token-0001")  # fmt: skip
    query = parse_qs(urlsplit(run(Storage(with_token).presigned_url("k", 60))).query)
    assert query["X-Amz-Security-Token"] == ["sts-token-0001"]
    without = StorageTarget(1, 7, "bkt", access_key="ak-sts-0001", secret_key="sk-sts-0001",
                            sts_token="")  # fmt: skip
    assert "X-Amz-Security-Token" not in run(Storage(without).presigned_url("k", 60))


def test_an_install_without_boto3_says_so_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """boto3 is a dependency of the app; if an installation lacks it anyway (a hand-made venv,
    a bundle built without it), each check says what is missing instead of "failed"."""
    monkeypatch.setitem(sys.modules, "boto3", None)  # how Python reports a missing package
    storage = Storage(
        StorageTarget(11, 0, "b", access_key="ak-lib1", secret_key="sk-lib1", endpoint="http://x")
    )
    for call in (storage.head("k"), storage.check_bucket(), storage.presigned_url("k")):
        with pytest.raises(StorageCheckError) as caught:
            run(call)
        assert caught.value.kind == "no_library"
        assert caught.value.sentence == (
            "Checking files needs the boto3 package, which this installation of recorder-gui lacks."
        )
        assert caught.value.next_step == (
            "Reinstall recorder-gui with its dependencies (pip install recorder-gui); until "
            "then, check the files in the storage's own console."
        )
