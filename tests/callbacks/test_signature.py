"""Signing and verifying NCS bodies over raw bytes, with the verified test vector."""

from __future__ import annotations

import pytest

from recorder_gui.callbacks.signature import (
    HEADER_V1,
    HEADER_V2,
    sign_sha1,
    sign_sha256,
    signature_headers,
    verify_v2,
)

VECTOR_BODY = (
    b'{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f",'
    b'"notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}'
)
VECTOR_SHA1 = "033c62f40f687675f17f0f41f91a40c71c0f134c"
VECTOR_SHA256 = "6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99"


def test_the_published_vector() -> None:
    assert sign_sha1("secret", VECTOR_BODY) == VECTOR_SHA1
    assert sign_sha256(b"secret", VECTOR_BODY) == VECTOR_SHA256


def test_headers_carry_both_digests() -> None:
    headers = signature_headers("secret", VECTOR_BODY)
    assert headers[HEADER_V1] == VECTOR_SHA1
    assert headers[HEADER_V2] == VECTOR_SHA256
    assert headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (VECTOR_SHA256, True),
        (VECTOR_SHA256.upper(), True),
        (f"  {VECTOR_SHA256}\n", True),
        (None, False),
        ("", False),
        (VECTOR_SHA1, False),  # the SHA-1 digest in the V2 header
        (VECTOR_SHA256[:-1] + "0", False),
        (VECTOR_SHA256 + "00", False),
        ("é" * 64, False),  # not ASCII
    ],
)
def test_verify_v2(header: str | None, ok: bool) -> None:
    assert verify_v2("secret", VECTOR_BODY, header) is ok


def test_the_raw_bytes_are_signed_not_the_json() -> None:
    spaced = VECTOR_BODY.replace(b",", b", ")
    assert not verify_v2("secret", spaced, VECTOR_SHA256)
    assert not verify_v2("other", VECTOR_BODY, VECTOR_SHA256)
