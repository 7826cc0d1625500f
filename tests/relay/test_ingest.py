"""POST /ncs: size cap, unreadable bodies, dedupe, Console health checks and unknown events."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from recorder_gui.callbacks.signature import signature_headers
from recorder_gui.relay import RelayServer
from recorder_gui.relay.config import MAX_BODY_BYTES
from tests.relay.helpers import SECRET, TOKEN, encode, events, notification, post, raw_exchange

HEAD = (
    "POST /ncs HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\n"
    "Agora-Signature-V2: {sig}\r\n{length}\r\n"
)


def _head(length_header: str, sig: str = "00" * 32) -> bytes:
    return HEAD.format(sig=sig, length=length_header).encode()


def _status(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), answer[:80]
    return int(answer.split(b" ", 2)[1])


def _error(answer: bytes) -> str:
    text: str = json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]
    return text


# --- size -----------------------------------------------------------------------------------


def test_content_length_over_the_cap_is_413_before_any_body(sqlite_relay: RelayServer) -> None:
    started = time.monotonic()
    answer = raw_exchange(
        sqlite_relay.port, _head(f"Content-Length: {MAX_BODY_BYTES + 1}\r\n"), body_chunks=[]
    )
    assert _status(answer) == 413
    assert "larger than" in _error(answer)
    assert b"connection: close" in answer.lower()
    assert time.monotonic() - started < 5  # answered without waiting for the body


def test_chunked_body_is_cut_at_the_cap(tmp_path: Path) -> None:
    """No Content-Length: the relay counts while reading and answers once past 1 MiB.

    The terminating chunk is never sent, so a relay that read to the end would time out (408).
    """
    chunk = b"a" * 65536
    # One frame past the cap and no more: the relay reads all that was sent, so its close is
    # clean (unread bytes would make the kernel reset the connection, racing the answer).
    frames = [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * (MAX_BODY_BYTES // len(chunk) + 1)
    with RelayServer(
        ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "r.sqlite3", body_timeout=60
    ) as relay:
        started = time.monotonic()
        answer = raw_exchange(relay.port, _head("Transfer-Encoding: chunked\r\n"), frames)
        assert _status(answer) == 413
        assert time.monotonic() - started < 10


def test_exactly_the_cap_is_read_and_then_judged(sqlite_http: httpx.Client) -> None:
    """1 MiB exactly is not too large: it is read, and refused only for its content."""
    body = notification(details={"msgName": "x", "pad": ""})
    raw = encode(body)
    pad = MAX_BODY_BYTES - len(raw)
    body["payload"]["details"]["pad"] = "p" * pad
    raw = encode(body)
    assert len(raw) == MAX_BODY_BYTES
    assert post(sqlite_http, raw).status_code == 200
    over = raw[:-2] + b" }}"
    assert len(over) == MAX_BODY_BYTES + 1
    r = sqlite_http.post("/ncs", content=over, headers=signature_headers(SECRET, over))
    assert r.status_code == 413


def test_a_body_that_never_arrives_is_408(tmp_path: Path) -> None:
    with RelayServer(
        ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "r.sqlite3", body_timeout=0.3
    ) as relay:
        answer = raw_exchange(relay.port, _head("Content-Length: 100\r\n"), [b'{"eventType"'])
    assert _status(answer) == 408
    assert "in time" in _error(answer)


# --- unreadable but correctly signed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"[1, 2, 3]", "not a JSON object"),
        (b'"just a string"', "not a JSON object"),
        (b"null", "not a JSON object"),
        (b"", "not valid JSON"),
        (b"{not json", "not valid JSON"),
        (b'{"eventType": NaN}', "not valid JSON"),
        (b'{"eventType": Infinity}', "not valid JSON"),
        (b"\xef\xbb\xbf{}", "not valid JSON"),
        (b'{"eventType": 40, "x": "\xff"}', "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "not"),
        (b'{"noticeId": "a", "payload": {}}', "no eventType"),
        (b'{"eventType": "forty"}', "no eventType"),
        (b'{"eventType": true}', "no eventType"),
        (b'{"eventType": 1e400}', "no eventType"),
        (b'{"eventType": 99999999999999999999999}', "out of range"),
    ],
)
def test_signed_but_unreadable_is_400(sqlite_http: httpx.Client, raw: bytes, words: str) -> None:
    r = sqlite_http.post("/ncs", content=raw, headers=signature_headers(SECRET, raw))
    assert r.status_code == 400
    assert words in r.json()["error"]
    assert events(sqlite_http) == []


def test_hostile_text_in_fields_is_stored_safely(http: httpx.Client) -> None:
    """NUL and lone-surrogate escapes are legal JSON; both databases must still take them."""
    raw = (
        b'{"noticeId":"n\\u0000\\ud800","eventType":40,"payload":{"sid":"s\\u0000",'
        b'"cname":"c\\udfff","sequence":99999999999999999999999}}'
    )
    assert post(http, raw).status_code == 200
    (got,) = events(http)
    assert got["event"]["payload"]["sid"] == "s\x00"


def test_the_answer_is_json_and_fast(sqlite_http: httpx.Client) -> None:
    r = post(sqlite_http, notification())
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"ok": True, "cursor": 1, "resend": False, "duplicate": False}


# --- dedupe, health checks, unknown types (both databases) ------------------------------------


def test_a_resend_is_stored_once(http: httpx.Client) -> None:
    first = notification(notice_id="notice-1", notify_ms=1_000)
    resend = {**first, "notifyMs": 2_000}
    a, b = post(http, first), post(http, resend)
    assert a.status_code == b.status_code == 200
    assert b.json()["resend"] is True
    assert b.json()["cursor"] == a.json()["cursor"]
    stored = events(http)
    assert len(stored) == 1
    assert stored[0]["event"]["notifyMs"] == 1_000
    assert stored[0]["duplicate"] is False


def test_the_same_event_delivered_twice_is_kept_and_marked(http: httpx.Client) -> None:
    one = notification(notice_id="n-a", sid="sid-9", sequence=3)
    two = notification(notice_id="n-b", sid="sid-9", sequence=3)
    other_seq = notification(notice_id="n-c", sid="sid-9", sequence=4)
    other_sid = notification(notice_id="n-d", sid="sid-8", sequence=3)
    no_seq = notification(notice_id="n-e", sid="sid-9", sequence=None)
    no_seq_again = notification(notice_id="n-f", sid="sid-9", sequence=None)
    for body in (one, two, other_seq, other_sid, no_seq, no_seq_again):
        assert post(http, body).status_code == 200
    marks = {e["event"]["noticeId"]: e["duplicate"] for e in events(http)}
    assert marks == {
        "n-a": False,
        "n-b": True,
        "n-c": False,
        "n-d": False,
        "n-e": False,
        "n-f": False,
    }


def test_notifications_without_notice_id_are_all_kept(http: httpx.Client) -> None:
    body = notification(sequence=None)
    del body["noticeId"]
    assert post(http, body).status_code == 200
    assert post(http, body).status_code == 200
    assert len(events(http)) == 2


def test_console_health_checks_are_answered_and_marked(http: httpx.Client) -> None:
    check = notification(cname="test_webhook", sid="", sequence=None)
    check["payload"]["uid"] = "12121212"
    r = post(http, check)
    assert r.status_code == 200
    assert r.json()["ok"] is True
    real = notification(cname="studio")
    assert post(http, real).status_code == 200
    assert [(e["test"], e["event"]["payload"]["cname"]) for e in events(http)] == [
        (True, "test_webhook"),
        (False, "studio"),
    ]


@pytest.mark.parametrize("event_type", [13, 34, 62, 9999])
def test_unknown_event_types_are_stored(http: httpx.Client, event_type: int) -> None:
    body = notification(event_type, details={"msgName": "something_new", "extra": [1, 2]})
    assert post(http, body).status_code == 200
    (got,) = events(http)
    assert got["event"] == body


def test_legacy_envelopes_are_stored(http: httpx.Client) -> None:
    legacy = {
        "notificationId": "legacy-1",
        "eventType": 40,
        "eventMs": 1_500_000_000_000,
        "noticeLevel": 0,
        "payload": {"sid": "s-old", "cname": "old", "sequence": "7", "details": {}},
    }
    assert post(http, legacy).status_code == 200
    assert post(http, {**legacy, "eventMs": 1_500_000_000_999}).json()["resend"] is True
    (got,) = events(http, sid="s-old")
    assert got["event"] == legacy


def test_methods_and_paths_answer_with_sentences(sqlite_http: httpx.Client) -> None:
    r = sqlite_http.get("/ncs")
    assert r.status_code == 405
    assert "not allowed" in r.json()["error"]
    r = sqlite_http.post("/somewhere", content=b"{}")
    assert r.status_code == 404
    assert "/ncs" in r.json()["error"]
