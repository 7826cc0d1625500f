"""The estimate, the subscription and the running ledger at their edges: the saving to the
cent, the notes per kind of recorder, a second begin, stretches that start late or last under a
second, and the words that describe a subscription."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recorder_gui.cost import (
    EACH_RECORDER_NOTE,
    FREE_MINUTES_NOTE,
    LIST,
    Category,
    Kind,
    MinuteLedger,
    PriceTable,
    Reach,
    Shape,
    VideoSubscription,
    estimate_plan,
    running_cost,
)
from recorder_gui.cost.estimate import MIX_NOTE, VIDEO_ASSUMED_NOTE, WEB_NOTE

EVERYONE = VideoSubscription(Reach.EVERYONE)
HOUR = 3600

# -- estimate_plan ------------------------------------------------------------------------


def test_the_saving_is_the_price_difference_per_hour() -> None:
    estimate = estimate_plan(Shape(Kind.AUDIO_VIDEO, EVERYONE), HOUR, 4, LIST)  # 2K
    assert estimate.saving == (
        "Full HD costs $13.49 instead of $23.99 per 1,000 minutes ($0.63 less per hour)."
    )
    assert estimate.price_per_thousand == Decimal("23.99")
    assert estimate.planned_seconds == HOUR


def test_the_saving_per_hour_rounds_half_up_to_the_cent() -> None:
    prices = PriceTable({Category.FULL_HD: Decimal("23.74")})  # 25 cents less per 1,000 min
    estimate = estimate_plan(Shape(Kind.AUDIO_VIDEO, EVERYONE), HOUR, 4, prices)
    assert estimate.saving == (
        "Full HD costs $23.74 instead of $23.99 per 1,000 minutes ($0.02 less per hour)."
    )


def test_an_equal_price_below_is_no_saving() -> None:
    prices = PriceTable({Category.FULL_HD: Decimal("23.99")})
    estimate = estimate_plan(Shape(Kind.AUDIO_VIDEO, EVERYONE), HOUR, 4, prices)
    assert estimate.reading.lower_to is Category.FULL_HD
    assert estimate.saving == ""


def test_a_negative_plan_is_zero_seconds_and_costs_nothing() -> None:
    estimate = estimate_plan(Shape(Kind.AUDIO_VIDEO, EVERYONE), -60, 1, LIST)
    assert estimate.planned_seconds == 0
    assert estimate.total == 0 and estimate.total_text == "$0.00"
    assert estimate.per_hour_text == "$0.36"


@pytest.mark.parametrize(
    ("shape", "inputs", "notes"),
    [
        (Shape(Kind.AUDIO_VIDEO, EVERYONE), 1, (VIDEO_ASSUMED_NOTE,)),
        (Shape(Kind.AUDIO_VIDEO, EVERYONE, mix=True), 1, (VIDEO_ASSUMED_NOTE, MIX_NOTE)),
        (Shape(Kind.AUDIO_VIDEO, EVERYONE, mix=True), 0, (MIX_NOTE,)),  # audio: no video
        (Shape(Kind.AUDIO_VIDEO, EVERYONE), 0, ()),
        (Shape(Kind.WEB, EVERYONE, mix=True), 1, (WEB_NOTE,)),
        (Shape(Kind.SCREENSHOTS, EVERYONE, mix=True), 1, ()),
    ],
)
def test_the_notes_fit_the_kind_of_recorder(
    shape: Shape, inputs: int, notes: tuple[str, ...]
) -> None:
    estimate = estimate_plan(shape, HOUR, inputs, LIST)
    assert estimate.notes == (*notes, EACH_RECORDER_NOTE, FREE_MINUTES_NOTE)
    assert estimate.source == "list prices"


# -- VideoSubscription --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subscription", "words"),
    [
        (VideoSubscription.of_lists(stream_types=0), "no video subscribed"),
        (VideoSubscription.of_lists(subscribe_video=["7"]), "video from 1 listed uid"),
        (VideoSubscription.of_lists(subscribe_video=["7", " 8 "]), "video from 2 listed uids"),
        (VideoSubscription.of_lists(subscribe_video=[]), "video from 0 listed uids"),
        (
            VideoSubscription.of_lists(unsubscribe_video=["3", "4"]),
            "video from everyone but 2 uid(s)",
        ),
        (VideoSubscription.of_lists(), "video from everyone"),
    ],
)
def test_a_subscription_describes_itself(subscription: VideoSubscription, words: str) -> None:
    assert subscription.describe() == words


def test_an_unsubscribe_list_reaches_everyone_else() -> None:
    sub = VideoSubscription.of_lists(unsubscribe_video=["3"])
    assert sub.reach is Reach.EVERYONE and sub.counts_everyone
    assert sub.excluded == {"3"}
    assert sub.planned_inputs(everyone=0) == 0
    assert sub.planned_inputs(everyone=-2) == 0
    assert sub.planned_inputs(everyone=5) == 5


def test_a_listed_uid_is_trimmed_and_allstream_wins() -> None:
    assert VideoSubscription.of_lists(subscribe_video=[" 7 "]).listed == {"7"}
    assert not VideoSubscription.of_lists(subscribe_video=["7"]).counts_everyone
    both = VideoSubscription.of_lists(subscribe_video=["7", "#allstream#"])
    assert both == VideoSubscription(Reach.EVERYONE)


# -- MinuteLedger, running_cost -----------------------------------------------------------


def test_a_second_begin_is_an_observation() -> None:
    ledger = MinuteLedger()
    ledger.begin(0.0, Category.HD)
    ledger.begin(60.0, Category.FULL_HD)
    assert ledger.began_at == 0.0 and ledger.began
    assert ledger.totals(90.0) == {Category.HD: 60.0, Category.FULL_HD: 30.0}
    assert ledger.current is Category.FULL_HD


def test_an_observation_at_the_same_instant_bills_nothing() -> None:
    ledger = MinuteLedger()
    ledger.begin(10.0, Category.HD)
    ledger.observe(10.0, Category.FULL_HD)
    assert ledger.seconds == {}
    assert ledger.totals(10.0) == {}


def test_the_open_stretch_counts_from_its_own_start() -> None:
    ledger = MinuteLedger()
    ledger.begin(100.0, Category.HD)
    ledger.observe(160.0, Category.AUDIO)
    ledger.observe(220.0, Category.HD)
    assert ledger.totals(250.0) == {Category.HD: 90.0, Category.AUDIO: 60.0}


def test_half_a_second_is_billed() -> None:
    ledger = MinuteLedger()
    ledger.begin(0.0, Category.HD)
    assert ledger.totals(0.5) == {Category.HD: 0.5}
    ledger.end(0.5)
    assert ledger.ended_at == 0.5 and ledger.current is None
    assert ledger.totals(99.0) == {Category.HD: 0.5}


def test_nothing_billed_yet_reads_as_money() -> None:
    cost = running_cost(MinuteLedger(), PriceTable({Category.HD: Decimal(1)}), now=10.0)
    assert cost.total_text == "$0.00" and cost.minutes == 0
    assert cost.breakdown == "nothing billed yet"
    assert cost.source == "contract prices for HD; list prices for the rest"
    assert cost.current is None


def test_lines_of_equal_cost_keep_the_category_order() -> None:
    prices = PriceTable({Category.HD: Decimal(10), Category.AUDIO: Decimal(10)})
    ledger = MinuteLedger()
    ledger.begin(0.0, Category.HD)
    ledger.observe(600.0, Category.AUDIO)
    ledger.end(1200.0)
    cost = running_cost(ledger, prices, now=1200.0)
    assert [line.category for line in cost.lines] == [Category.AUDIO, Category.HD]
    assert cost.minutes == 20
    assert cost.breakdown == "10 min Audio $0.10, 10 min HD $0.10"
