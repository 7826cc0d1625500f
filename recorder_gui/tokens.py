"""RTC tokens for the recording bot: AccessToken2 (docs/api-notes.md, "Bot token (AccessToken2)").

Build, parse and pre-flight check. Unlike Agora's builders, which return "" on a bad App ID
or certificate, everything here refuses loudly with a ValueError saying what is wrong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum

__all__ = [
    "MAX_LIFETIME_SECONDS",
    "MAX_PLANNED_SECONDS",
    "START_MARGIN_SECONDS",
    "VERSION",
    "ParsedToken",
    "Privilege",
    "Role",
    "Service",
    "TokenFormatError",
    "bot_token_for",
    "build_rtc_token",
    "parse_token",
    "token_problem",
]

VERSION = "007"
MAX_U32 = 2**32 - 1
#: AccessToken2 lives at most 24 h.
MAX_LIFETIME_SECONDS = 24 * 3600
#: Extra lifetime a bot token gets beyond the planned recording (acquire, retries, clock skew).
START_MARGIN_SECONDS = 15 * 60
#: The longest plan a fresh 24 h token can still cover with at least 5 minutes to spare.
MAX_PLANNED_SECONDS = MAX_LIFETIME_SECONDS - 5 * 60


class Role(IntEnum):
    """RTC role; only differs when co-host authentication is on for the project."""

    PUBLISHER = 1
    SUBSCRIBER = 2


class Service(IntEnum):
    """AccessToken2 service types."""

    RTC = 1
    RTM = 2
    STREAMING = 3
    FPA = 4
    CHAT = 5
    FCDN = 6
    APAAS = 7
    RTM2 = 8


class Privilege(IntEnum):
    """RTC privileges."""

    JOIN_CHANNEL = 1
    PUBLISH_AUDIO_STREAM = 2
    PUBLISH_VIDEO_STREAM = 3
    PUBLISH_DATA_STREAM = 4


_ROLE_PRIVILEGES = {
    Role.PUBLISHER: tuple(Privilege),
    Role.SUBSCRIBER: (Privilege.JOIN_CHANNEL,),
}


class TokenFormatError(ValueError):
    """The text is not an AccessToken2 this module can read."""


# -- packing ----------------------------------------------------------------------------


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def _u32(value: int) -> bytes:
    return struct.pack("<I", value)


def _str(data: bytes) -> bytes:
    if len(data) > 0xFFFF:
        raise ValueError(f"a token field is {len(data)} bytes long; at most 65535 fit")
    return _u16(len(data)) + data


def _map_u32(items: dict[int, int]) -> bytes:
    return _u16(len(items)) + b"".join(_u16(k) + _u32(v) for k, v in sorted(items.items()))


class _Reader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def _take(self, size: int) -> bytes:
        if self._pos + size > len(self._data):
            raise TokenFormatError("the token ends too early")
        chunk = self._data[self._pos : self._pos + size]
        self._pos += size
        return chunk

    def u16(self) -> int:
        value: int = struct.unpack("<H", self._take(2))[0]
        return value

    def i16(self) -> int:
        value: int = struct.unpack("<h", self._take(2))[0]
        return value

    def u32(self) -> int:
        value: int = struct.unpack("<I", self._take(4))[0]
        return value

    def bytes_(self) -> bytes:
        return self._take(self.u16())

    def text(self) -> str:
        try:
            return self.bytes_().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TokenFormatError("a text field of the token is not UTF-8") from exc

    def map_u32(self) -> dict[int, int]:
        return {self.u16(): self.u32() for _ in range(self.u16())}

    @property
    def rest(self) -> bytes:
        return self._data[self._pos :]

    @property
    def at_end(self) -> bool:
        return self._pos == len(self._data)


# -- building ---------------------------------------------------------------------------


def _check_hex32(value: object, what: str) -> str:
    if not isinstance(value, str) or len(value) != 32:
        raise ValueError(f"The {what} must be 32 hexadecimal characters.")
    try:
        bytes.fromhex(value)
    except ValueError:
        raise ValueError(f"The {what} must be 32 hexadecimal characters (0-9, a-f).") from None
    return value


def _uid_text(uid: int | str) -> str:
    """The uid as packed: decimal text, or "" for uid 0 (any uid)."""
    if isinstance(uid, bool) or not isinstance(uid, int | str):
        raise ValueError(f"A uid is a whole number or its decimal text, not {uid!r}.")
    text = str(uid)
    if not (text.isascii() and text.isdecimal()) or int(text) > MAX_U32:
        raise ValueError(f"A uid is a whole number from 0 to {MAX_U32}, not {uid!r}.")
    return "" if int(text) == 0 else str(int(text))


def _check_u32(value: int, what: str, *, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_U32:
        raise ValueError(f"The {what} must be a whole number from {low} to {MAX_U32}.")
    return value


def _sign(app_certificate: str, issue_ts: int, salt: int, signing_info: bytes) -> bytes:
    key1 = hmac.new(_u32(issue_ts), app_certificate.encode("ascii"), hashlib.sha256).digest()
    key2 = hmac.new(_u32(salt), key1, hashlib.sha256).digest()
    return hmac.new(key2, signing_info, hashlib.sha256).digest()


def build_rtc_token(
    app_id: str,
    app_certificate: str,
    channel: str,
    uid: int | str,
    role: Role,
    expire_seconds: int,
    *,
    issue_ts: int | None = None,
    salt: int | None = None,
) -> str:
    """An AccessToken2 RTC token; uid 0 means any uid. Privileges last as long as the token."""
    _check_hex32(app_id, "App ID")
    _check_hex32(app_certificate, "App Certificate")
    role = Role(role)
    if not isinstance(channel, str):
        raise ValueError(f"The channel name must be text, not {type(channel).__name__}.")
    _check_u32(expire_seconds, "token lifetime in seconds")
    issue_ts = int(time.time()) if issue_ts is None else _check_u32(issue_ts, "issue time")
    salt = secrets.randbelow(99_999_999) + 1 if salt is None else _check_u32(salt, "salt")
    privileges = {int(p): expire_seconds for p in _ROLE_PRIVILEGES[role]}
    service = (
        _u16(Service.RTC)
        + _map_u32(privileges)
        + _str(channel.encode("utf-8"))
        + _str(_uid_text(uid).encode("ascii"))
    )
    signing_info = (
        _str(app_id.encode("ascii"))
        + _u32(issue_ts)
        + _u32(expire_seconds)
        + _u32(salt)
        + _u16(1)
        + service
    )
    signature = _sign(app_certificate, issue_ts, salt, signing_info)
    payload = zlib.compress(_str(signature) + signing_info)
    return VERSION + base64.b64encode(payload).decode("ascii")


# -- parsing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedToken:
    """What an AccessToken2 says. Times are Unix seconds; ``expire`` is relative to issue."""

    app_id: str
    issue_ts: int
    expire: int
    salt: int
    services: dict[int, dict[int, int]]
    channel: str | None = None
    uid: str | None = None
    signature_valid: bool | None = None
    expires_at: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "expires_at", self.issue_ts + self.expire)

    @property
    def valid_until(self) -> int:
        """When joining stops working: token expiry, join privilege expiry or 24 h, first."""
        end = self.issue_ts + min(self.expire, MAX_LIFETIME_SECONDS)
        join = self.services.get(Service.RTC, {}).get(Privilege.JOIN_CHANNEL)
        # A join privilege of 0 sets no end of its own (Agora's builders default it to 0;
        # reading it as "expired at issue" would refuse their tokens).
        return end if not join else min(end, self.issue_ts + join)


def _read_service(reader: _Reader, kind: int, out: dict[str, str]) -> None:
    if kind == Service.RTC:
        out["channel"] = reader.text()
        out["uid"] = reader.text()
    elif kind in (Service.RTM, Service.CHAT):
        reader.bytes_()
    elif kind == Service.APAAS:
        reader.bytes_()
        reader.bytes_()
        reader.i16()
    elif kind != Service.FPA:
        raise TokenFormatError(f"the token holds service type {kind}, which this app cannot read")


def parse_token(token: str, *, app_certificate: str | None = None) -> ParsedToken:
    """Read an AccessToken2; with ``app_certificate``, also say whether its signature verifies."""
    if not isinstance(token, str) or not token.startswith(VERSION):
        raise TokenFormatError('an AccessToken2 starts with "007"')
    try:
        raw = zlib.decompress(base64.b64decode(token[len(VERSION) :].strip(), validate=True))
    except (binascii.Error, zlib.error, ValueError) as exc:
        raise TokenFormatError(f"the token's content cannot be decoded ({exc})") from None
    reader = _Reader(raw)
    signature = reader.bytes_()
    signing_info = reader.rest
    try:
        app_id = reader.bytes_().decode("ascii")
    except UnicodeDecodeError:
        raise TokenFormatError("the token's App ID is not text") from None
    issue_ts, expire, salt = reader.u32(), reader.u32(), reader.u32()
    services: dict[int, dict[int, int]] = {}
    rtc: dict[str, str] = {}
    for _ in range(reader.u16()):
        kind = reader.u16()
        services[kind] = reader.map_u32()
        _read_service(reader, kind, rtc)
    if not reader.at_end:
        raise TokenFormatError("the token has unexpected bytes at its end")
    valid = None
    if app_certificate is not None:
        _check_hex32(app_certificate, "App Certificate")
        expected = _sign(app_certificate, issue_ts, salt, signing_info)
        valid = hmac.compare_digest(expected, signature)
    return ParsedToken(
        app_id=app_id,
        issue_ts=issue_ts,
        expire=expire,
        salt=salt,
        services=services,
        channel=rtc.get("channel"),
        uid=rtc.get("uid"),
        signature_valid=valid,
    )


# -- the recording bot ------------------------------------------------------------------


def _clock(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes = rest // 60
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def token_problem(
    token: str,
    *,
    app_id: str,
    app_certificate: str | None,
    channel: str,
    uid: int | str,
    planned_seconds: int,
    now: int | None = None,
) -> str | None:
    """Why ``token`` cannot carry the bot through the planned recording; None if it can."""
    try:
        parsed = parse_token(token, app_certificate=app_certificate)
    except TokenFormatError as exc:
        return f"The token is not an AccessToken2 (“007”) token: {exc}."
    now = int(time.time()) if now is None else now
    wanted_uid = _uid_text(uid)
    if parsed.app_id != app_id:
        return f"The token was made for App ID {parsed.app_id}, not this profile's {app_id}."
    if parsed.signature_valid is False:
        return "The token's signature does not verify with this profile's App Certificate."
    if Service.RTC not in parsed.services:
        return "The token carries no RTC privileges, so the recording bot cannot join."
    if Privilege.JOIN_CHANNEL not in parsed.services[Service.RTC]:
        return "The token does not grant joining the channel."
    if parsed.channel not in (channel, "*"):
        return f"The token is for channel {parsed.channel!r}, not {channel!r}."
    if parsed.uid not in ("", "*", wanted_uid):
        return f"The token is for uid {parsed.uid}, not the recording bot's uid {wanted_uid}."
    if parsed.issue_ts > now + 300:
        return f"The token is issued in the future ({_clock(parsed.issue_ts)}); check the clock."
    if parsed.valid_until <= now:
        return f"The token expired at {_clock(parsed.valid_until)}."
    if parsed.valid_until - now < planned_seconds:
        return (
            f"The token expires at {_clock(parsed.valid_until)}, in "
            f"{_duration(parsed.valid_until - now)}, before the planned recording of "
            f"{_duration(planned_seconds)} would end; the service cannot renew it."
        )
    return None


def bot_token_for(
    app_id: str,
    app_certificate: str,
    channel: str,
    uid: int | str,
    planned_seconds: int,
    *,
    role: Role = Role.PUBLISHER,
) -> str:
    """A token for the bot that outlives the planned recording by a margin (at most 24 h).

    Publisher is the default because Agora's samples use it; a subscriber token should
    suffice for a bot that only subscribes, but Agora does not say so.
    """
    if isinstance(planned_seconds, bool) or not isinstance(planned_seconds, int):
        raise ValueError("The planned recording length must be a whole number of seconds.")
    if planned_seconds <= 0:
        raise ValueError("The planned recording length must be at least one second.")
    if planned_seconds > MAX_PLANNED_SECONDS:
        raise ValueError(
            f"A recording bot token lives at most 24 h, so a planned recording of "
            f"{_duration(planned_seconds)} cannot be covered (at most "
            f"{_duration(MAX_PLANNED_SECONDS)}); plan a shorter recording or restart it."
        )
    lifetime = min(planned_seconds + START_MARGIN_SECONDS, MAX_LIFETIME_SECONDS)
    return build_rtc_token(app_id, app_certificate, channel, uid, role, lifetime)
