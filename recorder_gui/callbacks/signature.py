"""Signing and verifying NCS bodies (HMAC over the exact bytes sent, lowercase hex).

Agora sends two headers: ``Agora-Signature`` (HMAC-SHA1) and ``Agora-Signature-V2``
(HMAC-SHA256). A receiver checks V2 only, in constant time, before it parses anything: SHA-1
alone is not enough (a receiver that accepts it lets a weaker check decide).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER_V1 = "Agora-Signature"
HEADER_V2 = "Agora-Signature-V2"


def _key(secret: str | bytes) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def sign_sha1(secret: str | bytes, body: bytes) -> str:
    return hmac.new(_key(secret), body, hashlib.sha1).hexdigest()


def sign_sha256(secret: str | bytes, body: bytes) -> str:
    return hmac.new(_key(secret), body, hashlib.sha256).hexdigest()


def signature_headers(secret: str | bytes, body: bytes) -> dict[str, str]:
    """Both headers NCS sends with ``body``."""
    return {
        "Content-Type": "application/json",
        HEADER_V1: sign_sha1(secret, body),
        HEADER_V2: sign_sha256(secret, body),
    }


def verify_v2(secret: str | bytes, body: bytes, header: str | None) -> bool:
    """True when ``header`` is the HMAC-SHA256 of ``body``; constant time, case-insensitive hex."""
    if not header:
        return False
    given = header.strip().lower().encode("ascii", "replace")
    return hmac.compare_digest(given, sign_sha256(secret, body).encode("ascii"))
