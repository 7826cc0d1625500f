"""How often a session is checked and how long it keeps trying: the pace configuration.

Fast while starting (``fast_interval``), calmer while steady (``steady_interval``), never
slower than a third of ``maxIdleTime``, backing off on errors, 404 runs and 429.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PollConfig:
    fast_interval: float = 2.5
    steady_interval: float = 10.0
    error_backoff: tuple[float, ...] = (5.0, 10.0, 15.0, 30.0)
    rate_limited_backoff: tuple[float, ...] = (2.0, 5.0, 10.0, 20.0)
    ha_window: float = 90.0
    #: the first query after start waits at least this long (about 5 s, as Agora advises:
    #: docs/api-notes.md, "Lifecycle and call rules")
    first_query_delay: float = 5.0
    #: without status 4/5 this long after start, the recording is NOT CONFIRMED: the
    #: producer decides (it may be live: the engine never stops it on its own)
    confirm_timeout: float = 90.0
    watch_channel: bool = True
    #: seconds acquire (and a rate-limited start) keep retrying before giving up
    start_budget: float = 60.0
    #: waits before a watcher that died is restarted (the last one repeats)
    restart_backoff: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)

    def __post_init__(self) -> None:
        if self.fast_interval <= 0 or self.steady_interval <= 0:
            raise ValueError("poll intervals must be > 0")


def backoff(table: tuple[float, ...], count: int) -> float:
    """The wait for the ``count``-th (1-based) failure in a row from ``table``."""
    return table[min(max(count, 1) - 1, len(table) - 1)]


def next_interval(
    cfg: PollConfig,
    *,
    starting: bool,
    max_idle_time: float | None,
    failures: int,
    not_found: int,
    rate_limited: int,
) -> float:
    """Seconds until the next poll."""
    if not_found:  # 404s back off while starting too: they can be a failover of a live task
        base = backoff(cfg.error_backoff, not_found)
    elif rate_limited:
        base = backoff(cfg.rate_limited_backoff, rate_limited)
    elif failures and not starting:
        base = backoff(cfg.error_backoff, failures)
    else:
        base = cfg.fast_interval if starting else cfg.steady_interval
    if max_idle_time:
        base = min(base, max(max_idle_time / 3.0, cfg.fast_interval))
    return base
