"""The billing tier of a moment of recording, why it is that tier, and what would lower it.

Video is billed by *aggregate resolution*: the pixels of every video input the recorder
subscribes to, added up (not the output canvas; the mode does not change it). A web page
recording is billed by its output size; a task that only takes screenshots has its own price.
See docs/cost.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .money import format_pixels
from .prices import Category

#: Upper bounds of the video tiers, in pixels (1280x720, 1920x1080, 2560x1440).
HD_MAX = 921_600
FULL_HD_MAX = 2_073_600
TWO_K_MAX = 3_686_400
_VIDEO_BANDS = (
    (HD_MAX, Category.HD),
    (FULL_HD_MAX, Category.FULL_HD),
    (TWO_K_MAX, Category.TWO_K),
)
_VIDEO_ORDER = (Category.AUDIO, Category.HD, Category.FULL_HD, Category.TWO_K, Category.TWO_K_PLUS)
#: Sizes suggested when each input could send less (16:9, largest first).
_SMALLER_SIZES = ((1920, 1080), (1280, 720), (960, 540), (640, 360), (480, 270), (320, 180))


@dataclass(frozen=True)
class Resolution:
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1:
            raise ValueError(f"a resolution is at least 1x1, not {self.width}x{self.height}")

    @property
    def pixels(self) -> int:
        return self.width * self.height

    def __str__(self) -> str:
        return f"{self.width}x{self.height}"

    @classmethod
    def parse(cls, text: str) -> Resolution:
        """``"1280x720"`` (also ``1280 × 720``); raises ValueError otherwise."""
        parts = text.lower().replace("×", "x").replace(" ", "").split("x")
        if len(parts) != 2 or not all(p.isdigit() and len(p) <= 5 for p in parts):
            raise ValueError(f"{text!r} is not a size like 1280x720")
        return cls(int(parts[0]), int(parts[1]))


HD_720 = Resolution(1280, 720)


def video_category(aggregate_pixels: int) -> Category:
    """The tier of an aggregate resolution; no video at all is billed as audio."""
    if aggregate_pixels <= 0:
        return Category.AUDIO
    for top, category in _VIDEO_BANDS:
        if aggregate_pixels <= top:
            return category
    return Category.TWO_K_PLUS


def web_category(output: Resolution) -> Category:
    """Web page recording by its output size. The pricing page names only HD and Full HD;
    the safe reading used here: HD up to 921,600 pixels (1280x720), Full HD above."""
    return Category.WEB_HD if output.pixels <= HD_MAX else Category.WEB_FULL_HD


def band(category: Category) -> str:
    """The pixels a category covers, in words."""
    return _BANDS[category]


_BANDS = {
    Category.AUDIO: "no video recorded",
    Category.HD: "up to 921,600 pixels",
    Category.FULL_HD: "921,601 to 2,073,600 pixels",
    Category.TWO_K: "2,073,601 to 3,686,400 pixels",
    Category.TWO_K_PLUS: "over 3,686,400 pixels",
    Category.WEB_HD: "page up to 921,600 pixels",
    Category.WEB_FULL_HD: "page over 921,600 pixels",
    Category.SCREENSHOTS: "screenshots without recording",
}


@dataclass(frozen=True)
class TierReading:
    """A category with the sentence saying why, and the one saying what would lower it."""

    category: Category
    pixels: int
    why: str
    lower: str
    lower_to: Category | None = None


def sum_text(inputs: Sequence[Resolution]) -> str:
    """``4 inputs of 1280x720`` when all are alike, else ``640x360 + 240x180 + 1280x720``."""
    if not inputs:
        return "no video input"
    if len(set(inputs)) == 1:
        n = len(inputs)
        return f"{n} input{'s' if n != 1 else ''} of {inputs[0]}"
    groups: dict[Resolution, int] = {}
    for size in inputs:
        groups[size] = groups.get(size, 0) + 1
    if len(inputs) <= 6:
        return " + ".join(str(s) for s in inputs)
    return " + ".join(f"{n} x {s}" if n > 1 else str(s) for s, n in groups.items())


def read_video(inputs: Sequence[Resolution]) -> TierReading:
    """The tier of recording these video inputs at once, with its why and how to lower it."""
    pixels = sum(s.pixels for s in inputs)
    category = video_category(pixels)
    if category is Category.AUDIO:
        return TierReading(
            category,
            0,
            "No video input is recorded: billed as audio.",
            "Audio is the lowest price.",
        )
    why = f"{sum_text(inputs)} = {format_pixels(pixels)} pixels: {category.label}"
    if category is Category.HD:
        return TierReading(
            category,
            pixels,
            why,
            "HD is the lowest video tier: only recording no video (audio only) costs less.",
        )
    target = _VIDEO_ORDER[_VIDEO_ORDER.index(category) - 1]
    return TierReading(category, pixels, why, _lower_video(inputs, target), target)


def _lower_video(inputs: Sequence[Resolution], target: Category) -> str:
    """Drop the largest inputs until the aggregate fits ``target``; say which, and (when all
    inputs are alike) the size each could send instead."""
    top = dict((c, t) for t, c in _VIDEO_BANDS)[target]
    largest_first = sorted(range(len(inputs)), key=lambda i: -inputs[i].pixels)
    total, gone = sum(s.pixels for s in inputs), set[int]()
    for i in largest_first:
        if total <= top:
            break
        gone.add(i)
        total -= inputs[i].pixels
    kept = [s for i, s in enumerate(inputs) if i not in gone]
    dropped = [s for i, s in enumerate(inputs) if i in gone]
    if kept:
        dropped_text = (
            sum_text(dropped)
            if len(set(dropped)) == 1
            else "the " + " and ".join(str(s) for s in dropped) + " inputs"
        )
        kept_pixels = format_pixels(sum(s.pixels for s in kept))
        sentence = (
            f"Not subscribing the video of {dropped_text} would bring it down to "
            f"{target.label} ({sum_text(kept)} = {kept_pixels} pixels)."
        )
    else:
        sentence = (
            f"Smaller inputs would bring it down to {target.label} (at most "
            f"{format_pixels(top)} pixels in all)."
        )
    if len(set(inputs)) == 1:
        smaller = next(
            (Resolution(w, h) for w, h in _SMALLER_SIZES if w * h * len(inputs) <= top), None
        )
        if smaller is not None and smaller.pixels < inputs[0].pixels:
            sentence += f" So would inputs sending {smaller} or less."
    return sentence


def read_web(output: Resolution) -> TierReading:
    category = web_category(output)
    why = f"Web page recorded at {output} = {format_pixels(output.pixels)} pixels: "
    why += category.label
    if category is Category.WEB_HD:
        return TierReading(category, output.pixels, why, "Web page HD is the lowest web price.")
    return TierReading(
        category,
        output.pixels,
        why,
        "Recording the page at 1280x720 or less (at most 921,600 pixels) would bill Web page HD.",
        Category.WEB_HD,
    )


def read_screenshots() -> TierReading:
    return TierReading(
        Category.SCREENSHOTS,
        0,
        "Screenshots without recording in the same task: billed as screenshots only.",
        "Screenshots are free in a task that also records; on their own they have one price.",
    )
