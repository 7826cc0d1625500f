"""The recording bot's RTC token as the service checks it: AccessToken2 ("007").

See docs/api-notes.md, "Bot token (AccessToken2)".

Written independently of ``recorder_gui.tokens`` (the app's builder): a verifier that shares no
code with the builder is what catches a bug in the builder. Only verifying is done here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
import zlib
from dataclasses import dataclass

VERSION = "007"
#: An AccessToken2 is valid for at most 24 h whatever ``expire`` says.
MAX_LIFETIME = 24 * 3600
SERVICE_RTC = 1
PRIVILEGE_JOIN_CHANNEL = 1
#: NCS error codes of a bot that cannot join (docs/api-notes.md, "Error codes").
CODE_TOKEN_EXPIRED = 109
CODE_TOKEN_INVALID = 110
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
# Service type -> what follows its privilege map: "s" a length-prefixed string, "h" an int16.
# RTC and Streaming: channel, uid; RTM and Chat: user id; FPA: nothing; APaaS: room, user, role.
_TAILS = {1: "ss", 2: "s", 3: "ss", 4: "", 5: "s", 7: "ssh"}


def is_certificate(value: object) -> bool:
    """An App Certificate (or App ID) is 32 hexadecimal characters."""
    return isinstance(value, str) and _HEX32.fullmatch(value) is not None


class _Bad(Exception):
    """The token cannot be read."""


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise _Bad("the token ends too early")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def u16(self) -> int:
        return int(struct.unpack("<H", self.take(2))[0])

    def u32(self) -> int:
        return int(struct.unpack("<I", self.take(4))[0])

    def string(self) -> bytes:
        return self.take(self.u16())


@dataclass(frozen=True)
class TokenVerdict:
    """Whether the bot may join; ``valid_until`` is when its join right ends (Unix seconds)."""

    ok: bool
    reason: str
    code: int = 0
    valid_until: float | None = None


def _reject(reason: str, code: int = CODE_TOKEN_INVALID) -> TokenVerdict:
    return TokenVerdict(ok=False, reason=reason, code=code)


def _signature(certificate: str, issue_ts: int, salt: int, signed: bytes) -> bytes:
    key = hmac.new(struct.pack("<I", issue_ts), certificate.encode("ascii"), hashlib.sha256)
    key = hmac.new(struct.pack("<I", salt), key.digest(), hashlib.sha256)
    return hmac.new(key.digest(), signed, hashlib.sha256).digest()


def _rtc_grant(cursor: _Cursor) -> tuple[dict[int, int], bytes, bytes] | None:
    """Walk the services; the RTC one's (privileges, channel, uid), or None without one."""
    found = None
    for _ in range(cursor.u16()):
        kind = cursor.u16()
        privileges = {cursor.u16(): cursor.u32() for _ in range(cursor.u16())}
        tail = _TAILS.get(kind)
        if tail is None:
            raise _Bad(f"the token holds an unknown service type {kind}")
        fields = [cursor.string() if part == "s" else cursor.take(2) for part in tail]
        if kind == SERVICE_RTC:
            found = (privileges, fields[0], fields[1])
    if cursor.pos != len(cursor.data):
        raise _Bad("the token has extra bytes at its end")
    return found


def verify_bot_token(
    token: object, *, app_id: str, certificate: str, channel: str, uid: str, now: float
) -> TokenVerdict:
    """Would the service let bot ``uid`` join ``channel`` of ``app_id`` with ``token`` at ``now``?

    Wildcards: a token for uid 0 (packed as "" or "0") or "*" fits any uid, a
    token for channel "*" any channel. The join right ends at the first of: the token's expiry,
    the joinChannel privilege's expiry, 24 h after issue.
    """
    if not isinstance(token, str) or not token:
        return _reject("no token was given, but the App Certificate is enabled")
    if not token.startswith(VERSION):
        return _reject('the token is not an AccessToken2 (it must start with "007")')
    try:
        raw = zlib.decompress(base64.b64decode(token[len(VERSION) :], validate=True))
        cursor = _Cursor(raw)
        signature = cursor.string()
        signed = raw[cursor.pos :]
        token_app = cursor.string()
        issue_ts, expire, salt = cursor.u32(), cursor.u32(), cursor.u32()
        grant = _rtc_grant(cursor)
    except (binascii.Error, zlib.error, ValueError, _Bad) as err:
        return _reject(f"the token cannot be read ({err})")
    if token_app != app_id.encode("ascii"):
        return _reject("the token was made for another App ID")
    if not hmac.compare_digest(signature, _signature(certificate, issue_ts, salt, signed)):
        return _reject("the token's signature does not match the App Certificate")
    if grant is None:
        return _reject("the token has no RTC service")
    privileges, token_channel, token_uid = grant
    if PRIVILEGE_JOIN_CHANNEL not in privileges:
        return _reject("the token does not grant joinChannel")
    if token_channel not in (channel.encode("utf-8"), b"*"):
        return _reject("the token is for another channel")
    if token_uid not in (b"", b"0", b"*", uid.encode("ascii")):
        return _reject("the token is for another uid")
    join = privileges[PRIVILEGE_JOIN_CHANNEL] or expire
    lifetime = min(expire, join, MAX_LIFETIME)
    valid_until = float(issue_ts + lifetime)
    if valid_until <= now:
        return TokenVerdict(False, "the token has expired", CODE_TOKEN_EXPIRED, valid_until)
    return TokenVerdict(ok=True, reason="", valid_until=valid_until)
