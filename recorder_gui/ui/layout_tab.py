"""``LayoutTab``: the Layout tab: the selected recording's layout editor, or why there is none.

Editors shown once stay in the tab (hidden) so each keeps its edits and undo history. The tab
is a scroll area, so an editor wider than the pane never widens the whole window.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

NO_LAYOUT_TITLE = "Layout editing is for mix recordings"
NO_LAYOUT_NONE = "Start a mix recording, or select one in the list, to arrange its video."


class _LayoutPage(QWidget):
    """One editor in the Layout tab. It claims no height-for-width, so the scroll area around
    the tab scrolls only when the editor's minimum size does not fit (not to its preferred
    height, which a wrapped hint label inside it would otherwise make it ask for)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.content = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)

    def hasHeightForWidth(self) -> bool:
        return False


class LayoutTab(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Layout of the selected recording")
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self.stack.addWidget(self.message)
        self._pages: dict[QWidget, _LayoutPage] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(self.stack)
        self.show_message(NO_LAYOUT_NONE)

    @property
    def current(self) -> QWidget:
        page = self.stack.currentWidget()
        return page.content if isinstance(page, _LayoutPage) else self.message

    @property
    def has_editor(self) -> bool:
        return self.stack.currentWidget() is not self.message

    def show_widget(self, widget: QWidget | None) -> None:
        if widget is None:
            self.stack.setCurrentWidget(self.message)
            return
        page = self._pages.get(widget)
        if page is None:
            page = self._pages[widget] = _LayoutPage(widget)
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def show_message(self, detail: str) -> None:
        self.message.setText(
            f"<p style='font-size:12pt; font-weight:600'>{NO_LAYOUT_TITLE}</p>"
            f"<p>{html.escape(detail)}</p>"
        )
        self.show_widget(None)
