"""The client's retry policy, in one place: bounded, jittered, never blind.

* ``query`` and ``channel_users`` (idempotent): retried on transport errors, 5xx, 206/65 and
  429 (honouring ``Retry-After`` when given), with backoff 1/3/6 s.
* ``start``: re-sent only on 206/65, with the same resource, at 3 s then 6 s (reference 2.1).
* ``acquire``: repeated on a transport error that may have been delivered, because an unused
  resource ID has no effect and expires after five minutes.
* ``update``, ``updateLayout``, ``stop`` and a possibly delivered ``start`` are never re-sent
  by the client: the engine decides after querying.
* Domain failover (another domain) happens on any transport error that certainly did not
  deliver the request (connection refused, name not resolved, connect timeout, TLS failure).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


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

    def retry_after(self, header: str | None, index: int) -> float:
        """Honour a ``Retry-After`` header (seconds) when the service sends one."""
        if header:
            try:
                return min(max(float(header), 0.0), self.max_retry_after)
            except ValueError:
                pass
        return self.wait(self.backoff, index)


#: For tests and the emulator: no waiting at all, same shape.
NO_WAIT = RetryPolicy(
    backoff=(0.0,), not_completed_backoff=(0.0, 0.0), failover_backoff=(0.0,), jitter=0.0
)
