"""diff_layouts: what the edited layout changes against the applied one."""

from __future__ import annotations

from hypothesis import given

from recorder_gui.layout import Layout, LayoutMode, Region, RenderMode, diff_layouts

from .strategies import layouts


def custom(*regions: Region) -> Layout:
    return Layout(mode=LayoutMode.CUSTOM, regions=regions)


A = Region("1", 0, 0, 0.5, 0.5)
B = Region("2", 0.5, 0, 0.5, 0.5)
C = Region(None, 0, 0.5, 0.5, 0.5)


@given(layouts())
def test_same_layout_is_empty(layout: Layout) -> None:
    diff = diff_layouts(layout, layout)
    assert diff.is_empty and all(r.status == "unchanged" for r in diff.regions)


def test_moved_resized_restyled_restacked() -> None:
    edited = custom(
        Region("2", 0.5, 0, 0.5, 0.5, alpha=0.5, render_mode=RenderMode.FIT),
        Region("1", 0.1, 0, 0.4, 0.5),
        C,
    )
    diff = diff_layouts(custom(A, B, C), edited)
    assert not diff.fields
    by_uid = {r.after.uid if r.after else None: r for r in diff.regions}
    assert by_uid["1"].moved and by_uid["1"].resized and by_uid["1"].fields == ("position", "size")
    assert "alpha" in by_uid["2"].fields and "render_mode" in by_uid["2"].fields
    assert ("order" in by_uid["1"].fields) != ("order" in by_uid["2"].fields)
    assert by_uid[None].status == "unchanged"


def test_added_removed_and_uid_change() -> None:
    edited = custom(Region("3", 0, 0, 0.5, 0.5), Region(None, 0.2, 0.2, 0.1, 0.1))
    diff = diff_layouts(custom(A, B), edited)
    statuses = sorted(r.status for r in diff.regions)
    assert statuses == ["added", "changed", "removed"]
    changed = next(r for r in diff.regions if r.status == "changed")
    assert changed.fields == ("uid",) and changed.before == A
    assert [r.after_index for r in diff.regions if r.status != "removed"] == [0, 1]


def test_layout_fields() -> None:
    diff = diff_layouts(Layout(), Layout(mode=LayoutMode.BEST_FIT, background_color="#FFFFFF"))
    assert diff.fields == ("mode", "background_color") and not diff.is_empty
