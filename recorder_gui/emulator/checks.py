"""Small typed field checkers shared by the request validators (each failure names the field)."""

from __future__ import annotations

import re
from typing import Any

from recorder_gui.emulator.errors import EmulatorError, invalid

UID_MAX = 2**32 - 1
_UID_RE = re.compile(r"[1-9][0-9]{0,9}")
# Channel names (docs/api-notes.md, "Identifiers"):
# a-z A-Z 0-9, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,
CNAME_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,"
)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_uid_string(value: object) -> bool:
    """A JSON string holding a decimal integer in [1, 2^32-1]."""
    return isinstance(value, str) and _UID_RE.fullmatch(value) is not None and int(value) <= UID_MAX


def is_rtc_cname(value: object) -> bool:
    """Individual/mix channel name: 1..63 bytes of the 89-character set."""
    return (
        isinstance(value, str)
        and 0 < len(value.encode()) < 64
        and all(ch in CNAME_CHARS for ch in value)
    )


def is_web_cname(value: object) -> bool:
    # Web cname only labels the process: <= 1024 bytes [Doc] (CN says 128; we take the doc).
    return isinstance(value, str) and 0 < len(value.encode()) <= 1024


class Checker:
    """Validates one JSON object; errors carry ``code`` (2, or 1028 for updateLayout)."""

    def __init__(self, obj: object, path: str, *, code: int = 2) -> None:
        if not isinstance(obj, dict):
            raise invalid(f"{path} must be an object", code=code)
        self.obj: dict[str, Any] = obj
        self.path = path
        self.code = code

    def fail(self, key: str, why: str) -> EmulatorError:
        return invalid(f"{self.path}.{key} {why}", code=self.code)

    def has(self, key: str) -> bool:
        return key in self.obj and self.obj[key] is not None

    def int_(
        self, key: str, lo: int, hi: int, default: int | None = None, *, required: bool = False
    ) -> int | None:
        if not self.has(key):
            if required:
                raise self.fail(key, "is required")
            return default
        value = self.obj[key]
        if not is_int(value):
            raise self.fail(key, "must be an integer")
        if not lo <= value <= hi:
            raise self.fail(key, f"must be in [{lo}, {hi}]")
        return int(value)

    def choice(self, key: str, options: tuple[object, ...], default: object = None) -> object:
        if not self.has(key):
            return default
        value = self.obj[key]
        if isinstance(value, bool) or value not in options:
            raise self.fail(key, f"must be one of {list(options)}")
        return value

    def str_(self, key: str, *, required: bool = False, max_len: int | None = None) -> str | None:
        if not self.has(key):
            if required:
                raise self.fail(key, "is required")
            return None
        value = self.obj[key]
        if not isinstance(value, str) or (required and not value):
            raise self.fail(key, "must be a non-empty string" if required else "must be a string")
        if max_len is not None and len(value) > max_len:
            raise self.fail(key, f"must be at most {max_len} characters")
        return value

    def bool_(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        value = self.obj[key]
        if not isinstance(value, bool):
            raise self.fail(key, "must be a boolean")
        return value

    def uid(self, key: str, *, required: bool = False) -> str | None:
        value = self.str_(key, required=required)
        if value is not None and not is_uid_string(value):
            raise self.fail(key, "must be a decimal UID string in [1, 4294967295]")
        return value

    def obj_(self, key: str, *, required: bool = False) -> Checker | None:
        if not self.has(key):
            if required:
                raise self.fail(key, "is required")
            return None
        return Checker(self.obj[key], f"{self.path}.{key}", code=self.code)

    def list_(self, key: str, *, max_len: int | None = None) -> list[Any] | None:
        if not self.has(key):
            return None
        value = self.obj[key]
        if not isinstance(value, list):
            raise self.fail(key, "must be an array")
        if max_len is not None and len(value) > max_len:
            raise self.fail(key, f"must have at most {max_len} entries")
        return value

    def uid_list(self, key: str, *, max_len: int = 32) -> list[str] | None:
        value = self.list_(key, max_len=max_len)
        if value is None:
            return None
        for item in value:
            if item != "#allstream#" and not is_uid_string(item):
                raise self.fail(key, "entries must be UID strings or '#allstream#'")
        return [str(v) for v in value]
