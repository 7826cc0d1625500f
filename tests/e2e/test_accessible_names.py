"""Every control a producer can reach in the real window has a name a screen reader can say."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from .conftest import AppFactory, settle, start, wait_badge, wait_card

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def nameless(window: QWidget, seen: list[str] | None = None) -> list[str]:
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(window):
            continue
        if type(widget).__name__ in ("QScrollBar", "QToolButton") and not widget.isEnabled():
            continue
        parent = widget.parent()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            continue  # a spin box's or combo box's own line edit: named by its owner
        if seen is not None:
            seen.append(type(widget).__name__)
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text):
            found.append(f"{type(widget).__name__} in {type(parent).__name__}")
    return found


def test_every_control_has_a_name_on_both_tabs(make_app: AppFactory, qtbot: QtBot) -> None:
    app = make_app()
    w = app.window
    start(app, qtbot)
    wait_badge(wait_card(app, qtbot, 0), qtbot, "ON AIR")
    settle(qtbot, 0.2)
    seen: list[str] = []
    assert nameless(w, seen) == []
    assert len(seen) > 25  # the walk really reached the form, the cards and the bar
    w.tabs.setCurrentWidget(w.layout_scroll)
    settle(qtbot, 0.2)
    on_layout: list[str] = []
    assert nameless(w, on_layout) == []
    assert len(on_layout) > 15  # the layout editor's controls
