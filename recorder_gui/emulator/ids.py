"""Resource IDs (signed, URL-safe, decodable only by this emulator) and session IDs."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

_VERSION = b"\x01"
_SIG_LEN = 32
_TARGET_CHARS = 300


@dataclass(frozen=True)
class ResourceClaims:
    """What a resource ID carries: who acquired it, for what, and when."""

    appid: str
    cname: str
    uid: str
    scene: int
    created_at: float
    expired_hour: int
    nonce: str
    #: The worker region the task of this resource runs in (``regions.place``).
    region: str = ""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_resource_id(claims: ResourceClaims, secret: bytes) -> str:
    """Version byte + compact JSON + HMAC-SHA256, base64url without padding (~300 chars)."""
    payload = {
        "a": claims.appid,
        "c": claims.cname,
        "u": claims.uid,
        "s": claims.scene,
        "t": claims.created_at,
        "h": claims.expired_hour,
        "n": claims.nonce,
        "w": claims.region,
    }
    body = _VERSION + json.dumps(payload, separators=(",", ":")).encode()
    sig = hmac.new(secret, body, hashlib.sha256).digest()
    return _b64(body + sig)


def new_claims(
    appid: str,
    cname: str,
    uid: str,
    scene: int,
    created_at: float,
    expired_hour: int,
    region: str = "",
) -> ResourceClaims:
    """Claims whose encoded form is about 300 characters, like the real service's."""
    skeleton = ResourceClaims(appid, cname, uid, scene, created_at, expired_hour, "", region)
    base = len(encode_resource_id(skeleton, b"k"))
    missing_chars = max(_TARGET_CHARS - base, 16)
    nonce = secrets.token_urlsafe((missing_chars * 3) // 4 * 3 // 4 or 12)
    return ResourceClaims(appid, cname, uid, scene, created_at, expired_hour, nonce, region)


def decode_resource_id(resource_id: str, secret: bytes) -> ResourceClaims | None:
    """The claims, or None when the ID is garbage or was not signed by this secret."""
    try:
        raw = _unb64(resource_id)
    except (binascii.Error, ValueError):
        return None
    if len(raw) <= _SIG_LEN + 1 or raw[:1] != _VERSION:
        return None
    body, sig = raw[:-_SIG_LEN], raw[-_SIG_LEN:]
    if not hmac.compare_digest(hmac.new(secret, body, hashlib.sha256).digest(), sig):
        return None
    try:
        data = json.loads(body[1:])
        return ResourceClaims(
            appid=str(data["a"]),
            cname=str(data["c"]),
            uid=str(data["u"]),
            scene=int(data["s"]),
            created_at=float(data["t"]),
            expired_hour=int(data["h"]),
            nonce=str(data["n"]),
            region=str(data.get("w", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def new_sid() -> str:
    """32 lowercase hex characters."""
    return secrets.token_hex(16)


def new_bot_uid() -> int:
    """A random bot UID for a failed-over task (NCS event 12 ``newUid``)."""
    return secrets.randbelow(2**31 - 1) + 1
