"""Fixtures for the canvas tests: a custom 1280x720 layout, the editor widget around it, and
the editor in the app's own style at the size a 1024x700 laptop's Layout tab gives it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from recorder_gui.layout import Layout, LayoutDocument, LayoutMode, Region
from recorder_gui.ui.canvas import LayoutEditorWidget
from recorder_gui.ui.style import apply_style

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


#: The room the Layout tab gives the editor on a 1024x700 laptop screen, and the most the
#: editor may ask for (a little less, for the tab's frame).
LAPTOP = (760, 520)
MOST = (740, 500)
CHANNEL = ["1001", "1002", "1234567890"]


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The application's own look (Fusion, ``style.qss``: 10 pt text) while the test runs."""
    sheet, style = qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    try:
        yield
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setStyle(style)


@pytest.fixture
def laptop(qtbot: QtBot, document: LayoutDocument, app_style: None) -> LayoutEditorWidget:
    """The editor in the app's style, at the size a 1024x700 screen's Layout tab gives it."""
    editor = LayoutEditorWidget(document)
    qtbot.addWidget(editor)
    editor.set_channel_users(CHANNEL)
    editor.resize(*LAPTOP)
    editor.show()
    qtbot.waitExposed(editor)
    settle()
    return editor


def settle() -> None:
    """Run posted layout requests (and deferred resizes) so geometries are final."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
