"""Preset edges the geometry table does not reach: uids kept, bucket borders, no large uid."""

from __future__ import annotations

import pytest

from recorder_gui.layout import LayoutMode, preset_regions
from recorder_gui.layout.model import RenderMode

USERS = [str(2001 + i) for i in range(20)]


@pytest.mark.parametrize("mode", [LayoutMode.FLOATING, LayoutMode.BEST_FIT, LayoutMode.VERTICAL])
@pytest.mark.parametrize("count", [1, 2, 4, 5, 9, 16, 17])
def test_every_region_carries_its_user_full_alpha_and_crop(mode: LayoutMode, count: int) -> None:
    regions = preset_regions(mode, USERS[:count])
    shown = USERS[:count] if mode is not LayoutMode.VERTICAL else USERS[: min(count, 16)]
    assert [r.uid for r in regions] == shown
    assert all(r.alpha == 1.0 and r.render_mode is RenderMode.CROP for r in regions)


def test_best_fit_four_users_is_a_two_by_two_grid() -> None:
    got = [r.rect for r in preset_regions(LayoutMode.BEST_FIT, USERS[:4])]
    assert got == [
        (0.0, 0.0, 0.5, 0.5),
        (0.5, 0.0, 0.5, 0.5),
        (0.0, 0.5, 0.5, 0.5),
        (0.5, 0.5, 0.5, 0.5),
    ]


@pytest.mark.parametrize(
    ("count", "width", "height"),
    [
        (2, 0.2, 0.25),  # counted as 3 with the (empty) large window: the 5-user bucket
        (4, 0.2, 0.25),  # counted as 5: still the 5-user bucket
        (5, 0.142857, 0.166667),  # counted as 6: the 7-user bucket
        (6, 0.142857, 0.166667),
        (8, 0.111111, 0.125),  # counted as 9
        (9, 0.1, 0.125),  # counted as 10: two columns
    ],
)
def test_vertical_without_large_uid_counts_the_empty_large_window(
    count: int, width: float, height: float
) -> None:
    got = preset_regions(LayoutMode.VERTICAL, USERS[:count], None)
    assert [r.uid for r in got] == USERS[:count]
    assert all((r.width, r.height) == (width, height) for r in got)
    assert all(
        r.right == pytest.approx(1.0) or r.x + 2 * r.width == pytest.approx(1.0) for r in got
    )
    assert got[0].rect[:2] == (round(1 - (2 if count >= 9 else 1) * width, 6), 0.0)


def test_vertical_without_large_uid_shows_at_most_sixteen() -> None:
    got = preset_regions(LayoutMode.VERTICAL, USERS[:17], None)
    assert [r.uid for r in got] == USERS[:16]  # the 17th would be the empty large window
    assert got[-1].rect == (0.9, 0.875, 0.1, 0.125)


def test_custom_has_no_preset_geometry() -> None:
    with pytest.raises(
        ValueError, match=r"^the custom layout has no preset geometry: its regions are the layout$"
    ):
        preset_regions(LayoutMode.CUSTOM, USERS[:2])
