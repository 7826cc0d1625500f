"""User list drag-assign, preset previews and "edit as custom", and the property panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.layout import LayoutDocument, LayoutMode, RenderMode, preset_regions
from recorder_gui.ui.canvas import LayoutEditorWidget
from recorder_gui.ui.canvas.view import UID_MIME

from .conftest import CH, CW
from .helpers import drop_uid


def test_user_list_shows_channel_and_manual_users_and_drags_uids(
    widget: LayoutEditorWidget,
) -> None:
    widget.set_channel_users([1001, 1004])
    widget.user_list.add_manual("2077")
    rows = widget.user_list.list
    assert [rows.item(i).data(Qt.ItemDataRole.UserRole) for i in range(rows.count())] == [
        "1001",
        "1004",
        "2077",
    ]
    mime = rows.mimeData([rows.item(1)])
    assert bytes(mime.data(UID_MIME).data()) == b"1004"
    # presence shows on the canvas
    items = widget.scene.region_items
    assert items[0].present and not items[1].present


def test_dropping_a_uid_on_a_region_assigns_it_and_on_a_used_uid_swaps(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    drop_uid(widget.view, "1004", (250, 700))  # region 3 (no uid) spans 128..384 x 432..576
    assert document.layout.regions[2].uid is None  # y 700 is below region 3: not on it
    assert len(document.layout.regions) == 4  # empty canvas: a new region for 1004
    new = document.layout.regions[3]
    assert new.uid == "1004"
    assert new.x + new.width / 2 == pytest.approx(250 / CW, abs=0.002)
    widget.editor.stack.undo()
    drop_uid(widget.view, "1004", (250, 500))
    assert document.layout.regions[2].uid == "1004"
    drop_uid(widget.view, "1001", (250, 500))  # 1001 is in region 1: the two swap
    assert document.layout.regions[2].uid == "1001"
    assert document.layout.regions[0].uid == "1004"
    assert widget.editor.stack.count() == 2
    assert widget.editor.stack.text(1) == "Swap in 1001"


def test_preset_previews_what_the_service_renders_and_converts_to_custom(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    users = [1001, 1002, 1003, 1004, 1005]
    widget.set_channel_users(users)
    qtbot.mouseClick(widget.presets.buttons[LayoutMode.BEST_FIT], Qt.MouseButton.LeftButton)
    assert document.layout.mode is LayoutMode.BEST_FIT
    assert widget.scene.region_items == []
    expected = preset_regions(LayoutMode.BEST_FIT, [str(u) for u in users])
    assert [item.region for item in widget.scene.preview_items] == expected
    assert all(item.preview and item.isVisible() for item in widget.scene.preview_items)
    assert widget.presets.edit_custom.isEnabled()
    # vertical with a large-window user: the preview follows
    qtbot.mouseClick(widget.presets.buttons[LayoutMode.VERTICAL], Qt.MouseButton.LeftButton)
    widget.presets.large.setCurrentIndex(widget.presets.large.findData("1003"))
    widget.presets.large.activated.emit(widget.presets.large.currentIndex())
    assert document.layout.max_resolution_uid == "1003"
    expected = preset_regions(LayoutMode.VERTICAL, [str(u) for u in users], "1003")
    assert [item.region for item in widget.scene.preview_items] == expected
    qtbot.mouseClick(widget.presets.edit_custom, Qt.MouseButton.LeftButton)
    assert document.layout.mode is LayoutMode.CUSTOM
    assert list(document.layout.regions) == expected
    assert widget.scene.preview_items == []
    assert [item.region for item in widget.scene.region_items] == expected
    widget.editor.stack.undo()
    assert document.layout.mode is LayoutMode.VERTICAL
    assert len(widget.scene.preview_items) == len(expected)


def test_property_panel_edits_the_same_model_in_pixels(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    panel = widget.properties
    widget.scene.select([1])
    assert panel.uid.text() == "1002"
    assert panel.pixels["x"].value() == 640 and panel.pixels["y"].value() == 360
    panel.pixels["x"].setValue(320)
    assert document.layout.regions[1].x == 0.25
    panel.pixels["width"].setValue(0.4 * CW)
    assert document.layout.regions[1].width == pytest.approx(0.4)
    panel.pixels["height"].setValue(CH)  # cut at the canvas edge: y 0.5 + h <= 1
    assert document.layout.regions[1].height == 0.5
    assert panel.pixels["height"].value() == CH / 2  # the panel shows what the model kept
    panel.opacity.setValue(50)
    panel.render_mode.setCurrentIndex(1)
    assert document.layout.regions[1].alpha == 0.5
    assert document.layout.regions[1].render_mode is RenderMode.FIT
    panel.uid.setText("3003")
    panel.uid.editingFinished.emit()
    assert document.layout.regions[1].uid == "3003"
    panel.user_background.setText("https://example.com/away.png")
    panel.user_background.editingFinished.emit()
    assert document.layout.user_background("3003") is not None
    # a canvas move shows in the panel
    document.move_region(1, 0.1, 0.1)
    assert panel.pixels["y"].value() == pytest.approx(0.1 * CH)
    stack = widget.editor.stack
    assert stack.count() == 7
    while stack.canUndo():
        stack.undo()
    assert document.layout.regions[1].rect == (0.5, 0.5, 0.25, 0.25)


def test_a_refused_edit_says_why_and_pushes_nothing(
    widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.scene.select([1])
    widget.properties.uid.setText("not a uid!")
    widget.properties.uid.editingFinished.emit()
    assert widget.editor.stack.count() == 0
    assert widget.message.text()
    assert document.layout.regions[1].uid == "1002"
