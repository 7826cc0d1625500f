"""The estimate for a planned recording: per hour and for its planned length.

It assumes every subscribed input sends video for the whole plan (minutes without video cost
less: they are billed as audio), so it is the most the plan costs at these prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .money import SIXTY, format_money, format_price
from .prices import Category, PriceTable
from .subscription import VideoSubscription
from .tiers import HD_720, Resolution, TierReading, read_screenshots, read_video, read_web

FREE_MINUTES_NOTE = (
    "The first 10,000 minutes each month are free across all Agora products; not deducted here."
)
EACH_RECORDER_NOTE = (
    "Each recorder is billed on its own: a backup recorder, or mix and individual of one "
    "channel, costs as much again."
)
MIX_NOTE = "The mix's output size does not change the tier: the inputs do."
VIDEO_ASSUMED_NOTE = (
    "Assumes every subscribed input sends video all the time; minutes without video are "
    "billed as audio, so the real cost can be lower."
)
WEB_NOTE = (
    "A web page recording is billed from start to stop, even past maxRecordingHour, until it "
    "is stopped."
)


class Kind(StrEnum):
    """What the recorder takes, as far as billing goes."""

    AUDIO_VIDEO = "audio_video"  #: mix, individual (and raw): by the inputs
    WEB = "web"  #: a web page: by its output size
    SCREENSHOTS = "screenshots"  #: screenshots without recording


def kind_of(mode: str, *, screenshots_only: bool = False) -> Kind:
    if mode == "web":
        return Kind.WEB
    return Kind.SCREENSHOTS if screenshots_only else Kind.AUDIO_VIDEO


@dataclass(frozen=True)
class Shape:
    """How one recorder is billed: its kind, its video subscription, the assumed size of
    each input, and (web) the page's output size."""

    kind: Kind
    subscription: VideoSubscription
    input_size: Resolution = HD_720
    web_size: Resolution = HD_720
    mix: bool = False

    def reading(self, video_inputs: int) -> TierReading:
        """The tier while ``video_inputs`` subscribed inputs send video."""
        if self.kind is Kind.WEB:
            return read_web(self.web_size)
        if self.kind is Kind.SCREENSHOTS:
            return read_screenshots()
        return read_video([self.input_size] * max(0, video_inputs))


@dataclass(frozen=True)
class PlanEstimate:
    reading: TierReading
    per_hour: Decimal
    total: Decimal
    planned_seconds: int
    price_per_thousand: Decimal
    saving: str  #: what the lower tier would cost ("" when nothing lowers it)
    notes: tuple[str, ...]
    source: str

    @property
    def per_hour_text(self) -> str:
        return format_money(self.per_hour)

    @property
    def total_text(self) -> str:
        return format_money(self.total)


def estimate_plan(
    shape: Shape, planned_seconds: int, video_inputs: int, prices: PriceTable
) -> PlanEstimate:
    """The cost of ``planned_seconds`` of recording with ``video_inputs`` inputs sending video."""
    reading = shape.reading(video_inputs)
    per_minute = prices.per_minute(reading.category)
    minutes = Decimal(max(0, planned_seconds)) / SIXTY
    saving = ""
    if reading.lower_to is not None:
        now, lower = (prices.per_thousand(c) for c in (reading.category, reading.lower_to))
        if lower < now:
            saving = (
                f"{reading.lower_to.label} costs {format_price(lower)} instead of "
                f"{format_price(now)} per 1,000 minutes "
                f"({format_money((now - lower) * 60 / 1000)} less per hour)."
            )
    notes: list[str] = []
    if shape.kind is Kind.AUDIO_VIDEO:
        if reading.category is not Category.AUDIO:
            notes.append(VIDEO_ASSUMED_NOTE)
        if shape.mix:
            notes.append(MIX_NOTE)
    elif shape.kind is Kind.WEB:
        notes.append(WEB_NOTE)
    notes += [EACH_RECORDER_NOTE, FREE_MINUTES_NOTE]
    return PlanEstimate(
        reading=reading,
        per_hour=per_minute * SIXTY,
        total=per_minute * minutes,
        planned_seconds=max(0, planned_seconds),
        price_per_thousand=prices.per_thousand(reading.category),
        saving=saving,
        notes=tuple(notes),
        source=prices.source(),
    )
