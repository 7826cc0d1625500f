"""AccessToken2 edges: exact refusals, field-size limits, crafted tokens, token_problem bounds.

Complements tests/test_tokens.py (vectors and round trips).
"""

from __future__ import annotations

import base64
import secrets
import struct
import time
import zlib
from collections.abc import Iterator

import pytest

from recorder_gui.tokens import (
    Role,
    TokenFormatError,
    bot_token_for,
    build_rtc_token,
    parse_token,
    token_problem,
)

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
NOW = 1_800_000_000


def _s(data: bytes) -> bytes:
    return struct.pack("<H", len(data)) + data


def craft(*services: tuple[int, dict[int, int], bytes], tail: bytes = b"") -> str:
    """A token with these (kind, privileges, service body) services, an unchecked signature."""
    body = b"".join(
        struct.pack("<HH", kind, len(privileges))
        + b"".join(struct.pack("<HI", k, v) for k, v in sorted(privileges.items()))
        + rest
        for kind, privileges, rest in services
    )
    signing = _s(APP_ID.encode()) + struct.pack("<IIIH", NOW, 7200, 1, len(services)) + body
    return "007" + base64.b64encode(zlib.compress(_s(b"\0" * 32) + signing + tail)).decode()


def rtc(channel: bytes = b"show", uid: bytes = b"42") -> bytes:
    return _s(channel) + _s(uid)


def problem(token: str, *, planned: int = 3600, now: int = NOW + 60) -> str | None:
    return token_problem(
        token,
        app_id=APP_ID,
        app_certificate=None,
        channel="show",
        uid=42,
        planned_seconds=planned,
        now=now,
    )


def raises(text: str, exc: type[Exception] = TokenFormatError) -> pytest.RaisesExc[Exception]:
    import re

    return pytest.raises(exc, match=f"^{re.escape(text)}$")


# -- parsing refusals, word for word ----------------------------------------------------------


def test_not_text_or_wrong_version() -> None:
    with raises('an AccessToken2 starts with "007"'):
        parse_token(None)  # type: ignore[arg-type]
    with raises('an AccessToken2 starts with "007"'):
        parse_token("006abc")


def test_base64_is_strict() -> None:
    good = build_rtc_token(APP_ID, CERT, "c", 1, Role.PUBLISHER, 60, issue_ts=NOW, salt=1)
    assert parse_token(good).channel == "c"
    with pytest.raises(TokenFormatError, match=r"^the token's content cannot be decoded \("):
        parse_token(good[:10] + "!" + good[10:])


def test_truncated_token_ends_too_early() -> None:
    raw = zlib.decompress(base64.b64decode(craft((1, {1: 60}, rtc()))[3:]))
    with raises("the token ends too early"):
        parse_token("007" + base64.b64encode(zlib.compress(raw[:-1])).decode())


def test_trailing_bytes_are_refused() -> None:
    with raises("the token has unexpected bytes at its end"):
        parse_token(craft((1, {1: 60}, rtc()), tail=b"\0"))


def test_text_fields_must_be_utf8_and_app_id_ascii() -> None:
    with raises("a text field of the token is not UTF-8"):
        parse_token(craft((1, {1: 60}, rtc(channel=b"\xffshow"))))
    raw = zlib.decompress(base64.b64decode(craft((1, {1: 60}, rtc()))[3:]))
    bad_app = raw.replace(APP_ID.encode(), b"\xe9" + APP_ID.encode()[1:])
    with raises("the token's App ID is not text"):
        parse_token("007" + base64.b64encode(zlib.compress(bad_app)).decode())


def test_unknown_service_is_named() -> None:
    with raises("the token holds service type 9, which this app cannot read"):
        parse_token(craft((9, {}, b"")))


def test_bad_certificate_when_verifying() -> None:
    with raises("The App Certificate must be 32 hexadecimal characters.", ValueError):
        parse_token(craft((1, {1: 60}, rtc())), app_certificate="x")


# -- building: field limits and refusals ------------------------------------------------------


