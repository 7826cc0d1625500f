"""A planned recording's estimate: per hour, for its length, by mode and subscription."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.cost import (
    FREE_MINUTES_NOTE,
    LIST,
    Category,
    Kind,
    PriceTable,
    Reach,
    Resolution,
    Shape,
    VideoSubscription,
    estimate_plan,
    kind_of,
)

EVERYONE = VideoSubscription(Reach.EVERYONE)
HOUR = 3600


def av(**kwargs: object) -> Shape:
    return Shape(Kind.AUDIO_VIDEO, EVERYONE, **kwargs)  # type: ignore[arg-type]


def test_one_720p_input_for_an_hour_costs_36_cents() -> None:
    estimate = estimate_plan(av(), HOUR, 1, LIST)
    assert estimate.reading.category is Category.HD
    assert estimate.per_hour == Decimal("0.3594")
    assert (estimate.per_hour_text, estimate.total_text) == ("$0.36", "$0.36")


def test_four_720p_inputs_for_four_hours_are_2k() -> None:
    estimate = estimate_plan(av(mix=True), 4 * HOUR, 4, LIST)
    assert estimate.reading.category is Category.TWO_K
    assert estimate.total == Decimal("23.99") * 240 / 1000
    assert estimate.total_text == "$5.76"
    assert "Full HD costs $13.49 instead of $23.99" in estimate.saving
    assert any("output size" in n for n in estimate.notes)  # the mix's size does not matter


def test_the_free_minutes_are_a_note_not_a_deduction() -> None:
    estimate = estimate_plan(av(), 10 * HOUR, 1, LIST)
    assert FREE_MINUTES_NOTE in estimate.notes
    assert estimate.total == Decimal("0.00599") * 600


def test_no_video_input_is_audio() -> None:
    estimate = estimate_plan(av(), HOUR, 0, LIST)
    assert estimate.reading.category is Category.AUDIO
    assert estimate.per_hour == Decimal("1.49") * 60 / 1000


def test_audio_only_subscription_is_audio_whatever_the_guess() -> None:
    shape = Shape(Kind.AUDIO_VIDEO, VideoSubscription.of_lists(stream_types=0))
    inputs = shape.subscription.planned_inputs(everyone=9)
    assert estimate_plan(shape, HOUR, inputs, LIST).reading.category is Category.AUDIO


def test_web_is_billed_by_its_page_size_not_its_inputs() -> None:
    shape = Shape(kind_of("web"), EVERYONE, web_size=Resolution(1920, 1080))
    estimate = estimate_plan(shape, HOUR, 7, LIST)
    assert estimate.reading.category is Category.WEB_FULL_HD
    assert estimate.per_hour == Decimal("1.68")
    assert any("maxRecordingHour" in n for n in estimate.notes)
    hd = estimate_plan(Shape(Kind.WEB, EVERYONE), HOUR, 7, LIST)
    assert hd.reading.category is Category.WEB_HD
    assert hd.per_hour == Decimal("0.84")


def test_screenshots_only_have_their_price() -> None:
    shape = Shape(kind_of("individual", screenshots_only=True), EVERYONE)
    estimate = estimate_plan(shape, HOUR, 3, LIST)
    assert estimate.reading.category is Category.SCREENSHOTS
    assert estimate.per_hour == Decimal("2.49") * 60 / 1000


def test_contract_prices_are_used_and_named() -> None:
    prices = PriceTable({Category.HD: Decimal("3")})
    estimate = estimate_plan(av(), HOUR, 1, prices)
    assert estimate.per_hour == Decimal("0.18")
    assert estimate.source.startswith("contract prices")


def test_no_saving_offered_when_the_contract_makes_the_lower_tier_dearer() -> None:
    prices = PriceTable({Category.FULL_HD: Decimal("30")})
    estimate = estimate_plan(av(), HOUR, 4, prices)
    assert estimate.reading.lower_to is Category.FULL_HD
    assert estimate.saving == ""


@pytest.mark.parametrize("mode", ["mix", "individual", "raw"])
def test_the_mode_does_not_change_the_tier(mode: str) -> None:
    shape = Shape(kind_of(mode), EVERYONE, mix=mode == "mix")
    assert estimate_plan(shape, HOUR, 3, LIST).reading.category is Category.TWO_K


@given(
    st.integers(min_value=0, max_value=720 * HOUR),
    st.integers(min_value=0, max_value=720 * HOUR),
    st.integers(min_value=0, max_value=30),
)
def test_a_longer_plan_never_costs_less(a: int, b: int, inputs: int) -> None:
    short, long_ = sorted((a, b))
    assert estimate_plan(av(), short, inputs, LIST).total <= (
        estimate_plan(av(), long_, inputs, LIST).total
    )


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_more_inputs_never_cost_less_at_list_prices(a: int, b: int) -> None:
    few, many = sorted((a, b))
    assert estimate_plan(av(), HOUR, few, LIST).per_hour <= (
        estimate_plan(av(), HOUR, many, LIST).per_hour
    )


@given(st.integers(min_value=0, max_value=720 * HOUR), st.integers(min_value=0, max_value=30))
def test_the_total_is_the_hourly_rate_times_the_hours(seconds: int, inputs: int) -> None:
    estimate = estimate_plan(av(), seconds, inputs, LIST)
    assert abs(estimate.total - estimate.per_hour * Decimal(seconds) / HOUR) < Decimal("1e-20")
