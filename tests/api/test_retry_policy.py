"""The retry policy's arithmetic: jitter bounds, table indexing and ``Retry-After``.

The client tests run with ``jitter=0``; these check the jitter itself with a seeded or
scripted random source, and ``RetryPolicy.retry_after`` directly.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from recorder_gui.api.retry import NO_WAIT, RetryPolicy, parse_retry_after

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


class ScriptedRandom(random.Random):
    """``uniform`` returns one end of its range (or its middle), and records each call."""

    def __init__(self, where: str) -> None:
        super().__init__(0)
        self.where = where
        self.calls: list[tuple[float, float]] = []

    def uniform(self, a: float, b: float) -> float:
        self.calls.append((a, b))
        return {"low": a, "high": b, "mid": (a + b) / 2}[self.where]


@pytest.mark.parametrize(("where", "expected"), [("low", 2.4), ("high", 3.6), ("mid", 3.0)])
def test_jitter_spreads_plus_minus_the_fraction(where: str, expected: float) -> None:
    rng = ScriptedRandom(where)
    policy = RetryPolicy(jitter=0.2, rng=rng)
    assert policy.wait((1.0, 3.0, 6.0), 1) == pytest.approx(expected)
    assert rng.calls == [pytest.approx((-0.6, 0.6))]


def test_seeded_jitter_stays_within_bounds_and_varies() -> None:
    policy = RetryPolicy(jitter=0.2, rng=random.Random(1234))
    waits = [policy.wait((1.0, 3.0, 6.0), 2) for _ in range(200)]
    assert all(4.8 <= w <= 7.2 for w in waits)
    assert min(waits) < 5.5 < max(waits)  # both sides of the base are used
    again = RetryPolicy(jitter=0.2, rng=random.Random(1234))
    assert [again.wait((1.0, 3.0, 6.0), 2) for _ in range(200)] == waits


def test_jitter_never_makes_a_wait_negative() -> None:
    policy = RetryPolicy(jitter=1.5, rng=ScriptedRandom("low"))
    assert policy.wait((2.0,), 0) == 0.0


def test_wait_index_past_the_table_repeats_the_last_entry() -> None:
    policy = RetryPolicy(jitter=0.0)
    table = (1.0, 3.0, 6.0)
    assert [policy.wait(table, i) for i in range(6)] == [1.0, 3.0, 6.0, 6.0, 6.0, 6.0]


def test_empty_table_and_zero_base_mean_no_wait_and_no_random_draw() -> None:
    rng = ScriptedRandom("high")
    policy = RetryPolicy(jitter=0.5, rng=rng)
    assert policy.wait((), 0) == 0.0
    assert policy.wait((0.0,), 3) == 0.0
    assert policy.wait((-1.0,), 0) == 0.0
    assert rng.calls == []
    assert NO_WAIT.wait(NO_WAIT.backoff, 5) == 0.0


@pytest.mark.parametrize(
    ("header", "index", "expected"),
    [
        ("4", 0, 4.0),  # honoured as given
        ("0", 2, 0.0),  # "now" is honoured, not replaced by the backoff
        ("2.5", 1, 2.5),
        (" 7 ", 0, 7.0),
        ("120", 0, 30.0),  # capped at max_retry_after
        (None, 0, 1.0),  # absent: the backoff for this retry
        ("", 1, 3.0),
        ("soon", 2, 6.0),  # garbage
        ("-5", 1, 3.0),  # negative
        ("nan", 0, 1.0),
        ("inf", 0, 1.0),
        ("1e3", 0, 1.0),
        ("9" * 65, 1, 3.0),  # absurdly long
    ],
)
def test_retry_after_honours_a_usable_header_or_falls_back(
    header: str | None, index: int, expected: float
) -> None:
    policy = RetryPolicy(jitter=0.0)
    got = policy.retry_after(header, index)
    assert type(got) is float
    assert got == expected


def test_retry_after_uses_the_policy_cap_and_jitters_only_the_fallback() -> None:
    policy = RetryPolicy(max_retry_after=5.0, jitter=0.2, rng=ScriptedRandom("high"))
    assert policy.retry_after("12", 0) == 5.0  # the server's wait: not jittered
    assert policy.retry_after_seconds("12") == 5.0
    assert policy.retry_after("x", 1) == pytest.approx(3.6)  # the backoff: jittered
    assert policy.retry_after_seconds(None) is None


def test_retry_after_http_date() -> None:
    later = NOW + timedelta(seconds=20)
    header = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert parse_retry_after(header, maximum=30.0, now=NOW) == 20.0
    assert parse_retry_after(header, maximum=10.0, now=NOW) == 10.0
    earlier = (NOW - timedelta(minutes=5)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert parse_retry_after(earlier, maximum=30.0, now=NOW) == 0.0


def test_retry_after_date_without_zone_is_read_as_utc() -> None:
    # "-0000" means "no zone information": parsedate_to_datetime gives a naive datetime.
    header = (NOW + timedelta(seconds=8)).strftime("%a, %d %b %Y %H:%M:%S -0000")
    assert parse_retry_after(header, maximum=30.0, now=NOW) == 8.0


def test_retry_after_date_with_an_offset_keeps_it() -> None:
    # 14:00:10 at +02:00 is 12:00:10 UTC.
    assert parse_retry_after("Sun, 01 Mar 2026 14:00:10 +0200", maximum=30.0, now=NOW) == 10.0


def test_retry_after_length_limit_is_64_characters_after_stripping() -> None:
    date = (NOW + timedelta(seconds=10)).strftime("%a, %d %b %Y %H:%M:%S GMT")

    def sized(length: int) -> str:  # the same date, widened with inner spaces
        return date.replace(", ", "," + " " * (length - len(date) + 1), 1)

    assert len(sized(64)) == 64 and len(sized(65)) == 65
    assert parse_retry_after(sized(64), maximum=30.0, now=NOW) == 10.0
    assert parse_retry_after(sized(65), maximum=30.0, now=NOW) is None
    assert parse_retry_after("   " + sized(64) + "   ", maximum=30.0, now=NOW) == 10.0
    assert parse_retry_after("   ", maximum=30.0) is None


def test_retry_after_date_against_the_real_clock() -> None:
    soon = (datetime.now(UTC) + timedelta(seconds=20)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    seconds = parse_retry_after(soon, maximum=30.0)
    assert seconds is not None and 10.0 <= seconds <= 20.0
