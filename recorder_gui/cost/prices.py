"""The price table: what one minute of each billing category costs (US$ per 1,000 minutes).

Defaults are Agora's public list prices for Cloud Recording (https://www.agora.io/en/pricing/,
2026; docs/cost.md). A producer with a contract overrides some or all of them
(:mod:`.price_file` keeps the override); a category without an override keeps its list price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from .money import THOUSAND

#: Where the list prices come from (shown beside them).
PRICING_URL = "https://www.agora.io/en/pricing/"
#: The largest price accepted per 1,000 minutes: anything above is a typing slip.
MAX_PRICE = Decimal(100_000)


class Category(StrEnum):
    """How a minute is billed. The values are the keys of the price file."""

    AUDIO = "audio"
    HD = "hd"
    FULL_HD = "full_hd"
    TWO_K = "2k"
    TWO_K_PLUS = "2k_plus"
    WEB_HD = "web_hd"
    WEB_FULL_HD = "web_full_hd"
    SCREENSHOTS = "screenshots"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Category.AUDIO: "Audio",
    Category.HD: "HD",
    Category.FULL_HD: "Full HD",
    Category.TWO_K: "2K",
    Category.TWO_K_PLUS: "2K+",
    Category.WEB_HD: "Web page HD",
    Category.WEB_FULL_HD: "Web page Full HD",
    Category.SCREENSHOTS: "Screenshots only",
}

#: The public list prices, US$ per 1,000 minutes.
LIST_PRICES: Mapping[Category, Decimal] = MappingProxyType(
    {
        Category.AUDIO: Decimal("1.49"),
        Category.HD: Decimal("5.99"),
        Category.FULL_HD: Decimal("13.49"),
        Category.TWO_K: Decimal("23.99"),
        Category.TWO_K_PLUS: Decimal("53.99"),
        Category.WEB_HD: Decimal("14"),
        Category.WEB_FULL_HD: Decimal("28"),
        Category.SCREENSHOTS: Decimal("2.49"),
    }
)


def price_problem(value: Decimal) -> str | None:
    """Why ``value`` cannot be a price per 1,000 minutes (None when it can)."""
    if not value.is_finite():
        return "is not a number"
    if value < 0:
        return "is negative; a price is 0 or more"
    if value > MAX_PRICE:
        return f"is over {MAX_PRICE:,} per 1,000 minutes; check the decimal point"
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        return "has more than 4 decimals"
    return None


@dataclass(frozen=True, eq=True)
class PriceTable:
    """Every category's price per 1,000 minutes; ``contract`` names the overridden ones."""

    overrides: Mapping[Category, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for category, value in self.overrides.items():
            problem = price_problem(value)
            if problem is not None:
                raise ValueError(f"{category.label}: {value} {problem}")
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))

    @property
    def contract(self) -> frozenset[Category]:
        """The categories priced by contract (the rest at list price)."""
        return frozenset(c for c, v in self.overrides.items() if v != LIST_PRICES[c])

    @property
    def is_list(self) -> bool:
        return not self.contract

    def per_thousand(self, category: Category) -> Decimal:
        return self.overrides.get(category, LIST_PRICES[category])

    def per_minute(self, category: Category) -> Decimal:
        return self.per_thousand(category) / THOUSAND

    def source(self) -> str:
        """Which prices the numbers use, in a few words."""
        if self.is_list:
            return "list prices"
        if self.contract == frozenset(Category):
            return "contract prices"
        named = ", ".join(c.label for c in Category if c in self.contract)
        return f"contract prices for {named}; list prices for the rest"


LIST = PriceTable()
