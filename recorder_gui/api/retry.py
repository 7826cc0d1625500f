"""The client's retry policy, in one place: bounded, jittered, never blind, never past a deadline.

* ``query`` and ``channel_users`` (idempotent): retried on transport errors, 5xx, 206/65 and
  429 (honouring ``Retry-After`` when given), with backoff 1/3/6 s.
* ``start``: re-sent only on 206/65, with the same resource, at 3 s then 6 s
  (docs/api-notes.md, "Lifecycle and call rules").
* ``acquire``: repeated on a transport error that may have been delivered, because an unused
  resource ID has no effect and expires after five minutes.
* ``update``, ``updateLayout``, ``stop`` and a possibly delivered ``start`` are never re-sent
  by the client: the engine decides after querying.
* Domain failover (another domain) happens on any transport error that certainly did not
  deliver the request (connection refused, name not resolved, connect timeout, TLS failure).
* Every call has one overall deadline covering all of the above (see :mod:`.deadline`): a
  wait that would end after it is not started, the call fails at once instead.
* ``Retry-After`` is read by :func:`parse_retry_after`: finite seconds in
  ``0 .. max_retry_after`` or an HTTP-date; anything else (negative, nan, inf, garbage) is
  ignored and the normal backoff applies.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

#: Delay-seconds: plain ASCII digits, an optional fraction (no sign, exponent, nan or inf).
_SECONDS = re.compile(r"\d{1,12}(?:\.\d{1,9})?", re.ASCII)


def parse_retry_after(
    value: str | None, *, maximum: float, now: datetime | None = None
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, or None when it is absent or unusable.

    Accepts delay-seconds (digits, optionally a decimal fraction), clamped to
    ``maximum``, or an HTTP-date (a date in the past means 0), also clamped. ``now`` is for
    tests (aware UTC datetime).
    """
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if _SECONDS.fullmatch(text):
        return float(min(float(text), maximum))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    except OverflowError:
        return None
    if not math.isfinite(seconds):
        return None
    return float(min(max(seconds, 0.0), maximum))


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  #: total tries of an idempotent call
    backoff: tuple[float, ...] = (1.0, 3.0, 6.0)  #: waits between those tries
    not_completed_backoff: tuple[float, ...] = (3.0, 6.0)  #: start after 206/65
    failover_backoff: tuple[float, ...] = (0.5, 1.0, 3.0)  #: waits between domains
    failover_attempts: int = 4  #: domains tried per request (same, same, other, regional)
    jitter: float = 0.2  #: +/- fraction of each wait
    max_retry_after: float = 30.0  #: cap on a server's Retry-After
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def wait(self, table: tuple[float, ...], index: int) -> float:
        """The jittered wait before retry number ``index`` (0-based) from ``table``."""
        if not table:
            return 0.0
        base = table[min(index, len(table) - 1)]
        if base <= 0:
            return 0.0
        spread = base * self.jitter
        return max(0.0, base + self.rng.uniform(-spread, spread))

    def retry_after_seconds(self, header: str | None) -> float | None:
        """The server's ``Retry-After`` read safely (None: absent or unusable)."""
        return parse_retry_after(header, maximum=self.max_retry_after)

    def retry_after(self, header: str | None, index: int) -> float:
        """Honour a usable ``Retry-After`` header; otherwise the normal backoff."""
        seconds = self.retry_after_seconds(header)
        return self.wait(self.backoff, index) if seconds is None else seconds


#: For tests and the emulator: no waiting at all, same shape.
NO_WAIT = RetryPolicy(
    backoff=(0.0,), not_completed_backoff=(0.0, 0.0), failover_backoff=(0.0,), jitter=0.0
)
