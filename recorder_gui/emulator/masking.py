"""Secrets out of everything the emulator keeps or exports: values replaced by ``"***"`` by key."""

from __future__ import annotations

import re
from typing import Any

MASK = "***"

#: Key names (compared case-insensitively, at any depth) whose values are never kept or exported:
#: storage credentials, the bot's RTC token, the decryption key and salt, header values, and
#: the storage ``extensionParams`` object as a whole.
SECRET_KEYS = frozenset(
    {
        "accesskey",
        "secretkey",
        "ststoken",
        "token",
        "secret",
        "salt",
        "authorization",
        "extensionparams",
        "customersecret",
        "password",
    }
)

# A quoted key name as it appears on the wire; a JSON text without one holds no secret key
# (unless keys are written with escapes, checked separately).
_WIRE_KEY = re.compile(
    rb'"(?:' + b"|".join(k.encode() for k in sorted(SECRET_KEYS)) + rb')"', re.IGNORECASE
)


def may_hold_secrets(raw: bytes) -> bool:
    """Cheap test on a JSON text: False means ``mask_secrets`` of its parse would change nothing."""
    return b"\\u" in raw or _WIRE_KEY.search(raw) is not None


def mask_secrets(value: Any) -> Any:
    """A copy of ``value`` (parsed JSON) with every secret key's value replaced by ``MASK``.

    Recursive: callers pass JSON whose depth is already bounded (see ``safejson``).
    """
    if isinstance(value, dict):
        return {
            k: MASK if isinstance(k, str) and k.lower() in SECRET_KEYS else mask_secrets(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value
