"""An honest editor: keyboard focus on the canvas after "Edit as custom", a red frame when
edits go on air, presets that say how to edit them, a Region panel that clears, plain words
for producers and an accessible name on every control."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from recorder_gui.layout import LayoutDocument, LayoutMode
from recorder_gui.ui.canvas import LayoutEditorWidget

from .conftest import CH, CW, settle
from .helpers import FakeSink, viewport_point

LEFT = Qt.MouseButton.LeftButton
USERS = [1001, 1002, 1003, 1004]


def focus_in(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def test_after_edit_as_custom_the_keyboard_is_on_the_canvas(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.set_channel_users(USERS)
    focus_in(qtbot, widget)
    colour = widget.properties.background_color
    qtbot.mouseClick(widget.presets.buttons[LayoutMode.BEST_FIT], LEFT)
    qtbot.mouseClick(widget.presets.edit_custom, LEFT)
    assert document.layout.mode is LayoutMode.CUSTOM
    assert QApplication.focusWidget() is widget.view
    focused = QApplication.focusWidget()
    assert not (isinstance(focused, QLineEdit) and focused.hasSelectedText())
    # Delete now deletes the selected region, never the colour
    widget.scene.select([0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert len(document.layout.regions) == len(USERS) - 1
    assert document.layout.background_color == "#101820"
    assert colour.text() == "#101820"


def is_red(color: QColor) -> bool:
    return color.red() > 180 and color.green() < 90 and color.blue() < 90


def test_live_shows_a_red_on_air_frame_and_preview_a_calm_label(
    qtbot: QtBot, widget: LayoutEditorWidget
) -> None:
    frame = widget.on_air
    sink = FakeSink()
    widget.set_sink(sink)

    def border() -> QColor:
        settle()
        image = frame.grab().toImage()
        return image.pixelColor(1, image.height() // 2)

    assert not widget.live_controller.live
    assert frame.banner.isVisible() and frame.banner.text() == "Preview — not on air"
    assert not is_red(border())
    widget.live.live.setChecked(True)
    assert frame.banner.text() == "LIVE — edits go on air"
    assert is_red(border())
    assert is_red(frame.banner.grab().toImage().pixelColor(2, 2))  # the banner too
    widget.live.live.setChecked(False)
    widget.document.move_region(1, 0.2, 0.2)
    qtbot.waitUntil(lambda: "1 change to apply" in frame.banner.text(), timeout=1000)
    assert frame.banner.text().startswith("Preview — not on air")
    assert not is_red(border())


def test_presets_say_how_to_edit_them_and_the_region_panel_clears(
    qtbot: QtBot, widget: LayoutEditorWidget
) -> None:
    for mode in (LayoutMode.FLOATING, LayoutMode.BEST_FIT, LayoutMode.VERTICAL):
        assert "choose Edit as custom to move regions" in widget.presets.buttons[mode].toolTip()
    best = widget.presets.buttons[LayoutMode.BEST_FIT]
    assert best.toolTip().startswith(
        "Best fit is arranged by the service; choose Edit as custom to move regions"
    )
    panel = widget.properties
    widget.scene.select([1])
    assert panel.uid.isVisible() and panel.uid.text() == "1002"
    # a click on empty canvas selects nothing: the panel clears
    empty = viewport_point(widget.view, (CW * 0.9, CH * 0.2))
    qtbot.mouseClick(widget.view.viewport(), LEFT, pos=empty.toPoint())
    assert widget.scene.selected_indices() == []
    assert "Select a region" in panel.placeholder.text() and panel.placeholder.isVisible()
    assert not panel.uid.isVisible() and panel.uid.text() == ""
    assert "1002" not in visible_texts(panel)
    qtbot.mouseClick(best, LEFT)
    assert "choose Edit as custom to move regions" in widget.presets.hint.text()
    assert "choose Edit as custom" in panel.placeholder.text()


def visible_texts(top: QWidget) -> str:
    """Every word a producer can see or hover in ``top``: labels, buttons, fields, lists, tips."""
    out: list[str] = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisibleTo(top) and widget is not top:
            continue
        out += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton):
            out.append(widget.text())
        if isinstance(widget, QLineEdit):
            out += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QAbstractSpinBox):
            out.append(widget.text())
        if isinstance(widget, QComboBox):
            out += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                out += [widget.item(i).text(), widget.item(i).toolTip()]
        if isinstance(widget, QGroupBox):
            out.append(widget.title())
        if isinstance(widget, QTabWidget):
            out += [widget.tabText(i) for i in range(widget.count())]
    return "\n".join(out)


RAW = re.compile(
    r"UNCONFIRMED|maxResolutionUid|max_resolution_uid|max resolution uid|render_mode|"
    r"renderMode|[a-z]+_[a-z_]+|\b[a-z]+[A-Z][A-Za-z]*Uid\b|α|\d\.\d{3,}"
)


def test_producers_read_plain_words_in_every_mode(
    qtbot: QtBot, widget: LayoutEditorWidget, document: LayoutDocument
) -> None:
    widget.set_channel_users(USERS)
    sink = FakeSink()
    widget.set_sink(sink)
    widget.live.apply.click()  # something applied: the change list speaks
    seen: list[str] = []
    widget.scene.select([1])
    seen.append(visible_texts(widget))
    for mode in (LayoutMode.FLOATING, LayoutMode.BEST_FIT, LayoutMode.VERTICAL):
        qtbot.mouseClick(widget.presets.buttons[mode], LEFT)
        seen.append(visible_texts(widget))
    large = widget.presets.large
    widget.user_list.add_manual("abc")  # not a uid: the model refuses it as the large window
    large.setCurrentIndex(large.findData("abc"))
    large.activated.emit(large.currentIndex())
    assert widget.message.text().startswith("The large-window user must be a number")
    seen.append(visible_texts(widget))
    large.setCurrentIndex(large.findData("1003"))
    large.activated.emit(large.currentIndex())
    qtbot.waitUntil(lambda: "large-window user" in widget.live.diff.text(), timeout=1000)
    widget.side_tabs.setCurrentWidget(widget.live.changes)
    seen.append(visible_texts(widget))
    qtbot.mouseClick(widget.presets.edit_custom, LEFT)
    widget.scene.select([0])
    widget.editor.set_alpha(0, 0.333333)
    seen.append(visible_texts(widget))
    found = sorted({m.group(0) for text in seen for m in RAW.finditer(text)})
    assert found == []
    assert "0.000000" not in "\n".join(seen)


def nameless(top: QWidget) -> list[str]:
    """Interactive widgets without an accessible name (parts of a named spin box, combo box
    or tab bar, which assistive tools announce by their owner's name, are not counted)."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    missing: list[str] = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.accessibleName():
            continue
        owner = widget.parentWidget()
        part = False
        while owner is not None and owner is not top:
            if isinstance(owner, QAbstractSpinBox | QComboBox | QTabBar):
                part = True
                break
            owner = owner.parentWidget()
        if not part:
            text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
            missing.append(f"{type(widget).__name__} {text!r} in {type(widget.parent()).__name__}")
    return missing


def test_every_interactive_widget_has_an_accessible_name(
    qtbot: QtBot, widget: LayoutEditorWidget
) -> None:
    widget.set_channel_users(USERS)
    assert nameless(widget) == []
    qtbot.mouseClick(widget.presets.buttons[LayoutMode.VERTICAL], LEFT)
    widget.scene.select([0])
    assert nameless(widget) == []
    assert widget.view.accessibleName()
    assert widget.view.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable by keyboard
