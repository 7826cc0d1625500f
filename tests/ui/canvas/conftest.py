"""Fixtures for the canvas tests: a custom 1280x720 layout and the editor widget around it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from recorder_gui.layout import Layout, LayoutDocument, LayoutMode, Region
from recorder_gui.ui.canvas import LayoutEditorWidget

CW, CH = 1280, 720


def sample_layout() -> Layout:
    return Layout(
        mode=LayoutMode.CUSTOM,
        canvas_width=CW,
        canvas_height=CH,
        background_color="#101820",
        regions=(
            Region("1001", 0.0, 0.0, 0.5, 0.5),
            Region("1002", 0.5, 0.5, 0.25, 0.25),
            Region(None, 0.1, 0.6, 0.2, 0.2),
        ),
    )


@pytest.fixture
def document() -> LayoutDocument:
    return LayoutDocument(sample_layout())


@pytest.fixture
def widget(qtbot: QtBot, document: LayoutDocument) -> LayoutEditorWidget:
    editor = LayoutEditorWidget(document)
    qtbot.addWidget(editor)
    editor.resize(1200, 760)
    editor.show()
    qtbot.waitExposed(editor)
    editor.view.fit()
    return editor
