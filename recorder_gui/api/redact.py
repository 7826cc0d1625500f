"""Keeping secrets out of logs: a registry of known secret values and a logging filter.

The client registers every secret it holds (customer secret, the Basic auth header, storage
keys, tokens) and the filter replaces them, and anything shaped like a credential, in every
log record before it is formatted or written.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

MASK = "***"

_PATTERNS = [
    re.compile(r"(?i)(authorization\s*[:=]\s*)(basic|bearer)\s+[A-Za-z0-9+/=._-]+"),
    re.compile(
        r'(?i)("(?:secret|salt|secretKey|accessKey|stsToken|token|customerSecret|'
        r'appCertificate|password)"\s*:\s*")[^"]*(")'
    ),
    re.compile(r"\b007eJ[A-Za-z0-9+/=]{20,}"),  # AccessToken2 tokens
]


class SecretRegistry:
    """Process-wide set of secret values to scrub (thread-safe, values never exposed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()

    def add(self, *values: str | None) -> None:
        with self._lock:
            for value in values:
                if value and len(value) >= 4:
                    self._values.add(value)

    def discard(self, *values: str | None) -> None:
        with self._lock:
            for value in values:
                if value:
                    self._values.discard(value)

    def snapshot(self) -> list[str]:
        with self._lock:
            return sorted(self._values, key=len, reverse=True)

    def __repr__(self) -> str:
        return f"SecretRegistry({len(self._values)} values)"


SECRETS = SecretRegistry()


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with every registered secret and credential-shaped value masked."""
    for value in [*SECRETS.snapshot(), *extra]:
        if value and value in text:
            text = text.replace(value, MASK)
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{MASK}", text)
    text = _PATTERNS[1].sub(lambda m: f"{m.group(1)}{MASK}{m.group(2)}", text)
    return _PATTERNS[2].sub(MASK, text)


class RedactingFilter(logging.Filter):
    """Attach to handlers: formats the record's message once, redacted, and drops its args."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
