"""The running cost: minutes by category as observations come, never backwards."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.cost import LIST, Category, MinuteLedger, running_cost


def test_minutes_go_to_the_category_of_their_stretch() -> None:
    ledger = MinuteLedger()
    ledger.begin(1000.0, Category.AUDIO)
    ledger.observe(1060.0, Category.FULL_HD)  # someone joined after a minute
    ledger.observe(1060.0 + 30 * 60, Category.AUDIO)  # everyone left after 30 minutes
    ledger.end(1060.0 + 42 * 60)
    cost = running_cost(ledger, LIST, now=99_999.0)
    assert {line.category: line.minutes for line in cost.lines} == {
        Category.FULL_HD: Decimal(30),
        Category.AUDIO: Decimal(13),
    }
    assert cost.total == Decimal("13.49") * 30 / 1000 + Decimal("1.49") * 13 / 1000
    assert cost.breakdown == "30 min Full HD $0.40, 13 min Audio $0.02"
    assert cost.current is None  # ended


def test_the_open_stretch_counts_up_to_now() -> None:
    ledger = MinuteLedger()
    ledger.begin(0.0, Category.HD)
    assert running_cost(ledger, LIST, now=600.0).total == Decimal("5.99") * 10 / 1000
    assert running_cost(ledger, LIST, now=600.0).current is Category.HD


def test_nothing_before_the_start_and_nothing_after_the_end() -> None:
    ledger = MinuteLedger()
    ledger.observe(10.0, Category.TWO_K)  # not started: ignored
    ledger.end(20.0)
    assert running_cost(ledger, LIST, now=100.0).lines == ()
    ledger.begin(100.0, Category.HD)
    ledger.end(160.0)
    ledger.observe(200.0, Category.TWO_K_PLUS)
    ledger.end(900.0)  # the first end counts
    assert ledger.totals(10_000.0) == {Category.HD: 60.0}


def test_an_observation_from_the_past_does_not_take_time_back() -> None:
    ledger = MinuteLedger()
    ledger.begin(100.0, Category.HD)
    ledger.observe(200.0, Category.FULL_HD)
    ledger.observe(150.0, Category.AUDIO)  # late news: counts from 200
    ledger.end(260.0)
    assert ledger.totals(0.0) == {Category.HD: 100.0, Category.AUDIO: 60.0}


steps = st.lists(
    st.tuples(st.floats(min_value=0, max_value=10_000), st.sampled_from(list(Category))),
    max_size=30,
)


@given(st.floats(min_value=0, max_value=1000), steps, st.floats(min_value=0, max_value=20_000))
def test_the_seconds_add_up_to_the_time_recorded(
    start: float, seen: list[tuple[float, Category]], end: float
) -> None:
    ledger = MinuteLedger()
    ledger.begin(start, Category.AUDIO)
    latest = start
    for at, category in seen:
        ledger.observe(at, category)
        latest = max(latest, at)
    ledger.end(end)
    total = sum(ledger.totals(1e9).values())
    assert abs(total - (max(end, latest) - start)) < 1e-6


@given(steps, st.floats(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=10_000))
def test_the_running_cost_never_goes_down(
    seen: list[tuple[float, Category]], a: float, b: float
) -> None:
    ledger = MinuteLedger()
    ledger.begin(0.0, Category.HD)
    for at, category in sorted(seen):
        ledger.observe(at, category)
    early, late = sorted((a, b))
    last = max((at for at, _ in seen), default=0.0)
    early, late = max(early, last), max(late, last)
    assert running_cost(ledger, LIST, early).total <= running_cost(ledger, LIST, late).total
