"""Built-in template shapes drawn for a canvas, and adaptation of a layout to another canvas.

Regions are fractions, so a layout stretches with its canvas; ``adapt_to_canvas`` keeps small
insets (a picture-in-picture window) the same shape in pixels instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .geometry import clamp_position
from .model import Layout, LayoutMode, Region

__all__ = ["BUILTIN_SHAPES", "adapt_to_canvas", "builtin_layout"]


def _anchor(start: float, size: float, new_size: float) -> float:
    centre = start + size / 2
    if abs(centre - 0.5) < 0.01:
        return centre - new_size / 2
    if centre > 0.5:
        return start + size - new_size  # keep the gap to the far edge
    return start


def adapt_to_canvas(layout: Layout, canvas_width: int, canvas_height: int) -> Layout:
    """``layout`` on another canvas: big regions stretch; insets keep their pixel shape.

    An inset (narrower and lower than half the canvas) keeps its pixel aspect ratio and its
    share of the canvas area, and stays by the edges it was near.
    """
    ratio = (canvas_width / canvas_height) / layout.aspect
    adapted = replace(layout, canvas_width=canvas_width, canvas_height=canvas_height)
    if abs(ratio - 1.0) < 1e-3:
        return adapted
    regions = []
    for r in layout.regions:
        if r.width >= 0.5 or r.height >= 0.5:
            regions.append(r)
            continue
        width, height = r.width / math.sqrt(ratio), r.height * math.sqrt(ratio)
        shrink = min(1.0, 0.5 / width, 0.5 / height)
        width, height = width * shrink, height * shrink
        x, y = _anchor(r.x, r.width, width), _anchor(r.y, r.height, height)
        regions.append(r.with_rect(*clamp_position(x, y, width, height)))
    return replace(adapted, regions=tuple(regions))


def _custom(canvas_width: int, canvas_height: int, rects: list[tuple[float, ...]]) -> Layout:
    regions = [Region(None, *clamp_position(x, y, w, h)) for x, y, w, h in rects]
    return Layout(
        mode=LayoutMode.CUSTOM,
        canvas_width=canvas_width,
        canvas_height=canvas_height,
        regions=tuple(regions),
    )


def _grid_2x2(width: int, height: int) -> list[tuple[float, ...]]:
    return [(0.5 * (i % 2), 0.5 * (i // 2), 0.5, 0.5) for i in range(4)]


def _picture_in_picture(width: int, height: int) -> list[tuple[float, ...]]:
    side, margin = 0.3 * min(width, height), 0.04 * min(width, height)  # a square inset, px
    w, h = side / width, side / height
    return [(0.0, 0.0, 1.0, 1.0), (1 - w - margin / width, 1 - h - margin / height, w, h)]


def _side_by_side(width: int, height: int) -> list[tuple[float, ...]]:
    # Two halves, full height unless that is taller than 3:4 in pixels (portrait canvases).
    h = min(1.0, (width / 2) * 4 / 3 / height)
    return [(0.0, (1 - h) / 2, 0.5, h), (0.5, (1 - h) / 2, 0.5, h)]


def _speaker_strip(width: int, height: int) -> list[tuple[float, ...]]:
    # Four tiles along the bottom, 16:9 on landscape canvases and 3:4 on portrait ones.
    tile_aspect = 16 / 9 if width >= height else 3 / 4
    strip = min(0.3, (width / 4) / tile_aspect / height)
    tiles = [(0.25 * i, 1 - strip, 0.25, strip) for i in range(4)]
    return [(0.0, 0.0, 1.0, 1 - strip), *tiles]


_Shape = Callable[[int, int], list[tuple[float, ...]]]
_BUILTINS: dict[str, _Shape] = {
    "grid 2x2": _grid_2x2,
    "picture in picture": _picture_in_picture,
    "side by side": _side_by_side,
    "speaker + strip": _speaker_strip,
}
BUILTIN_SHAPES: tuple[str, ...] = tuple(_BUILTINS)


def builtin_layout(name: str, canvas_width: int, canvas_height: int) -> Layout:
    """The custom layout of built-in ``name`` drawn for this canvas (regions without uids)."""
    return _custom(canvas_width, canvas_height, _BUILTINS[name](canvas_width, canvas_height))
