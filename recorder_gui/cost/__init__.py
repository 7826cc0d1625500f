"""The cost estimate: prices, billing tiers, a planned recording's cost and a running one.

Qt-free and store-free: the caller names the price file and feeds the observations. The
billing rules and their sources: docs/cost.md.
"""

from .estimate import (
    EACH_RECORDER_NOTE,
    FREE_MINUTES_NOTE,
    Kind,
    PlanEstimate,
    Shape,
    estimate_plan,
    kind_of,
)
from .money import format_minutes, format_money, format_price
from .price_file import (
    FILE_NAME,
    PriceFileError,
    PriceFileProblem,
    PriceLoad,
    load_prices,
    save_prices,
)
from .prices import LIST, LIST_PRICES, PRICING_URL, Category, PriceTable, price_problem
from .running import CostLine, MinuteLedger, RunningCost, running_cost
from .subscription import Reach, VideoSubscription
from .tiers import (
    FULL_HD_MAX,
    HD_720,
    HD_MAX,
    TWO_K_MAX,
    Resolution,
    TierReading,
    read_screenshots,
    read_video,
    read_web,
    video_category,
    web_category,
)

__all__ = [
    "EACH_RECORDER_NOTE",
    "FILE_NAME",
    "FREE_MINUTES_NOTE",
    "FULL_HD_MAX",
    "HD_720",
    "HD_MAX",
    "LIST",
    "LIST_PRICES",
    "PRICING_URL",
    "TWO_K_MAX",
    "Category",
    "CostLine",
    "Kind",
    "MinuteLedger",
    "PlanEstimate",
    "PriceFileError",
    "PriceFileProblem",
    "PriceLoad",
    "PriceTable",
    "Reach",
    "Resolution",
    "RunningCost",
    "Shape",
    "TierReading",
    "VideoSubscription",
    "estimate_plan",
    "format_minutes",
    "format_money",
    "format_price",
    "kind_of",
    "load_prices",
    "price_problem",
    "read_screenshots",
    "read_video",
    "read_web",
    "running_cost",
    "save_prices",
    "video_category",
    "web_category",
]
