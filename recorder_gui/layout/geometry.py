"""Rectangle helpers for the canvas: clamping to the canvas, snapping and handle resizing.

Fractions (0..1, as regions store them) are clamped here for the model; the canvas works in
canvas pixels (the transcoding width x height), snaps to guides within a pixel tolerance and
resizes with handles, optionally keeping the aspect ratio in pixels.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

from .model import EPS, MIN_SIZE, Rect, Region, round6

__all__ = [
    "DEFAULT_SNAP_TOLERANCE",
    "Handle",
    "Rect",
    "SnapGuides",
    "Snapped",
    "clamp_position",
    "clamp_rect",
    "resize_rect",
    "snap_guides",
    "snap_move",
    "snap_resize",
    "snap_value",
    "to_fractions",
    "to_pixels",
]

#: Default snapping distance, in canvas pixels.
DEFAULT_SNAP_TOLERANCE = 6.0


class Handle(StrEnum):
    """A resize handle of a box on the canvas."""

    TOP_LEFT = "top_left"
    TOP = "top"
    TOP_RIGHT = "top_right"
    RIGHT = "right"
    BOTTOM_RIGHT = "bottom_right"
    BOTTOM = "bottom"
    BOTTOM_LEFT = "bottom_left"
    LEFT = "left"

    @property
    def moves_left(self) -> bool:
        return self in (Handle.TOP_LEFT, Handle.LEFT, Handle.BOTTOM_LEFT)

    @property
    def moves_right(self) -> bool:
        return self in (Handle.TOP_RIGHT, Handle.RIGHT, Handle.BOTTOM_RIGHT)

    @property
    def moves_top(self) -> bool:
        return self in (Handle.TOP_LEFT, Handle.TOP, Handle.TOP_RIGHT)

    @property
    def moves_bottom(self) -> bool:
        return self in (Handle.BOTTOM_LEFT, Handle.BOTTOM, Handle.BOTTOM_RIGHT)


def _fit_axis(start: float, size: float, min_size: float) -> tuple[float, float]:
    size = round6(min(max(size, min_size), 1.0))
    start = round6(min(max(start, 0.0), 1.0 - size))
    if start + size > 1.0 + EPS:
        start = round6(1.0 - size)
    return start, size


def clamp_position(
    x: float, y: float, width: float, height: float, min_size: float = MIN_SIZE
) -> Rect:
    """Fractions kept on the canvas by moving the box (its size kept, within min_size..1)."""
    _finite(x, y, width, height)
    x, width = _fit_axis(x, width, min_size)
    y, height = _fit_axis(y, height, min_size)
    return Rect(x, y, width, height)


def clamp_rect(x: float, y: float, width: float, height: float, min_size: float = MIN_SIZE) -> Rect:
    """Fractions kept on the canvas by cutting off what lies outside it, then growing to min."""
    _finite(x, y, width, height)
    left, right = max(x, 0.0), min(x + width, 1.0)
    top, bottom = max(y, 0.0), min(y + height, 1.0)
    left, right = min(left, 1.0 - min_size), max(right, 0.0)
    top, bottom = min(top, 1.0 - min_size), max(bottom, 0.0)
    x, width = _fit_axis(left, right - left, min_size)
    y, height = _fit_axis(top, bottom - top, min_size)
    return Rect(x, y, width, height)


def _finite(*values: float) -> None:
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise ValueError("coordinates must be finite numbers")


def to_pixels(rect: Rect | Region, canvas_width: int, canvas_height: int) -> Rect:
    """A fraction rectangle (or a region's) in canvas pixels."""
    return Rect(
        rect.x * canvas_width,
        rect.y * canvas_height,
        rect.width * canvas_width,
        rect.height * canvas_height,
    )


def to_fractions(rect: Rect, canvas_width: int, canvas_height: int) -> Rect:
    """A canvas-pixel rectangle in fractions, rounded to 6 decimals (not clamped)."""
    return Rect(
        round6(rect.x / canvas_width),
        round6(rect.y / canvas_height),
        round6(rect.width / canvas_width),
        round6(rect.height / canvas_height),
    )


class SnapGuides(NamedTuple):
    """Vertical (xs) and horizontal (ys) lines to snap to, in canvas pixels."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]


class Snapped(NamedTuple):
    """A snapped rectangle and the guide lines it snapped to (None: not snapped on that axis)."""

    rect: Rect
    x_guide: float | None
    y_guide: float | None


def snap_guides(canvas_width: int, canvas_height: int, others: Iterable[Region] = ()) -> SnapGuides:
    """Canvas edges, thirds and centre lines, and the edges of ``others``, in pixels."""
    xs = {0.0, canvas_width / 3, canvas_width / 2, 2 * canvas_width / 3, float(canvas_width)}
    ys = {0.0, canvas_height / 3, canvas_height / 2, 2 * canvas_height / 3, float(canvas_height)}
    for region in others:
        px = to_pixels(region, canvas_width, canvas_height)
        xs.update((px.x, px.right))
        ys.update((px.y, px.bottom))
    return SnapGuides(tuple(sorted(xs)), tuple(sorted(ys)))


def snap_value(
    value: float, candidates: Sequence[float], tolerance: float = DEFAULT_SNAP_TOLERANCE
) -> float | None:
    """The candidate nearest ``value`` within ``tolerance``; None if none is that close."""
    best: float | None = None
    for candidate in candidates:
        distance = abs(candidate - value)
        if distance <= tolerance and (best is None or distance < abs(best - value)):
            best = candidate
    return best


def _best_shift(
    edges: Sequence[float], candidates: Sequence[float], tolerance: float
) -> tuple[float, float | None]:
    best: tuple[float, float | None] = (0.0, None)
    for edge in edges:
        guide = snap_value(edge, candidates, tolerance)
        if guide is not None and (best[1] is None or abs(guide - edge) < abs(best[0])):
            best = (guide - edge, guide)
    return best


def snap_move(rect: Rect, guides: SnapGuides, tolerance: float = DEFAULT_SNAP_TOLERANCE) -> Snapped:
    """``rect`` (pixels) shifted so its nearest edge or centre lies on a guide, per axis."""
    dx, gx = _best_shift((rect.x, rect.x + rect.width / 2, rect.right), guides.xs, tolerance)
    dy, gy = _best_shift((rect.y, rect.y + rect.height / 2, rect.bottom), guides.ys, tolerance)
    return Snapped(Rect(rect.x + dx, rect.y + dy, rect.width, rect.height), gx, gy)


def snap_resize(
    rect: Rect, handle: Handle, guides: SnapGuides, tolerance: float = DEFAULT_SNAP_TOLERANCE
) -> Snapped:
    """``rect`` (pixels) with the edges ``handle`` moves snapped to guides; the others stay."""
    left, top, right, bottom = rect.x, rect.y, rect.right, rect.bottom
    gx = gy = None
    if handle.moves_left and (gx := snap_value(left, guides.xs, tolerance)) is not None:
        left = gx
    if handle.moves_right and (gx := snap_value(right, guides.xs, tolerance)) is not None:
        right = gx
    if handle.moves_top and (gy := snap_value(top, guides.ys, tolerance)) is not None:
        top = gy
    if handle.moves_bottom and (gy := snap_value(bottom, guides.ys, tolerance)) is not None:
        bottom = gy
    if right - left <= 0 or bottom - top <= 0:
        return Snapped(rect, None, None)
    return Snapped(Rect(left, top, right - left, bottom - top), gx, gy)


def _axis_room(anchor: str, low: float, high: float, limit: float) -> float:
    if anchor == "low":
        return limit - low
    if anchor == "high":
        return high
    centre = (low + high) / 2
    return 2 * min(centre, limit - centre)


def _place(anchor: str, low: float, high: float, size: float) -> float:
    if anchor == "low":
        return low
    if anchor == "high":
        return high - size
    return (low + high) / 2 - size / 2


def resize_rect(
    rect: Rect,
    handle: Handle,
    pointer_x: float,
    pointer_y: float,
    canvas_width: int,
    canvas_height: int,
    keep_aspect: bool = False,
    min_size: float = MIN_SIZE,
) -> Rect:
    """``rect`` (pixels) after dragging ``handle`` to the pointer, kept on the canvas.

    The opposite edge stays put; with ``keep_aspect`` the pixel aspect ratio of ``rect`` is
    kept (an edge handle grows the other side about its centre). ``min_size`` is a fraction.
    """
    _finite(pointer_x, pointer_y, *rect)
    min_w, min_h = min_size * canvas_width, min_size * canvas_height
    left, top, right, bottom = rect.x, rect.y, rect.right, rect.bottom
    if handle.moves_left:
        left = min(max(pointer_x, 0.0), right - min_w)
    if handle.moves_right:
        right = max(min(pointer_x, float(canvas_width)), left + min_w)
    if handle.moves_top:
        top = min(max(pointer_y, 0.0), bottom - min_h)
    if handle.moves_bottom:
        bottom = max(min(pointer_y, float(canvas_height)), top + min_h)
    width, height = right - left, bottom - top
    if not keep_aspect or rect.width <= 0 or rect.height <= 0:
        return Rect(left, top, width, height)
    aspect = rect.width / rect.height
    horizontal = handle.moves_left or handle.moves_right
    vertical = handle.moves_top or handle.moves_bottom
    if horizontal and (not vertical or width / aspect >= height):
        height = width / aspect
    else:
        width = height * aspect
    x_anchor = "high" if handle.moves_left else "low" if handle.moves_right else "centre"
    y_anchor = "high" if handle.moves_top else "low" if handle.moves_bottom else "centre"
    ox, oy, oright, obottom = rect.x, rect.y, rect.right, rect.bottom
    room_w = _axis_room(x_anchor, ox, oright, canvas_width)
    room_h = _axis_room(y_anchor, oy, obottom, canvas_height)
    grow = max(1.0, min_w / width, min_h / height)  # the minimum size first, then the canvas
    width, height = width * grow, height * grow
    fit = min(1.0, room_w / width, room_h / height)
    width, height = width * fit, height * fit
    return Rect(
        _place(x_anchor, ox, oright, width), _place(y_anchor, oy, obottom, height), width, height
    )
