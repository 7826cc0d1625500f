"""The canvas mirrors the model; drag, resize, snap, nudge, selection and undo go through it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.layout import LayoutDocument, Region
from recorder_gui.layout.geometry import Handle
from recorder_gui.ui.canvas import LayoutEditorWidget
from recorder_gui.ui.canvas.handles import handle_point

from .conftest import CH, CW
from .helpers import drag, move, press, release

SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def pixel(widget: LayoutEditorWidget) -> float:
    """One viewport pixel in canvas pixels (mouse positions are whole viewport pixels)."""
    return 1.0 / widget.view.transform().m11() + 1e-6


def test_scene_mirrors_the_model_and_touches_only_changed_items(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    items = widget.scene.region_items
    assert [item.region for item in items] == list(document.layout.regions)
    second = items[1]
    assert (second.pos().x(), second.pos().y()) == (640, 360)
    assert second.boundingRect().adjusted(1, 1, -1, -1).size().toTuple() == (320, 180)
    first_region = items[0].region
    document.move_region(1, 0.25, 0.25)
    assert widget.scene.region_items[1] is second  # same item, moved
    assert (second.pos().x(), second.pos().y()) == (320, 180)
    assert items[0].region is first_region  # untouched
    document.add_region(Region("1003", 0.7, 0.1, 0.2, 0.2))
    assert len(widget.scene.region_items) == 4
    assert widget.scene.selected_indices() == [3]  # a new region is selected
    document.remove_region(0)
    assert [item.region for item in widget.scene.region_items] == list(document.layout.regions)


def test_drag_moves_a_region_as_one_undo_step(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.scene.snap_enabled = False
    drag(widget.view, (800, 450), (900, 400), steps=12)
    region = document.layout.regions[1]
    tol = pixel(widget) / CW
    assert region.x == pytest.approx(740 / CW, abs=tol)
    assert region.y == pytest.approx(310 / CH, abs=pixel(widget) / CH)
    assert (region.width, region.height) == (0.25, 0.25)
    stack = widget.editor.stack
    assert stack.count() == 1 and stack.text(0) == "Move region"
    stack.undo()
    assert document.layout.regions[1].rect == (0.5, 0.5, 0.25, 0.25)
    assert widget.scene.region_items[1].pos().toTuple() == (640, 360)
    stack.redo()
    assert document.layout.regions[1] == region


def test_a_region_cannot_leave_the_canvas(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    drag(widget.view, (800, 450), (2400, 1500), steps=5)
    region = document.layout.regions[1]
    assert region.right == pytest.approx(1.0) and region.bottom == pytest.approx(1.0)
    drag(widget.view, (1120, 630), (-900, -900), steps=5)
    region = document.layout.regions[1]
    assert (region.x, region.y) == (0.0, 0.0)


def test_snaps_to_a_third_with_a_visible_line_and_alt_turns_it_off(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    view, lines = widget.view, widget.scene.snap_lines
    third = CW / 3  # 426.67 px; the region's left edge starts at 640
    target_x = 800 - (640 - third) + 5  # left edge lands 5 px right of the third
    press(view, (800, 450))
    move(view, (790, 452))
    move(view, (target_x, 452))
    assert lines.x_line == pytest.approx(third)
    assert lines.isVisible()
    release(view, (target_x, 452))
    assert lines.x_line is None and lines.y_line is None
    assert document.layout.regions[1].x == pytest.approx(1 / 3, abs=1e-6)
    widget.editor.stack.undo()
    drag(view, (800, 450), (target_x, 452), steps=3, mods=ALT)
    assert document.layout.regions[1].x != pytest.approx(1 / 3, abs=1e-4)


def test_snaps_to_the_edge_of_another_region(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    # region 3 (uid None) spans x 128..384; drag region 2's left edge near 384
    start = (800, 450)
    end = (800 - (640 - 384) + 4, 470)
    drag(widget.view, start, end, steps=6)
    assert document.layout.regions[1].x == pytest.approx(384 / CW, abs=1e-6)


def test_resize_with_a_handle_and_shift_keeps_the_aspect(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.scene.snap_enabled = False
    widget.scene.select([1])
    handles = widget.scene.handles
    assert handles.isVisible()
    corner = handles.handles[Handle.BOTTOM_RIGHT].scenePos()
    assert corner.toTuple() == handle_point(Handle.BOTTOM_RIGHT, handles.boundingRect()).toTuple()
    drag(widget.view, corner.toTuple(), (1100, 700), steps=6)
    region = document.layout.regions[1]
    assert (region.x, region.y) == (0.5, 0.5)
    assert region.width * CW == pytest.approx(460, abs=pixel(widget) + 0.01)
    assert region.height * CH == pytest.approx(340, abs=pixel(widget) + 0.01)
    assert widget.editor.stack.count() == 1
    widget.editor.stack.undo()
    corner = handles.handles[Handle.BOTTOM_RIGHT].scenePos()
    drag(widget.view, corner.toTuple(), (1100, 560), steps=6, mods=SHIFT)
    region = document.layout.regions[1]
    assert (region.width * CW) / (region.height * CH) == pytest.approx(16 / 9, rel=1e-3)
    assert region.width * CW > 320


def test_arrow_keys_nudge_and_shift_nudges_further(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.scene.select([1])
    widget.view.setFocus()
    qtbot.keyClick(widget.view.viewport(), Qt.Key.Key_Right)
    qtbot.keyClick(widget.view, Qt.Key.Key_Right)
    qtbot.keyClick(widget.view, Qt.Key.Key_Down, SHIFT)
    region = document.layout.regions[1]
    assert region.x == pytest.approx((640 + 2) / CW, abs=1e-6)
    assert region.y == pytest.approx((360 + 10) / CH, abs=1e-6)
    assert widget.editor.stack.count() == 3
    widget.editor.stack.undo()
    assert document.layout.regions[1].y == 0.5


def test_rubber_band_selects_several_and_they_move_together(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.scene.snap_enabled = False
    # from empty canvas (top right) to cover regions 2 (640,360) and 3 (128,432)
    drag(widget.view, (1260, 380), (300, 700), steps=4)
    assert widget.scene.selected_indices() == [1, 2]
    assert not widget.scene.handles.isVisible()
    before = document.layout
    drag(widget.view, (800, 450), (760, 420), steps=5)
    after = document.layout
    for i in (1, 2):
        assert after.regions[i].x < before.regions[i].x
        assert after.regions[i].y < before.regions[i].y
    assert after.regions[0] == before.regions[0]
    assert widget.scene.selected_indices() == [1, 2]
    widget.editor.stack.undo()
    assert document.layout == before


def test_restack_duplicate_and_delete_are_undoable(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    original = document.layout
    widget.scene.select([0])
    widget.forward_action.trigger()
    assert document.layout.regions[1].uid == "1001"
    assert widget.scene.selected_indices() == [1]  # the selection follows the region
    assert widget.scene.region_items[1].zValue() > widget.scene.region_items[0].zValue()
    widget.duplicate_action.trigger()
    assert len(document.layout.regions) == 4
    copy = document.layout.regions[2]
    assert copy.uid is None and copy.x == pytest.approx(0.02)
    widget.delete_action.trigger()
    assert len(document.layout.regions) == 3
    widget.scene.select([0, 1])
    widget.delete_action.trigger()
    assert len(document.layout.regions) == 1
    history = widget.editor.stack
    assert [history.text(i) for i in range(history.count())] == [
        "Bring forward",
        "Duplicate region",
        "Delete region",
        "Delete regions",
    ]
    while history.canUndo():
        history.undo()
    assert document.layout == original
    assert len(widget.scene.region_items) == 3
    assert widget.history.model().rowCount() == 5  # "Opened layout" + four steps
