"""The layout canvas: a QGraphicsScene/View mirroring a ``LayoutDocument``, undoable edits,
handles and tools, user list, presets, property panel and live apply."""

from .commands import LayoutCommand, LayoutEditor
from .live import LayoutSink, LiveController, LiveControlsWidget
from .scene import LayoutScene
from .view import LayoutView
from .widget import LayoutEditorWidget

__all__ = [
    "LayoutCommand",
    "LayoutEditor",
    "LayoutEditorWidget",
    "LayoutScene",
    "LayoutSink",
    "LayoutView",
    "LiveController",
    "LiveControlsWidget",
]
