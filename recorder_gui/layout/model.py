"""Immutable values of the mixed-video layout: modes, regions, backgrounds and the layout itself.

Coordinates are fractions of the canvas (origin top-left) rounded to 6 decimals, as the wire
allows (docs/api-notes.md, "Composite layouts"). A ``Layout`` is a plain value:
``LayoutDocument`` keeps the invariants while editing, ``validation.problems`` explains what
is wrong with any layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import NamedTuple

from recorder_gui.api.layout_models import MAX_REGIONS

__all__ = [
    "DECIMALS",
    "DEFAULT_BACKGROUND_COLOR",
    "DEFAULT_CANVAS",
    "EPS",
    "MAX_CANVAS_PIXELS",
    "MAX_CANVAS_SIDE",
    "MAX_REGIONS",
    "MIN_SIZE",
    "Layout",
    "LayoutEditError",
    "LayoutError",
    "LayoutMode",
    "Rect",
    "Region",
    "RenderMode",
    "UserBackground",
    "round6",
]

DECIMALS = 6
#: Smallest width/height of a region, as a fraction of the canvas (a few pixels on any canvas).
MIN_SIZE = 0.01
#: Tolerance of the on-canvas check (x + width <= 1), as in the wire model.
EPS = 1e-9
#: transcodingConfig default canvas (docs/api-notes.md, "start"): 360 x 640.
DEFAULT_CANVAS = (360, 640)
#: Canvas limits: each side <= 1920 (CN) and width x height <= 1920 x 1080
#: (docs/api-notes.md, "start").
MAX_CANVAS_SIDE = 1920
MAX_CANVAS_PIXELS = 1920 * 1080
DEFAULT_BACKGROUND_COLOR = "#000000"


class LayoutError(Exception):
    """Base of the layout room's errors; the message is meant for the producer."""


class LayoutEditError(LayoutError, ValueError):
    """An edit was refused because it would break an invariant; the layout is unchanged."""


def round6(value: float) -> float:
    """``value`` rounded to the 6 decimals the wire keeps (and without a negative zero)."""
    return round(float(value), DECIMALS) + 0.0


class LayoutMode(IntEnum):
    """``mixedVideoLayout``: the value is the wire number."""

    FLOATING = 0
    BEST_FIT = 1
    VERTICAL = 2
    CUSTOM = 3

    @property
    def label(self) -> str:
        return {0: "floating", 1: "best fit", 2: "vertical", 3: "custom"}[self.value]

    @property
    def is_preset(self) -> bool:
        return self is not LayoutMode.CUSTOM


class RenderMode(IntEnum):
    """``render_mode``: 0 crops to fill the region (default), 1 fits with black bars."""

    CROP = 0
    FIT = 1


class Rect(NamedTuple):
    """x, y, width, height: fractions of the canvas or canvas pixels, as the caller uses it."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True, slots=True)
class Region:
    """One box of a custom layout; list position is the stacking order (later on top)."""

    uid: str | None
    x: float
    y: float
    width: float
    height: float
    alpha: float = 1.0
    render_mode: RenderMode = RenderMode.CROP

    def __post_init__(self) -> None:
        for name in ("x", "y", "width", "height", "alpha"):
            value = getattr(self, name)
            if math.isfinite(value):
                object.__setattr__(self, name, round6(value))
        object.__setattr__(self, "render_mode", RenderMode(self.render_mode))

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)

    def with_rect(self, x: float, y: float, width: float, height: float) -> Region:
        return replace(self, x=x, y=y, width=width, height=height)


@dataclass(frozen=True, slots=True)
class UserBackground:
    """A per-uid background image (``backgroundConfig`` entry)."""

    uid: str
    image_url: str
    render_mode: RenderMode = RenderMode.CROP


@dataclass(frozen=True, slots=True)
class Layout:
    """The complete layout state that one ``updateLayout`` call sends (a full replace)."""

    mode: LayoutMode = LayoutMode.FLOATING
    canvas_width: int = DEFAULT_CANVAS[0]
    canvas_height: int = DEFAULT_CANVAS[1]
    background_color: str = DEFAULT_BACKGROUND_COLOR
    background_image: str | None = None
    default_user_background_image: str | None = None
    user_backgrounds: tuple[UserBackground, ...] = ()
    max_resolution_uid: str | None = None
    regions: tuple[Region, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", LayoutMode(self.mode))
        object.__setattr__(self, "regions", tuple(self.regions))
        object.__setattr__(self, "user_backgrounds", tuple(self.user_backgrounds))

    @property
    def aspect(self) -> float:
        """Canvas width / height in pixels."""
        return self.canvas_width / self.canvas_height

    @property
    def uids(self) -> tuple[str, ...]:
        """The uids the regions name, in stacking order."""
        return tuple(r.uid for r in self.regions if r.uid is not None)

    def index_of_uid(self, uid: str) -> int | None:
        for index, region in enumerate(self.regions):
            if region.uid == uid:
                return index
        return None

    def user_background(self, uid: str) -> UserBackground | None:
        for background in self.user_backgrounds:
            if background.uid == uid:
                return background
        return None
