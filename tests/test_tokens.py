"""AccessToken2 ("007") RTC tokens: published test vectors, parsing, pre-flight checks.

See docs/api-notes.md, "Bot token (AccessToken2)".
"""

from __future__ import annotations

import base64
import contextlib
import time
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.tokens import (
    MAX_LIFETIME_SECONDS,
    MAX_PLANNED_SECONDS,
    START_MARGIN_SECONDS,
    ParsedToken,
    Role,
    TokenFormatError,
    bot_token_for,
    build_rtc_token,
    parse_token,
    token_problem,
)

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
CHANNEL = "7d72365eb983485397e3e3f9d460bdda"
OTHER_CERT = "0" * 32

VECTOR_UID = (
    "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxN"
    "DcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDC"
    "aiTj"
)
VECTOR_UID_SIGNATURE = "16a0b84c5a5e82cbf74fb813d09f59c54bdac9c06120580539ac97578e958b1a"
VECTOR_UID_PAYLOAD = (
    "200016a0b84c5a5e82cbf74fb813d09f59c54bdac9c06120580539ac97578e958b1a20003937304341333564"
    "6536306334343634356262616538613231353036316233334"
    "7f410005802000001000000010001000100010058020000200037643732333635656239383334383533393765"
    "336533663964343630626464610a0032383832333431323733"
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


def _vector(uid: int | str) -> str:
    return build_rtc_token(
        APP_ID, CERT, CHANNEL, uid, Role.SUBSCRIBER, 600, issue_ts=1111111, salt=1
    )


@pytest.mark.parametrize("uid", [2882341273, "2882341273"])
def test_vector_rtc_with_uid(uid: int | str) -> None:
    token = _vector(uid)
    assert token == VECTOR_UID
    payload = zlib.decompress(base64.b64decode(token[3:]))
    assert payload.hex() == VECTOR_UID_PAYLOAD
    assert payload[2:34].hex() == VECTOR_UID_SIGNATURE


@pytest.mark.parametrize("uid", [0, "0"])
def test_vector_rtc_uid_0(uid: int | str) -> None:
    assert _vector(uid) == VECTOR_UID0


def test_parse_vector_with_uid() -> None:
    parsed = parse_token(VECTOR_UID, app_certificate=CERT)
    assert parsed == ParsedToken(
        app_id=APP_ID,
        issue_ts=1111111,
        expire=600,
        salt=1,
        services={1: {1: 600}},
        channel=CHANNEL,
        uid="2882341273",
        signature_valid=True,
    )
    assert parsed.expires_at == 1111711
    assert parse_token(VECTOR_UID).signature_valid is None
    assert parse_token(VECTOR_UID, app_certificate=OTHER_CERT).signature_valid is False


def test_parse_vector_uid_0_and_go_builder() -> None:
    assert parse_token(VECTOR_UID0, app_certificate=CERT).uid == ""
    assert parse_token(VECTOR_GO, app_certificate=CERT) == parse_token(
        VECTOR_UID, app_certificate=CERT
    )


def test_parse_multi_service_vector() -> None:
    parsed = parse_token(VECTOR_MULTI, app_certificate=CERT)
    assert parsed.signature_valid is True
    assert parsed.services == {
        1: {1: 600, 2: 600, 3: 600, 4: 600},
        2: {1: 600},
        4: {1: 600},
        5: {1: 600},
        7: {2: 600},
    }
    assert (parsed.channel, parsed.uid) == (CHANNEL, "2882341273")


def test_publisher_has_all_rtc_privileges() -> None:
    token = build_rtc_token(APP_ID, CERT, "c", 5, Role.PUBLISHER, 60, issue_ts=1, salt=2)
    assert parse_token(token).services == {1: {1: 60, 2: 60, 3: 60, 4: 60}}


@pytest.mark.parametrize(
    ("app_id", "cert", "message"),
    [
        ("", CERT, "App ID must be 32 hexadecimal"),
        (APP_ID[:-1], CERT, "App ID must be 32 hexadecimal"),
        ("g" * 32, CERT, "App ID must be 32 hexadecimal"),
        (APP_ID, "", "App Certificate must be 32 hexadecimal"),
        (APP_ID, "z" * 32, "App Certificate must be 32 hexadecimal"),
    ],
)
def test_bad_app_id_or_certificate_is_refused(app_id: str, cert: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_rtc_token(app_id, cert, "c", 1, Role.PUBLISHER, 60)


@pytest.mark.parametrize("uid", [-1, 2**32, "abc", "1.5", "", True])
def test_bad_uid_is_refused(uid: object) -> None:
    with pytest.raises(ValueError, match="uid"):
        build_rtc_token(APP_ID, CERT, "c", uid, Role.PUBLISHER, 60)  # type: ignore[arg-type]


def test_bad_lifetime_and_role_are_refused() -> None:
    with pytest.raises(ValueError, match="lifetime"):
        build_rtc_token(APP_ID, CERT, "c", 1, Role.PUBLISHER, -1)
    with pytest.raises(ValueError, match="is not a valid Role"):
        build_rtc_token(APP_ID, CERT, "c", 1, 3, 60)  # type: ignore[arg-type]


def test_defaults_issue_now_with_random_salt() -> None:
    before = int(time.time())
    first = parse_token(build_rtc_token(APP_ID, CERT, "c", 1, Role.PUBLISHER, 60))
    second = parse_token(build_rtc_token(APP_ID, CERT, "c", 1, Role.PUBLISHER, 60))
    assert before <= first.issue_ts <= int(time.time())
    assert 1 <= first.salt <= 99_999_999
    assert first.salt != second.salt or first.issue_ts != second.issue_ts


@pytest.mark.parametrize(
    "text",
    ["", "006abc", "007", "007!!!notbase64", "007" + base64.b64encode(b"plain").decode()],
)
def test_not_a_token(text: str) -> None:
    with pytest.raises(TokenFormatError):
        parse_token(text)


def test_truncated_and_padded_payloads_are_refused() -> None:
    raw = zlib.decompress(base64.b64decode(VECTOR_UID[3:]))
    for broken in (raw[:-3], raw + b"\x00"):
        with pytest.raises(TokenFormatError):
            parse_token("007" + base64.b64encode(zlib.compress(broken)).decode())


@given(st.text(max_size=200))
def test_parse_only_ever_raises_token_format_error(text: str) -> None:
    with contextlib.suppress(TokenFormatError):
        parse_token("007" + text)


_hex32 = st.text("0123456789abcdefABCDEF", min_size=32, max_size=32)


@given(
    app_id=_hex32,
    cert=_hex32,
    channel=st.text(max_size=64),
    uid=st.integers(0, 2**32 - 1),
    role=st.sampled_from(Role),
    expire=st.integers(0, 2**32 - 1),
    issue_ts=st.integers(0, 2**32 - 1),
    salt=st.integers(0, 2**32 - 1),
)
def test_parse_inverts_build(
    app_id: str,
    cert: str,
    channel: str,
    uid: int,
    role: Role,
    expire: int,
    issue_ts: int,
    salt: int,
) -> None:
    token = build_rtc_token(app_id, cert, channel, uid, role, expire, issue_ts=issue_ts, salt=salt)
    privileges = {1: expire} if role is Role.SUBSCRIBER else dict.fromkeys((1, 2, 3, 4), expire)
    assert parse_token(token, app_certificate=cert) == ParsedToken(
        app_id=app_id,
        issue_ts=issue_ts,
        expire=expire,
        salt=salt,
        services={1: privileges},
        channel=channel,
        uid="" if uid == 0 else str(uid),
        signature_valid=True,
    )
    if cert.lower() != OTHER_CERT:
        assert parse_token(token, app_certificate=OTHER_CERT).signature_valid is False


NOW = 1_800_000_000


def _token(channel: str = "show", uid: int = 42, expire: int = 7200, issued: int = NOW) -> str:
    return build_rtc_token(APP_ID, CERT, channel, uid, Role.PUBLISHER, expire, issue_ts=issued)


def _problem(token: str, *, planned: int = 3600, cert: str | None = CERT) -> str | None:
    return token_problem(
        token,
        app_id=APP_ID,
        app_certificate=cert,
        channel="show",
        uid="42",
        planned_seconds=planned,
        now=NOW + 60,
    )


def test_good_token_has_no_problem() -> None:
    assert _problem(_token()) is None
    assert _problem(_token(uid=0)) is None  # any uid
    assert _problem(_token(channel="*")) is None  # any channel
    assert _problem(_token(), cert=None) is None  # nothing to verify with


@pytest.mark.parametrize(
    ("token", "planned", "expected"),
    [
        (_token(issued=NOW - 9000), 3600, "The token expired at 2027-01-15 07:30 UTC."),
        (_token(channel="other"), 3600, "The token is for channel 'other', not 'show'."),
        (_token(uid=7), 3600, "The token is for uid 7, not the recording bot's uid 42."),
        (
            _token(expire=1800),
            3600,
            "The token expires at 2027-01-15 08:30 UTC, in 29 min, before the planned "
            "recording of 1 h 00 min would end; the service cannot renew it.",
        ),
        (
            _token(expire=3 * 86400),
            86400,
            "The token expires at 2027-01-16 08:00 UTC, in 23 h 59 min, before the planned "
            "recording of 24 h 00 min would end; the service cannot renew it.",
        ),
        (_token(issued=NOW + 3600), 60, "The token is issued in the future"),
        ("hello", 60, "The token is not an AccessToken2"),
    ],
)
def test_token_problems(token: str, planned: int, expected: str) -> None:
    problem = _problem(token, planned=planned)
    assert problem is not None
    assert problem.startswith(expected)


def test_wrong_certificate_or_app_id() -> None:
    assert _problem(_token(), cert=OTHER_CERT) == (
        "The token's signature does not verify with this profile's App Certificate."
    )
    other_app = build_rtc_token("a" * 32, CERT, "show", 42, Role.PUBLISHER, 7200, issue_ts=NOW)
    assert "was made for App ID aaaa" in str(_problem(other_app))


def test_bot_token_covers_the_plan_with_a_margin() -> None:
    token = bot_token_for(APP_ID, CERT, "show", "42", 3600)
    parsed = parse_token(token, app_certificate=CERT)
    assert parsed.expire == 3600 + START_MARGIN_SECONDS
    assert parsed.services[1] == dict.fromkeys((1, 2, 3, 4), parsed.expire)
    assert (parsed.channel, parsed.uid) == ("show", "42")

    def check(planned: int) -> str | None:
        return token_problem(
            token,
            app_id=APP_ID,
            app_certificate=CERT,
            channel="show",
            uid=42,
            planned_seconds=planned,
        )

    assert check(3600) is None
    assert check(3600 + 2 * START_MARGIN_SECONDS)


def test_bot_token_is_capped_at_24_hours() -> None:
    token = bot_token_for(APP_ID, CERT, "show", 42, MAX_PLANNED_SECONDS, role=Role.SUBSCRIBER)
    parsed = parse_token(token)
    assert parsed.expire == MAX_LIFETIME_SECONDS
    assert parsed.services[1] == {1: MAX_LIFETIME_SECONDS}
    assert (
        token_problem(
            token,
            app_id=APP_ID,
            app_certificate=CERT,
            channel="show",
            uid=42,
            planned_seconds=MAX_PLANNED_SECONDS,
        )
        is None
    )


@pytest.mark.parametrize("planned", [0, -5, MAX_PLANNED_SECONDS + 1, 25 * 3600])
def test_bot_token_refuses_impossible_plans(planned: int) -> None:
    with pytest.raises(ValueError, match="planned recording"):
        bot_token_for(APP_ID, CERT, "show", 42, planned)


def test_a_join_privilege_of_zero_ends_with_the_token() -> None:
    """Agora's builders default the privilege to 0: it sets no end of its own."""
    parsed = ParsedToken(app_id=APP_ID, issue_ts=NOW, expire=3600, salt=1, services={1: {1: 0}})
    assert parsed.valid_until == NOW + 3600
    shorter = ParsedToken(app_id=APP_ID, issue_ts=NOW, expire=3600, salt=1, services={1: {1: 60}})
    assert shorter.valid_until == NOW + 60