def test_long_channel_names_round_trip_up_to_65535_bytes() -> None:
    for size in (40_000, 65_535):  # lengths above 32767 need unsigned 16-bit fields
        channel = "c" * size
        token = build_rtc_token(APP_ID, CERT, channel, 1, Role.PUBLISHER, 60, issue_ts=NOW)
        assert parse_token(token, app_certificate=CERT).channel == channel
    with raises("a token field is 65536 bytes long; at most 65535 fit", ValueError):
        build_rtc_token(APP_ID, CERT, "c" * 65_536, 1, Role.PUBLISHER, 60)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"channel": 5}, "The channel name must be text, not int."),
        (
            {"expire_seconds": True},
            "The token lifetime in seconds must be a whole number from 0 to 4294967295.",
        ),
        (
            {"expire_seconds": 2**32},
            "The token lifetime in seconds must be a whole number from 0 to 4294967295.",
        ),
        ({"issue_ts": "5"}, "The issue time must be a whole number from 0 to 4294967295."),
        ({"issue_ts": -1}, "The issue time must be a whole number from 0 to 4294967295."),
        ({"salt": 2**32}, "The salt must be a whole number from 0 to 4294967295."),
        ({"uid": 1.5}, "A uid is a whole number or its decimal text, not 1.5."),
        ({"uid": "1.5"}, "A uid is a whole number from 0 to 4294967295, not '1.5'."),
    ],
)
def test_build_refusals_say_what_is_wrong(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"channel": "c", "uid": 1, "expire_seconds": 60, **kwargs}
    with raises(message, ValueError):
        build_rtc_token(APP_ID, CERT, role=Role.PUBLISHER, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(("drawn", "salt"), [(0, 1), (99_999_998, 99_999_999)])
def test_random_salt_is_one_to_99999999(
    monkeypatch: pytest.MonkeyPatch, drawn: int, salt: int
) -> None:
    calls: list[int] = []

    def randbelow(n: int) -> int:
        calls.append(n)
        return drawn

    monkeypatch.setattr(secrets, "randbelow", randbelow)
    token = build_rtc_token(APP_ID, CERT, "c", 1, Role.PUBLISHER, 60, issue_ts=NOW)
    assert parse_token(token).salt == salt
    assert calls == [99_999_999]


# -- token_problem: edges ---------------------------------------------------------------------


@pytest.fixture
def tokyo() -> Iterator[None]:
    """A local zone far from UTC, so that times must be printed in UTC on purpose."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    mp.undo()
    time.tzset()


def test_times_are_printed_in_utc_whatever_the_local_zone(tokyo: None) -> None:
    assert problem(craft((1, {1: 60}, rtc())), now=NOW + 61) == (
        "The token expired at 2027-01-15 08:01 UTC."
    )


def test_no_rtc_service_or_no_join_privilege() -> None:
    assert problem(craft((2, {1: 7200}, _s(b"user")))) == (
        "The token carries no RTC privileges, so the recording bot cannot join."
    )
    assert problem(craft((1, {2: 7200}, rtc()))) == "The token does not grant joining the channel."


def test_wildcard_uid_and_channel_are_accepted() -> None:
    assert problem(craft((1, {1: 7200}, rtc(uid=b"*")))) is None
    assert problem(craft((1, {1: 7200}, rtc(channel=b"*", uid=b"")))) is None
    assert problem(craft((1, {1: 7200}, rtc(uid=b"43")))) == (
        "The token is for uid 43, not the recording bot's uid 42."
    )


def test_issue_time_may_be_up_to_five_minutes_ahead() -> None:
    token = craft((1, {1: 7200}, rtc()))  # issued at NOW
    assert problem(token, now=NOW - 300, planned=60) is None
    assert problem(token, now=NOW - 301, planned=60) == (
        "The token is issued in the future (2027-01-15 08:00 UTC); check the clock."
    )


def test_expiry_and_planned_length_boundaries() -> None:
    token = craft((1, {1: 7200}, rtc()))  # valid until NOW + 7200
    assert problem(token, now=NOW + 7199, planned=1) is None
    assert problem(token, now=NOW + 7200, planned=1) == "The token expired at 2027-01-15 10:00 UTC."
    assert problem(token, now=NOW, planned=7200) is None  # exactly long enough
    assert problem(token, now=NOW, planned=7201) is not None


# -- bot_token_for ----------------------------------------------------------------------------


def test_bot_token_accepts_one_second_and_refuses_non_integers() -> None:
    assert parse_token(bot_token_for(APP_ID, CERT, "show", 42, 1)).expire == 1 + 15 * 60
    for bad in (True, 1.5, "60"):
        with raises("The planned recording length must be a whole number of seconds.", ValueError):
            bot_token_for(APP_ID, CERT, "show", 42, bad)  # type: ignore[arg-type]
    with raises("The planned recording length must be at least one second.", ValueError):
        bot_token_for(APP_ID, CERT, "show", 42, 0)


def test_the_largest_u32_values_are_accepted() -> None:
    top = 2**32 - 1
    token = build_rtc_token(APP_ID, CERT, "c", top, Role.PUBLISHER, top, issue_ts=top, salt=top)
    parsed = parse_token(token, app_certificate=CERT)
    assert (parsed.uid, parsed.expire, parsed.issue_ts, parsed.salt) == (str(top), top, top, top)
