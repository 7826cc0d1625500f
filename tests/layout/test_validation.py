"""problems(): each rule gives an error or warning with its field and a reason."""

from __future__ import annotations

from hypothesis import given

from recorder_gui.layout import Layout, LayoutMode, Region, UserBackground, problems
from recorder_gui.layout.validation import Issue, structural_problems

from .strategies import layouts


def fields(issues: list[Issue], level: str = "error") -> list[str]:
    return [i.field for i in issues if i.level == level]


def test_valid_layout_has_no_problems() -> None:
    layout = Layout(mode=LayoutMode.CUSTOM, regions=(Region("1", 0, 0, 1, 1),))
    assert problems(layout, present_uids={"1"}) == []


def test_region_rules() -> None:
    layout = Layout(
        mode=LayoutMode.CUSTOM,
        regions=(
            Region("1", 0.9, 0.0, 0.2, 0.5),
            Region("1", 0.0, 0.95, 0.5, 0.1),
            Region("0", -0.1, 0, 0.5, 0.5),
            Region(None, 0, 0, 0.001, 0.5),
            Region(None, 0, 0, 0.5, 0.5, alpha=float("nan")),
        ),
    )
    found = problems(layout)
    assert fields(found) == [
        "regions[0].x",
        "regions[1].y",
        "regions[1].uid",
        "regions[2].x",
        "regions[3].width",
        "regions[4].alpha",
    ]
    assert "already shows in region 1" in found[2].message
    assert all(i.message for i in found)


def test_layout_rules() -> None:
    too_many = Layout(mode=LayoutMode.CUSTOM, regions=(Region(None, 0, 0, 0.1, 0.1),) * 18)
    assert "at most 17" in problems(too_many)[0].message
    assert fields(problems(Layout(mode=LayoutMode.CUSTOM))) == ["regions"]
    preset_with_regions = Layout(mode=LayoutMode.BEST_FIT, regions=(Region(None, 0, 0, 1, 1),))
    assert "only the custom layout" in problems(preset_with_regions)[0].message
    bad = Layout(
        canvas_width=0,
        background_color="#12345",
        background_image="javascript:alert(1)",
        max_resolution_uid="4294967296",
        user_backgrounds=(UserBackground("1", "https://a/b"), UserBackground("1", "x")),
    )
    assert fields(structural_problems(bad)) == [
        "canvas",
        "background_color",
        "background_image",
        "max_resolution_uid",
        "user_backgrounds[1].uid",
        "user_backgrounds[1].image_url",
    ]


def test_absent_users_are_warnings() -> None:
    layout = Layout(
        mode=LayoutMode.CUSTOM,
        regions=(Region("1", 0, 0, 0.5, 0.5), Region("2", 0.5, 0, 0.5, 0.5)),
    )
    found = problems(layout, present_uids=["1"])
    assert fields(found, "warning") == ["regions[1].uid"] and not fields(found)
    assert problems(layout) == []
    vertical = Layout(mode=LayoutMode.VERTICAL, max_resolution_uid="3")
    assert fields(problems(vertical, ["1", "2"]), "warning") == ["max_resolution_uid"]
    unset = Layout(mode=LayoutMode.VERTICAL)
    assert fields(problems(unset, ["1", "2"]), "warning") == ["max_resolution_uid"]
    assert problems(unset, ["1"]) == []


@given(layouts())
def test_generated_layouts_are_valid(layout: Layout) -> None:
    assert problems(layout) == []
