"""Money and the price table at their edges: rounding half up, the largest and most precise
price accepted, the exact words for a refused one, a table that cannot change under the panel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recorder_gui.cost import Category, PriceTable, format_minutes, format_money, price_problem
from recorder_gui.cost.money import minutes_of
from recorder_gui.cost.prices import MAX_PRICE


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        ("0.49", "under 1 min"),
        ("0.5", "1 min"),  # half up, not to even
        ("2.5", "3 min"),
        ("59.5", "1 h 00 min"),
        ("-0.3", "0 min"),
        ("600", "10 h 00 min"),
    ],
)
def test_minutes_round_half_up(minutes: str, text: str) -> None:
    assert format_minutes(Decimal(minutes)) == text


def test_seconds_become_minutes_exactly_and_never_negative() -> None:
    assert minutes_of(0) == 0
    assert minutes_of(-30) == 0
    assert minutes_of(30) == Decimal("0.5")
    assert minutes_of(0.6) == Decimal("0.01")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0.00499", "<$0.01"),
        ("0.015", "$0.02"),  # half up
        ("0.025", "$0.03"),
        ("-0.004", "-<$0.01"),
        ("1234567.891", "$1,234,567.89"),
    ],
)
def test_money_rounds_half_up_to_the_cent(amount: str, text: str) -> None:
    assert format_money(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("NaN", "is not a number"),
        ("-Infinity", "is not a number"),
        ("-0.0001", "is negative; a price is 0 or more"),
        ("100000.0001", "is over 100,000 per 1,000 minutes; check the decimal point"),
        ("0.00001", "has more than 4 decimals"),
        ("1.23456", "has more than 4 decimals"),
    ],
)
def test_a_refused_price_says_why_in_words(value: str, problem: str) -> None:
    assert price_problem(Decimal(value)) == problem


@pytest.mark.parametrize("value", ["0", "0.0001", "100000", "100000.0000", "5.99"])
def test_the_edges_of_a_price_are_accepted(value: str) -> None:
    assert price_problem(Decimal(value)) is None
    assert PriceTable({Category.HD: Decimal(value)}).per_thousand(Category.HD) == Decimal(value)
    assert Decimal(value) <= MAX_PRICE


def test_a_refused_override_names_its_category_value_and_problem() -> None:
    with pytest.raises(ValueError, match="^Full HD: ") as caught:
        PriceTable({Category.FULL_HD: Decimal("-1")})
    assert str(caught.value) == "Full HD: -1 is negative; a price is 0 or more"


def test_the_table_does_not_change_when_its_dict_does() -> None:
    prices = {Category.HD: Decimal("4")}
    table = PriceTable(prices)
    prices[Category.HD] = Decimal("9")
    prices[Category.AUDIO] = Decimal("0")
    assert table.per_thousand(Category.HD) == Decimal("4")
    assert table.per_thousand(Category.AUDIO) == Decimal("1.49")
    with pytest.raises(TypeError):
        table.overrides[Category.HD] = Decimal("1")  # type: ignore[index]


def test_the_source_names_the_contract_categories_in_order() -> None:
    table = PriceTable({Category.SCREENSHOTS: Decimal(1), Category.HD: Decimal(1),
                        Category.FULL_HD: Decimal("13.49")})  # fmt: skip
    assert table.contract == {Category.SCREENSHOTS, Category.HD}
    assert table.source() == ("contract prices for HD, Screenshots only; list prices for the rest")
