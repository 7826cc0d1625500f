"""LayoutDocument: each edit's clamping or refusal, change events and full-layout wire bodies."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from recorder_gui.api.layout_models import LayoutRegion, LayoutUpdate
from recorder_gui.layout import (
    ChangeKind,
    Layout,
    LayoutChange,
    LayoutDocument,
    LayoutEditError,
    LayoutInvalidError,
    LayoutMode,
    Region,
    RenderMode,
)


def custom(*regions: Region) -> LayoutDocument:
    return LayoutDocument(Layout(mode=LayoutMode.CUSTOM, regions=regions))


def test_subscribe_hears_changes_until_unsubscribed() -> None:
    doc = custom(Region("1", 0, 0, 0.5, 0.5))
    heard: list[LayoutChange] = []
    stop = doc.subscribe(heard.append)
    change = doc.move_region(0, 0.25, 0.25)
    assert change is not None and heard == [change]
    assert change.kind is ChangeKind.REGION_CHANGED and change.indices == (0,)
    assert doc.move_region(0, 0.25, 0.25) is None  # no-op: no event
    stop()
    stop()
    doc.move_region(0, 0.0, 0.0)
    assert len(heard) == 1


def test_failing_subscriber_does_not_starve_the_others(caplog: pytest.LogCaptureFixture) -> None:
    doc = custom(Region("1", 0, 0, 0.5, 0.5))
    heard: list[LayoutChange] = []

    def broken(change: LayoutChange) -> None:
        raise RuntimeError("view bug")

    doc.subscribe(broken)
    doc.subscribe(heard.append)
    change = doc.set_alpha(0, 0.5)  # the edit is not broken by a view's bug: it is logged
    assert change is not None and heard == [change] and doc.layout.regions[0].alpha == 0.5
    assert "view bug" in caplog.text


def test_move_keeps_size_and_stays_on_canvas() -> None:
    doc = custom(Region("1", 0, 0, 0.4, 0.3))
    doc.move_region(0, 0.9, -0.2)
    assert doc.layout.regions[0].rect == (0.6, 0.0, 0.4, 0.3)


def test_resize_cuts_at_edges_and_keeps_minimum() -> None:
    doc = custom(Region("1", 0, 0, 0.4, 0.3))
    doc.resize_region(0, -0.1, 0.5, 0.6, 0.8)
    assert doc.layout.regions[0].rect == (0.0, 0.5, 0.5, 0.5)
    doc.resize_region(0, 0.2, 0.2, 0.0, 0.001)
    assert doc.layout.regions[0].rect == (0.2, 0.2, 0.01, 0.01)
    doc.resize_region(0, 0.1234567, 0.5, 0.3333333, 0.2)
    assert doc.layout.regions[0].rect == (0.123457, 0.5, 0.333333, 0.2)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_numbers_refused(bad: float) -> None:
    doc = custom(Region("1", 0, 0, 0.4, 0.3))
    before = doc.layout
    calls: list[Callable[[], object]] = [
        lambda: doc.move_region(0, bad, 0),
        lambda: doc.resize_region(0, 0, 0, bad, 0.5),
        lambda: doc.set_alpha(0, bad),
        lambda: doc.add_region(Region(None, bad, 0, 0.1, 0.1)),
    ]
    for call in calls:
        with pytest.raises(LayoutEditError, match="finite"):
            call()
    assert doc.layout == before


def test_seventeen_regions_at_most() -> None:
    doc = custom(*[Region(None, 0, 0, 0.1, 0.1) for _ in range(17)])
    with pytest.raises(LayoutEditError, match="at most 17"):
        doc.add_region(Region(None, 0, 0, 0.1, 0.1))
    with pytest.raises(LayoutEditError, match="at most 17"):
        doc.duplicate(0)


def test_uids_unique_valid_and_swappable() -> None:
    doc = custom(Region("1", 0, 0, 0.5, 0.5), Region("2", 0.5, 0, 0.5, 0.5))
    with pytest.raises(LayoutEditError, match="already shows in region 1"):
        doc.set_uid(1, "1")
    with pytest.raises(LayoutEditError, match="leading zeros"):
        doc.set_uid(1, "01")
    with pytest.raises(LayoutEditError, match="already shows"):
        doc.add_region(Region("2", 0, 0, 0.1, 0.1))
    doc.swap_uids(0, 1)
    assert doc.layout.uids == ("2", "1")
    assert doc.set_uid(0, "2") is None
    doc.set_uid(0, None)
    remaining: tuple[str, ...] = doc.layout.uids
    assert remaining == ("1",)


def test_regions_only_in_custom_and_mode_switch_undoable() -> None:
    doc = LayoutDocument()
    with pytest.raises(LayoutEditError, match="custom"):
        doc.add_region(Region(None, 0, 0, 0.1, 0.1))
    doc.edit_as_custom(["7", "8"])
    with pytest.raises(LayoutEditError, match="already custom"):
        doc.edit_as_custom(["7"])
    change = doc.set_mode(LayoutMode.BEST_FIT)
    assert change is not None and doc.layout.regions == ()
    doc.restore(change.before)
    assert doc.layout.uids == ("7", "8")


def test_duplicate_reorder_alpha_render_mode() -> None:
    doc = custom(Region("1", 0.98, 0.1, 0.02, 0.2), Region("2", 0, 0, 0.5, 0.5))
    change = doc.duplicate(0)
    assert change is not None and change.indices == (1,)
    copy = doc.layout.regions[1]
    assert copy.uid is None and copy.rect == (0.98, 0.12, 0.02, 0.2)
    change = doc.reorder(0, 99)
    assert change is not None and change.indices == (0, 2)
    assert [r.uid for r in doc.layout.regions] == [None, "2", "1"]
    doc.reorder(2, 0)
    assert [r.uid for r in doc.layout.regions] == ["1", None, "2"]
    doc.set_alpha(0, 7)
    assert doc.layout.regions[0].alpha == 1.0
    doc.set_render_mode(0, RenderMode.FIT)
    assert doc.layout.regions[0].render_mode is RenderMode.FIT
    with pytest.raises(LayoutEditError, match="render mode"):
        doc.set_render_mode(0, 5)  # type: ignore[arg-type]
    with pytest.raises(LayoutEditError, match="render mode"):
        doc.set_user_background("4", "https://x/a.jpg", 7)  # type: ignore[arg-type]
    with pytest.raises(LayoutEditError, match="layout mode"):
        doc.set_mode(9)  # type: ignore[arg-type]
    with pytest.raises(LayoutEditError, match="no region 3"):
        doc.remove_region(3)
    with pytest.raises(LayoutEditError, match="no region"):
        doc.set_alpha(True, 0.5)


def test_backgrounds_and_canvas() -> None:
    doc = LayoutDocument()
    with pytest.raises(LayoutEditError, match="#RRGGBB"):
        doc.set_background_color("red")
    with pytest.raises(LayoutEditError, match="http"):
        doc.set_background_image("file:///etc/passwd")
    with pytest.raises(LayoutEditError, match="1920x1080"):
        doc.set_canvas_size(1920, 1920)
    doc.set_background_color("#112233")
    doc.set_user_background("5", "https://x/a.jpg")
    doc.set_user_background("5", "https://x/b.jpg", RenderMode.FIT)
    doc.set_user_background("6", "https://x/c.jpg")
    assert [b.image_url for b in doc.layout.user_backgrounds] == [
        "https://x/b.jpg",
        "https://x/c.jpg",
    ]
    doc.set_user_background("5", None)
    assert [b.uid for b in doc.layout.user_backgrounds] == ["6"]
    doc.set_canvas_size(1280, 720)
    assert doc.layout.aspect == pytest.approx(16 / 9)


def test_to_wire_is_the_complete_layout() -> None:
    doc = LayoutDocument(Layout(mode=LayoutMode.VERTICAL, max_resolution_uid="9"))
    doc.set_background_color("#FF0000")
    doc.set_user_background("9", "https://x/a.jpg")
    body = doc.to_wire().to_wire()
    assert body == {
        "mixedVideoLayout": 2,
        "maxResolutionUid": "9",
        "backgroundColor": "#FF0000",
        "backgroundConfig": [{"uid": "9", "image_url": "https://x/a.jpg", "render_mode": 0}],
    }
    doc.set_mode(LayoutMode.CUSTOM)
    with pytest.raises(LayoutInvalidError, match="at least one region"):
        doc.to_wire()


def test_from_wire_fills_defaults_and_keeps_canvas() -> None:
    doc = LayoutDocument(Layout(canvas_width=1280, canvas_height=720))
    update = LayoutUpdate(
        mixed_video_layout=3,
        layout_config=[LayoutRegion(uid="3", x_axis=0.1, y_axis=0, width=0.5, height=1)],
    )
    doc.from_wire(update)
    layout = doc.layout
    assert (layout.canvas_width, layout.background_color) == (1280, "#000000")
    assert layout.regions == (Region("3", 0.1, 0.0, 0.5, 1.0, 1.0, RenderMode.CROP),)


def test_restore_refuses_broken_layouts() -> None:
    doc = LayoutDocument()
    broken = Layout(mode=LayoutMode.CUSTOM, regions=(Region("1", 0.9, 0, 0.2, 0.1),))
    with pytest.raises(LayoutEditError, match="right"):
        doc.restore(broken)
    with pytest.raises(LayoutEditError):
        LayoutDocument(broken)
    assert doc.layout == Layout()
