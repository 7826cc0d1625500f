"""The emulator's own AccessToken2 verifier: published vectors, the app's builder, traps."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import zlib
from typing import Any

import pytest

from recorder_gui.emulator.token_check import (
    CODE_TOKEN_EXPIRED,
    CODE_TOKEN_INVALID,
    TokenVerdict,
    verify_bot_token,
)
from recorder_gui.tokens import Role, build_rtc_token

# docs/api-notes.md, "Bot token (AccessToken2)": common inputs and the published tokens.
APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
CHANNEL = "7d72365eb983485397e3e3f9d460bdda"
ISSUED, EXPIRE = 1111111, 600
UID = "2882341273"
VECTOR_UID = (
    "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxN"
    "DcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDC"
    "aiTj"
)
VECTOR_UID0 = (
    "007eJxTYLhzZP08Lxa1Pg57+TcXb/3cZ3wi4V6kbpbOog0G2dOYk20UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxN"
    "DcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiQwMADacImo="
)
VECTOR_MULTI = (
    "007eJxTYHh8IPKzTvBdf9ce8bk7G61vs06oca1e815/ot4+x7rfjDIKDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoam"
    "BmaGScbG7l8EGCKYGBgYGRgYWIEkCxCD+ExgkhlMsoBJBQbzFHMjYzPT1CRLC2MTC1NjS/NU41TjNMsUEzODpJSURC4G"
    "IwsLI2MTQyNzYyagORCTkEVZ4KKsWOXZgWIQm1HF//8HAL01L5I="
)
VECTOR_GO = (
    "007eJxSYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxN"
    "DcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxoAA"
    "AAD//8JqJOM="
)


def check(token: object, **overrides: Any) -> TokenVerdict:
    args: dict[str, Any] = {
        "app_id": APP_ID,
        "certificate": CERT,
        "channel": CHANNEL,
        "uid": UID,
        "now": ISSUED + 100,
    }
    args.update(overrides)
    return verify_bot_token(token, **args)


# -- a minimal packer of our own, for tokens no builder makes ---------------------------------


def _s(data: bytes) -> bytes:
    return struct.pack("<H", len(data)) + data


def pack_token(
    *,
    services: list[tuple[int, dict[int, int], bytes]],
    expire: int = EXPIRE,
    app_id: str = APP_ID,
    certificate: str = CERT,
    issued: int = ISSUED,
    salt: int = 1,
) -> str:
    """An AccessToken2 of (service type, privileges, packed tail) entries, signed."""
    body = b""
    for kind, privileges, tail in services:
        items = b"".join(struct.pack("<HI", k, v) for k, v in sorted(privileges.items()))
        body += struct.pack("<HH", kind, len(privileges)) + items + tail
    info = _s(app_id.encode()) + struct.pack("<IIIH", issued, expire, salt, len(services)) + body
    key = hmac.new(struct.pack("<I", issued), certificate.encode(), hashlib.sha256).digest()
    key = hmac.new(struct.pack("<I", salt), key, hashlib.sha256).digest()
    signature = hmac.new(key, info, hashlib.sha256).digest()
    return "007" + base64.b64encode(zlib.compress(_s(signature) + info)).decode()


def rtc(privileges: dict[int, int], channel: str = CHANNEL, uid: str = UID) -> tuple[Any, ...]:
    return (1, privileges, _s(channel.encode()) + _s(uid.encode()))


# -- the published vectors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "uid"),
    [
        (VECTOR_UID, UID),
        (VECTOR_GO, UID),  # Go's zlib bytes differ; the content is the same
        (VECTOR_UID0, "42"),  # uid 0: any bot uid
        (VECTOR_UID0, UID),
        (VECTOR_MULTI, UID),  # RTC + RTM + FPA + Chat + APaaS services
    ],
)
def test_reference_vectors_verify(token: str, uid: str) -> None:
    verdict = check(token, uid=uid)
    assert verdict.ok, verdict.reason
    assert verdict.valid_until == ISSUED + EXPIRE


@pytest.mark.parametrize(
    ("overrides", "code", "says"),
    [
        ({"uid": "1"}, CODE_TOKEN_INVALID, "another uid"),
        ({"channel": "other"}, CODE_TOKEN_INVALID, "another channel"),
        ({"certificate": "0" * 32}, CODE_TOKEN_INVALID, "signature"),
        ({"app_id": "f" * 32}, CODE_TOKEN_INVALID, "App ID"),
        ({"now": ISSUED + EXPIRE}, CODE_TOKEN_EXPIRED, "expired"),
        ({"now": ISSUED + EXPIRE + 3600}, CODE_TOKEN_EXPIRED, "expired"),
    ],
)
def test_reference_vector_refused(overrides: dict[str, Any], code: int, says: str) -> None:
    verdict = check(VECTOR_UID, **overrides)
    assert not verdict.ok
    assert verdict.code == code
    assert says in verdict.reason


def test_a_token_is_fine_until_its_last_second() -> None:
    assert check(VECTOR_UID, now=ISSUED + EXPIRE - 1).ok
    assert check(VECTOR_UID, now=ISSUED - 10).ok  # issued "in the future": clock skew


@pytest.mark.parametrize(
    ("token", "says"),
    [
        (None, "no token"),
        ("", "no token"),
        (12345, "no token"),
        ("006" + VECTOR_UID[3:], "007"),
        ("007", "cannot be read"),
        ("007not-base64!", "cannot be read"),
        ("007" + base64.b64encode(b"not zlib").decode(), "cannot be read"),
        (VECTOR_UID[:-8], "cannot be read"),
        ("007" + base64.b64encode(zlib.compress(b"\x20\x00short")).decode(), "cannot be read"),
    ],
)
def test_garbage_is_an_invalid_token(token: object, says: str) -> None:
    verdict = check(token)
    assert (verdict.ok, verdict.code) == (False, CODE_TOKEN_INVALID)
    assert says in verdict.reason


# -- tokens built by the app's builder (recorder_gui.tokens) ----------------------------------

APP = "0123456789abcdef0123456789abcdef"
APP_CERT = "fedcba9876543210fedcba9876543210"


@pytest.mark.parametrize(
    ("role", "token_uid", "token_channel", "ok"),
    [
        (Role.PUBLISHER, "527841", "show", True),
        (Role.SUBSCRIBER, "527841", "show", True),
        (Role.PUBLISHER, 0, "show", True),  # wildcard uid
        (Role.PUBLISHER, "527841", "*", True),  # wildcard channel
        (Role.PUBLISHER, 0, "*", True),
        (Role.PUBLISHER, "527842", "show", False),
        (Role.PUBLISHER, "527841", "Show", False),  # channel names are case-sensitive
        (Role.PUBLISHER, "527841", "show ", False),
    ],
)
def test_tokens_of_the_app_builder(
    role: Role, token_uid: Any, token_channel: str, ok: bool
) -> None:
    now = 1_750_000_000
    token = build_rtc_token(APP, APP_CERT, token_channel, token_uid, role, 3600, issue_ts=now)
    verdict = verify_bot_token(
        token, app_id=APP, certificate=APP_CERT, channel="show", uid="527841", now=now + 5
    )
    assert verdict.ok is ok, verdict.reason
    if ok:
        assert verdict.valid_until == now + 3600


def test_app_builder_lifetime_is_capped_at_24_hours() -> None:
    now = 1_750_000_000
    token = build_rtc_token(APP, APP_CERT, "show", "7", Role.PUBLISHER, 2 * 86400, issue_ts=now)
    verdict = verify_bot_token(token, app_id=APP, certificate=APP_CERT, channel="show", uid="7",
                               now=now)  # fmt: skip
    assert verdict.valid_until == now + 86400


# -- what no builder here makes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("services", "expire", "valid_until", "says"),
    [
        ([rtc({1: 300, 2: 600})], 600, ISSUED + 300, ""),  # join right ends before the token
        ([rtc({1: 900})], 600, ISSUED + 600, ""),  # ... or the token before the join right
        ([rtc({1: 0})], 600, ISSUED + 600, ""),  # 0: no limit of its own (Agora's default)
        ([rtc({1: 600}, channel="*", uid="*")], 600, ISSUED + 600, ""),
        ([rtc({1: 600}, uid="0")], 600, ISSUED + 600, ""),
        ([rtc({2: 600, 3: 600})], 600, None, "joinChannel"),
        ([(2, {1: 600}, _s(b"user"))], 600, None, "no RTC service"),
        ([(6, {1: 600}, b"")], 600, None, "unknown service type"),
        ([rtc({1: 50})], 600, None, "expired"),  # the join right is over at ISSUED + 100
    ],
)
def test_hand_packed_tokens(
    services: list[tuple[int, dict[int, int], bytes]],
    expire: int,
    valid_until: int | None,
    says: str,
) -> None:
    verdict = check(pack_token(services=services, expire=expire))
    assert verdict.ok is (valid_until is not None), verdict.reason
    if valid_until is not None:
        assert verdict.valid_until == valid_until
    assert says in verdict.reason


def test_trailing_bytes_are_refused() -> None:
    token = pack_token(services=[rtc({1: 600})])
    raw = zlib.decompress(base64.b64decode(token[3:]))
    tampered = "007" + base64.b64encode(zlib.compress(raw + b"\x00")).decode()
    assert "cannot be read" in check(tampered).reason
