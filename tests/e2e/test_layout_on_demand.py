"""A layout editor is made when the Layout tab shows a mix recording, never before: twenty
recordings watched from the Status tab cost no canvas (benchmarks/bench_ui.py, peak RSS)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recorder_gui.ui.canvas import LayoutEditorWidget

from .conftest import AppFactory, start, wait_badge, wait_card


def test_the_editor_is_made_when_the_layout_tab_shows_the_selection(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    window = app.window
    start(app, qtbot, mode="mix")
    first = wait_card(app, qtbot, 0)
    start(app, qtbot, mode="mix", uid="900002")
    second = wait_card(app, qtbot, 1)
    wait_badge(first, qtbot, "ON AIR")
    wait_badge(second, qtbot, "ON AIR")
    assert window.dashboard.current is second  # each new card took the selection
    assert app.layout_editors == {}  # watched from the Status tab: no canvas anywhere

    window.tabs.setCurrentWidget(window.layout_scroll)
    editor = window.layout_widget
    assert isinstance(editor, LayoutEditorWidget)
    assert list(app.layout_editors) == [second.key]  # only the one on screen
    assert window.editing_layout

    window.dashboard.list.setCurrentRow(0)  # on the Layout tab, a selection shows at once
    assert list(app.layout_editors) == [second.key, first.key]
    assert window.layout_widget is app.layout_editors[first.key]

    window.tabs.setCurrentIndex(0)  # back on Status: selecting makes nothing new
    window.dashboard.list.setCurrentRow(1)
    assert len(app.layout_editors) == 2
    window.tabs.setCurrentWidget(window.layout_scroll)  # the tab follows the selection
    assert window.layout_widget is editor
