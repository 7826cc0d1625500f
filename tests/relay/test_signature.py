"""POST /ncs checks Agora-Signature-V2 over the exact bytes received, before parsing anything."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from recorder_gui.callbacks.signature import HEADER_V1, sign_sha1, sign_sha256, signature_headers
from recorder_gui.relay import RelayServer
from tests.relay.helpers import SECRET, encode, events, notification, post, post_v2_only

# The verified vector (docs/relay.md, "Signatures"): secret "secret", these exact bytes.
VECTOR_BODY = (
    b'{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f",'
    b'"notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}'
)
VECTOR_SHA1 = "033c62f40f687675f17f0f41f91a40c71c0f134c"
VECTOR_SHA256 = "6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99"


def test_the_published_vector_gives_both_digests() -> None:
    assert sign_sha1("secret", VECTOR_BODY) == VECTOR_SHA1
    assert sign_sha256("secret", VECTOR_BODY) == VECTOR_SHA256
    assert sign_sha256(b"secret", VECTOR_BODY) == VECTOR_SHA256


def test_a_relay_with_secret_secret_accepts_the_vector(tmp_path: Path) -> None:
    with (
        RelayServer(ncs_secret="secret", read_token="t0ken", db=tmp_path / "r.sqlite3") as relay,
        httpx.Client(base_url=relay.url) as client,
    ):
        r = client.post(
            "/ncs",
            content=VECTOR_BODY,
            headers={HEADER_V1: VECTOR_SHA1, "Agora-Signature-V2": VECTOR_SHA256},
        )
        assert r.status_code == 200
        assert r.json()["ok"] is True
        stored = events(client, token="t0ken")
    assert [e["event"] for e in stored] == [json.loads(VECTOR_BODY)]


@pytest.mark.parametrize(
    ("signature", "why"),
    [
        (None, "missing"),
        ("", "empty"),
        ("0" * 64, "zeros"),
        (sign_sha256("another-secret", b"x"), "another body and secret"),
        ("not hex at all", "garbage"),
        ("\u00e9\u00ff".encode("latin-1") * 32, "non-ASCII bytes"),
        (VECTOR_SHA256[:-1], "one digit short"),
    ],
)
def test_missing_or_wrong_signatures_are_401(
    sqlite_http: httpx.Client, signature: str | bytes | None, why: str
) -> None:
    raw = encode(notification())
    r = post_v2_only(sqlite_http, raw, signature)
    assert r.status_code == 401, why
    assert "Agora-Signature-V2" in r.json()["error"]
    assert events(sqlite_http) == []


def test_a_signature_made_with_another_secret_is_401(sqlite_http: httpx.Client) -> None:
    r = post(sqlite_http, notification(), secret="the-wrong-secret")
    assert r.status_code == 401
    assert events(sqlite_http) == []


def test_sha1_alone_is_not_enough(sqlite_http: httpx.Client) -> None:
    raw = encode(notification())
    good_sha1 = {"Content-Type": "application/json", HEADER_V1: sign_sha1(SECRET, raw)}
    assert sqlite_http.post("/ncs", content=raw, headers=good_sha1).status_code == 401
    # The right SHA-1 digest in the V2 header is still wrong.
    assert post_v2_only(sqlite_http, raw, sign_sha1(SECRET, raw)).status_code == 401
    # A wrong V2 beside a right SHA-1 is refused too.
    both = {**good_sha1, "Agora-Signature-V2": sign_sha256("nope", raw)}
    assert sqlite_http.post("/ncs", content=raw, headers=both).status_code == 401
    assert events(sqlite_http) == []


def test_uppercase_hex_is_the_same_digest(sqlite_http: httpx.Client) -> None:
    raw = encode(notification())
    assert post_v2_only(sqlite_http, raw, sign_sha256(SECRET, raw).upper()).status_code == 200


def test_the_signature_covers_raw_bytes_not_the_json_value(sqlite_http: httpx.Client) -> None:
    body = notification(notice_id="spacing-1")
    compact = encode(body)
    spaced = json.dumps(body, indent=2).encode()
    assert json.loads(spaced) == json.loads(compact)
    # Signed compact, sent re-serialized with other spacing: refused.
    assert post_v2_only(sqlite_http, spaced, sign_sha256(SECRET, compact)).status_code == 401
    assert events(sqlite_http) == []
    # Signed as sent: accepted, and served back byte for byte.
    r = sqlite_http.post("/ncs", content=spaced, headers=signature_headers(SECRET, spaced))
    assert r.status_code == 200
    raw_answer = sqlite_http.get(
        "/v1/events", headers={"Authorization": "Bearer read-TOKEN-for-tests-0815"}
    ).text
    assert spaced.decode() in raw_answer


def test_signature_is_checked_before_parsing(sqlite_http: httpx.Client) -> None:
    """Garbage with a bad signature is a 401 (not a 400): nothing unsigned is ever parsed."""
    assert post_v2_only(sqlite_http, b"{not json", "ab" * 32).status_code == 401
    assert post_v2_only(sqlite_http, b"[1, 2]", None).status_code == 401
