"""The Layout tab of the real window: a mix recording's canvas, edited live, read back from the
emulator; per-session documents; the calm label for other modes; the sink ends with the show."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from recorder_gui.api import LayoutUpdate
from recorder_gui.emulator import Emulator
from recorder_gui.layout import LayoutMode
from recorder_gui.ui.canvas import LayoutEditorWidget
from recorder_gui.ui.dialogs.stop_dialog import ConfirmStopDialog
from recorder_gui.ui.layout_tab import NO_LAYOUT_TITLE
from tests.ui.canvas.helpers import center_of, drag

from .conftest import AppFactory, start, wait_badge, wait_card

LEFT = Qt.MouseButton.LeftButton


def click_tab(qtbot: QtBot, tabs_owner: object, title: str) -> None:
    tabs = tabs_owner.tabs  # type: ignore[attr-defined]
    bar = tabs.tabBar()
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, LEFT, pos=QPoint(8, widget.height() // 2))


def editor_of(window: object) -> LayoutEditorWidget:
    editor = window.layout_widget  # type: ignore[attr-defined]
    assert isinstance(editor, LayoutEditorWidget)
    return editor


def test_a_live_canvas_edit_is_the_layout_the_service_applies(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    window = app.window
    start(app, qtbot, mode="mix")
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    sid = bridge.session.sid
    assert sid is not None

    click_tab(qtbot, window, "Layout")
    editor = editor_of(window)
    assert window.editing_layout and not window.form_pane.isVisible()  # room for the canvas
    layout = editor.document.layout
    assert (layout.canvas_width, layout.canvas_height) == (1280, 720)  # the transcodingConfig
    assert layout.mode is LayoutMode.FLOATING  # the start body's layout
    assert editor.live_controller.sink is not None
    qtbot.waitUntil(lambda: len(editor.user_list.channel_uids) >= 2, timeout=10_000)
    qtbot.waitExposed(editor.view)
    editor.view.fit()

    click(qtbot, editor.live.live)
    assert editor.live_controller.live
    qtbot.mouseClick(editor.presets.edit_custom, LEFT)
    assert editor.document.layout.mode is LayoutMode.CUSTOM
    last = len(editor.document.layout.regions) - 1
    assert last >= 1  # floating: the first user fills the canvas, the others float on top
    before = editor.document.layout.regions[last]
    grab = center_of(before.rect, 1280, 720)
    drag(editor.view, grab, (grab[0] - 200, grab[1] - 150), steps=6)
    moved = editor.document.layout.regions[last]
    assert moved.rect != before.rect and moved.uid == before.uid
    assert editor.undo_action.text() == "Undo Move region"

    expected = editor.document.to_wire()
    qtbot.waitUntil(
        lambda: LayoutUpdate.model_validate(emu.task(sid)["layout"]) == expected, timeout=10_000
    )
    qtbot.waitUntil(lambda: editor.live_controller.state == "applied", timeout=10_000)
    assert editor.live.pill.text() == "Applied"

    # Back on the Status tab the start form comes back; the edits stay in the session's document.
    click_tab(qtbot, window, "Status")
    assert window.form_pane.isVisible()
    click_tab(qtbot, window, "Layout")
    assert editor_of(window) is editor and editor.document.layout.regions[last] == moved


def test_each_session_keeps_its_document_and_other_modes_get_the_label(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    window = app.window
    start(app, qtbot, mode="mix")
    mix = wait_card(app, qtbot, 0)
    wait_badge(mix, qtbot, "ON AIR")
    start(app, qtbot, mode="individual", uid="900002")
    individual = wait_card(app, qtbot, 1)
    wait_badge(individual, qtbot, "ON AIR")
    board = window.dashboard

    click_tab(qtbot, window, "Layout")
    assert window.layout_widget is window.layout_message  # the individual one is selected
    assert NO_LAYOUT_TITLE in window.layout_message.text()
    assert "individual" in window.layout_message.text()
    assert window.form_pane.isVisible()

    board.list.setCurrentRow(0)
    editor = editor_of(window)
    editor.editor.set_mode(LayoutMode.BEST_FIT)
    board.list.setCurrentRow(1)
    assert window.layout_widget is window.layout_message
    board.list.setCurrentRow(0)
    assert editor_of(window) is editor
    assert editor.document.layout.mode is LayoutMode.BEST_FIT
    assert editor.undo_action.isEnabled()  # the undo history came back with it

    # The recording ends: the canvas goes offline (no sink), the document stays.
    app.window.stop_action.trigger()
    confirm = next(d for d in app.open_dialogs() if isinstance(d, ConfirmStopDialog))
    confirm.stop_button.click()
    wait_badge(mix, qtbot, "STOPPED")
    qtbot.waitUntil(lambda: editor.live_controller.sink is None, timeout=5_000)
    assert editor.live_controller.state == "offline"
    assert editor.document.layout.mode is LayoutMode.BEST_FIT
    for dialog in app.open_dialogs():
        dialog.close()
