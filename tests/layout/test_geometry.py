"""Canvas geometry helpers: clamping, snapping to guides, handle resizing in pixels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.layout import Region
from recorder_gui.layout.geometry import (
    Handle,
    Rect,
    clamp_position,
    clamp_rect,
    resize_rect,
    snap_guides,
    snap_move,
    snap_resize,
    snap_value,
    to_fractions,
    to_pixels,
)
from recorder_gui.layout.model import MIN_SIZE

from .strategies import wild

finite = st.floats(min_value=-5, max_value=5, allow_nan=False)


def on_canvas(rect: Rect) -> bool:
    return (
        rect.x >= 0
        and rect.y >= 0
        and rect.width >= MIN_SIZE
        and rect.height >= MIN_SIZE
        and rect.right <= 1 + 1e-9
        and rect.bottom <= 1 + 1e-9
        and all(round(v, 6) == v for v in rect)
    )


@given(finite, finite, finite, finite)
def test_clamps_always_land_on_canvas(x: float, y: float, w: float, h: float) -> None:
    assert on_canvas(clamp_position(x, y, w, h))
    assert on_canvas(clamp_rect(x, y, w, h))


def test_clamp_semantics() -> None:
    assert clamp_position(0.9, 0.9, 0.3, 0.2) == (0.7, 0.8, 0.3, 0.2)
    assert clamp_rect(0.9, -0.1, 0.3, 0.2) == (0.9, 0.0, 0.1, 0.1)
    with pytest.raises(ValueError, match="finite"):
        clamp_rect(float("nan"), 0, 1, 1)


def test_pixels_and_fractions() -> None:
    region = Region(None, 0.25, 0.5, 0.5, 0.25)
    px = to_pixels(region, 640, 360)
    assert px == (160, 180, 320, 90) and px.right == 480 and px.bottom == 270
    assert to_fractions(px, 640, 360) == region.rect


def test_snap_guides_and_values() -> None:
    guides = snap_guides(600, 300, [Region(None, 0.1, 0.1, 0.2, 0.2)])
    assert guides.xs == (0.0, 60.0, 180.0, 200.0, 300.0, 400.0, 600.0)
    assert guides.ys == (0.0, 30.0, 90.0, 100.0, 150.0, 200.0, 300.0)
    assert snap_value(196, guides.xs, 5) == 200
    assert snap_value(190, guides.xs, 5) is None


def test_snap_move_picks_nearest_edge_or_centre() -> None:
    guides = snap_guides(600, 300)
    snapped = snap_move(Rect(3, 97, 50, 50), guides)
    assert snapped.rect == (0, 100, 50, 50) and snapped.x_guide == 0 and snapped.y_guide == 100
    snapped = snap_move(Rect(273, 40, 50, 20), guides)
    assert snapped.rect.x == 275 and snapped.x_guide == 300  # the centre snapped
    assert snap_move(Rect(20, 40, 50, 20), guides, tolerance=1).rect == (20, 40, 50, 20)


def test_snap_resize_moves_only_the_dragged_edges() -> None:
    guides = snap_guides(600, 300)
    snapped = snap_resize(Rect(10, 10, 193, 87), Handle.BOTTOM_RIGHT, guides)
    assert snapped.rect == (10, 10, 190, 90)
    snapped = snap_resize(Rect(3, 3, 100, 100), Handle.RIGHT, guides)
    assert snapped.rect == (3, 3, 100, 100) and snapped.x_guide is None


def test_resize_rect_free_and_clamped() -> None:
    rect = Rect(100, 100, 200, 100)
    assert resize_rect(rect, Handle.BOTTOM_RIGHT, 400, 150, 640, 360) == (100, 100, 300, 50)
    assert resize_rect(rect, Handle.TOP_LEFT, -50, -50, 640, 360) == (0, 0, 300, 200)
    tiny = resize_rect(rect, Handle.LEFT, 10_000, 0, 640, 360)
    assert tiny.right == 300 and tiny.width == pytest.approx(6.4)


def test_resize_rect_keeps_aspect_and_canvas() -> None:
    rect = Rect(100, 100, 160, 90)
    grown = resize_rect(rect, Handle.BOTTOM_RIGHT, 620, 150, 640, 360, keep_aspect=True)
    assert grown.x == 100 and grown.y == 100
    assert grown.width / grown.height == pytest.approx(16 / 9)
    assert grown.right <= 640 and grown.bottom <= 360
    assert grown.bottom == pytest.approx(360)  # the canvas stopped it
    edge = resize_rect(rect, Handle.RIGHT, 340, 0, 640, 360, keep_aspect=True)
    assert edge.width == pytest.approx(240) and edge.height == pytest.approx(135)
    assert edge.y + edge.height / 2 == pytest.approx(145)  # grew about its centre
    top_left = resize_rect(rect, Handle.TOP_LEFT, 0, 0, 640, 360, keep_aspect=True)
    assert top_left.right == 260 and top_left.bottom == 190
    assert top_left.x >= 0 and top_left.y >= 0


@given(
    st.sampled_from(Handle),
    st.floats(min_value=-1000, max_value=2000),
    st.floats(min_value=-1000, max_value=2000),
    st.booleans(),
)
def test_resize_rect_stays_on_canvas(handle: Handle, px: float, py: float, keep: bool) -> None:
    rect = Rect(200, 100, 160, 90)
    out = resize_rect(rect, handle, px, py, 640, 360, keep_aspect=keep)
    assert out.x >= -1e-9 and out.y >= -1e-9
    assert out.right <= 640 + 1e-6 and out.bottom <= 360 + 1e-6
    assert out.width > 0 and out.height > 0
    if keep:
        assert out.width / out.height == pytest.approx(16 / 9)


@given(wild)
def test_resize_rect_refuses_non_finite(value: float) -> None:
    if value == value and abs(value) != float("inf"):
        return
    with pytest.raises(ValueError, match="finite"):
        resize_rect(Rect(0, 0, 10, 10), Handle.RIGHT, value, 0, 100, 100)
