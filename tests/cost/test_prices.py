"""The price table and money: list prices by default, contract overrides, ``$0.36``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recorder_gui.cost import (
    LIST,
    LIST_PRICES,
    Category,
    PriceTable,
    format_minutes,
    format_money,
    format_price,
    price_problem,
)


def test_the_list_prices_are_the_public_ones() -> None:
    assert {c.value: str(v) for c, v in LIST_PRICES.items()} == {
        "audio": "1.49",
        "hd": "5.99",
        "full_hd": "13.49",
        "2k": "23.99",
        "2k_plus": "53.99",
        "web_hd": "14",
        "web_full_hd": "28",
        "screenshots": "2.49",
    }
    assert LIST.is_list
    assert LIST.source() == "list prices"


def test_a_contract_price_overrides_its_category_only() -> None:
    table = PriceTable({Category.HD: Decimal("4.50")})
    assert table.per_thousand(Category.HD) == Decimal("4.50")
    assert table.per_thousand(Category.AUDIO) == Decimal("1.49")
    assert table.contract == {Category.HD}
    assert table.source() == "contract prices for HD; list prices for the rest"
    every = PriceTable(dict.fromkeys(Category, Decimal(1)))
    assert every.source() == "contract prices"


def test_an_override_equal_to_the_list_price_is_no_contract() -> None:
    assert PriceTable({Category.HD: Decimal("5.99")}).is_list


@pytest.mark.parametrize("value", ["-0.01", "100001", "NaN", "Infinity", "0.00001"])
def test_a_bad_price_is_refused(value: str) -> None:
    assert price_problem(Decimal(value)) is not None
    with pytest.raises(ValueError, match="HD"):
        PriceTable({Category.HD: Decimal(value)})


def test_per_minute_is_exact() -> None:
    assert LIST.per_minute(Category.HD) == Decimal("0.00599")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0", "$0.00"),
        ("0.3594", "$0.36"),
        ("0.005", "$0.01"),
        ("0.004", "<$0.01"),
        ("1234.5", "$1,234.50"),
        ("-2", "-$2.00"),
    ],
)
def test_money_reads_like_money(amount: str, text: str) -> None:
    assert format_money(Decimal(amount)) == text


def test_prices_read_like_the_pricing_page() -> None:
    assert [format_price(LIST_PRICES[c]) for c in (Category.HD, Category.WEB_HD)] == [
        "$5.99",
        "$14",
    ]
    assert format_price(Decimal("0.5")) == "$0.50"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [("0", "0 min"), ("0.2", "under 1 min"), ("42", "42 min"), ("65", "1 h 05 min")],
)
def test_minutes_read_as_a_length(minutes: str, text: str) -> None:
    assert format_minutes(Decimal(minutes)) == text
