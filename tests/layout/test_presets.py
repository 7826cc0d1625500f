"""Preset geometry against the documented numbers (docs/api-notes.md, "Composite layouts")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.layout import Layout, LayoutDocument, LayoutMode, preset_hint, preset_regions
from recorder_gui.layout.validation import problems

USERS = [str(1001 + i) for i in range(20)]


def rects(mode: LayoutMode, count: int, large: str | None = None) -> list[tuple[float, ...]]:
    return [r.rect for r in preset_regions(mode, USERS[:count], large)]


def test_floating_first_user_fills_then_tiles_from_bottom_left() -> None:
    got = rects(LayoutMode.FLOATING, 17)
    assert got[0] == (0.0, 0.0, 1.0, 1.0)
    xs, ys = [0.012, 0.259, 0.506, 0.753], [0.753, 0.506, 0.259, 0.012]
    for n in range(2, 18):
        i = n - 2
        assert got[n - 1] == (xs[i % 4], ys[i // 4], 0.235, 0.235)
    assert pytest.approx(1.0) == 4 * 0.235 + 5 * 0.012


def test_best_fit_buckets() -> None:
    assert rects(LayoutMode.BEST_FIT, 1) == [(0.0, 0.0, 1.0, 1.0)]
    assert rects(LayoutMode.BEST_FIT, 2) == [(0.0, 0.0, 0.5, 1.0), (0.5, 0.0, 0.5, 1.0)]
    three = rects(LayoutMode.BEST_FIT, 3)
    assert three == [(0.0, 0.0, 0.5, 0.5), (0.5, 0.0, 0.5, 0.5), (0.0, 0.5, 0.5, 0.5)]
    five = rects(LayoutMode.BEST_FIT, 5)
    assert five[4] == (0.333333, 0.333333, 0.333333, 0.333333)
    nine = rects(LayoutMode.BEST_FIT, 9)
    assert nine[8] == (0.666667, 0.666667, 0.333333, 0.333333)
    sixteen = rects(LayoutMode.BEST_FIT, 16)
    assert sixteen[15] == (0.75, 0.75, 0.25, 0.25) and sixteen[1] == (0.25, 0.0, 0.25, 0.25)


def test_best_fit_seventeen_special_case() -> None:
    got = rects(LayoutMode.BEST_FIT, 17)
    for n in range(16):
        assert got[n] == ([0.1, 0.3, 0.5, 0.7][n % 4], [0.0, 0.2, 0.4, 0.6][n // 4], 0.2, 0.2)
    assert got[16] == (0.4, 0.8, 0.2, 0.2)


@pytest.mark.parametrize(
    ("count", "large_w", "small"),
    [
        (1, 0.8, (0.2, 0.25)),
        (5, 0.8, (0.2, 0.25)),
        (6, 0.857143, (0.142857, 0.166667)),
        (7, 0.857143, (0.142857, 0.166667)),
        (8, 0.888889, (0.111111, 0.125)),
        (9, 0.888889, (0.111111, 0.125)),
        (10, 0.8, (0.1, 0.125)),
        (17, 0.8, (0.1, 0.125)),
    ],
)
def test_vertical_small_window_table(
    count: int, large_w: float, small: tuple[float, float]
) -> None:
    large = USERS[count - 1]
    got = preset_regions(LayoutMode.VERTICAL, USERS[:count], large)
    assert got[0].uid == large and got[0].rect == (0.0, 0.0, large_w, 1.0)
    assert [r.uid for r in got[1:]] == USERS[: count - 1]
    for region in got[1:]:
        assert (region.width, region.height) == small
        assert region.x >= large_w - 1e-9 and region.right <= 1.0 + 1e-9
    if count <= 9:
        assert [r.y for r in got[1:]] == sorted(r.y for r in got[1:])
        assert all(r.x == large_w for r in got[1:])


def test_vertical_two_columns_fill_row_by_row() -> None:
    got = preset_regions(LayoutMode.VERTICAL, USERS[:17], USERS[0])
    assert [r.rect[:2] for r in got[1:5]] == [(0.8, 0.0), (0.9, 0.0), (0.8, 0.125), (0.9, 0.125)]
    assert got[16].rect[:2] == (0.9, 0.875)


def test_vertical_without_large_user() -> None:
    assert rects(LayoutMode.VERTICAL, 1) == [(0.0, 0.0, 1.0, 1.0)]
    got = preset_regions(LayoutMode.VERTICAL, USERS[:3], None)
    assert all(r.x == 0.8 for r in got) and [r.uid for r in got] == USERS[:3]
    got = preset_regions(LayoutMode.VERTICAL, USERS[:3], "999")  # absent uid: same
    assert len(got) == 3 and got[0].rect == (0.8, 0.0, 0.2, 0.25)


def test_only_first_seventeen_and_custom_refused() -> None:
    assert len(preset_regions(LayoutMode.FLOATING, USERS)) == 17
    assert len(preset_regions(LayoutMode.FLOATING, ["5", "5", "6"])) == 2
    with pytest.raises(ValueError, match="custom"):
        preset_regions(LayoutMode.CUSTOM, USERS[:2])


def test_hints_mark_guesses() -> None:
    for mode in LayoutMode:
        assert preset_hint(mode)
    assert "UNCONFIRMED" in preset_hint(LayoutMode.BEST_FIT)
    assert "UNCONFIRMED" in preset_hint(LayoutMode.VERTICAL)


@given(
    mode=st.sampled_from([LayoutMode.FLOATING, LayoutMode.BEST_FIT, LayoutMode.VERTICAL]),
    count=st.integers(min_value=1, max_value=20),
    large=st.integers(min_value=0, max_value=20),
)
def test_edit_as_custom_gives_exactly_the_preset(mode: LayoutMode, count: int, large: int) -> None:
    uids = USERS[:count]
    max_uid = USERS[large] if large < 20 else None
    doc = LayoutDocument(Layout(mode=mode, max_resolution_uid=max_uid))
    doc.edit_as_custom(uids)
    assert doc.layout.mode is LayoutMode.CUSTOM
    assert list(doc.layout.regions) == preset_regions(mode, uids, max_uid)
    assert not problems(doc.layout)
    assert doc.to_wire().mixed_video_layout == 3
