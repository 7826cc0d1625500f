"""The editor fits a 1024x700 laptop's Layout tab (about 760x520) in the app's own style: no
horizontal scrolling, every button whole, fixed side panels, and a canvas that stays put when
a label or a list changes; a hidden editor never cuts the explanation shown instead."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from recorder_gui.layout import LayoutDocument, LayoutMode
from recorder_gui.ui.canvas import LayoutEditorWidget

from .conftest import LAPTOP, MOST, settle
from .helpers import FakeSink

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def shown_rect(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def cut_or_squeezed(top: QWidget) -> list[str]:
    """Visible interactive widgets that are clipped by an ancestor or smaller than they ask."""
    bad: list[str] = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(top):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the editor inside a spin box or combo box
        name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or repr(widget)
        rect = shown_rect(widget, top)
        node = widget.parentWidget()
        while node is not None and node is not top:
            if not shown_rect(node, top).contains(rect):
                bad.append(f"{name}: cut by {type(node).__name__}")
                break
            node = node.parentWidget()
        if not top.rect().contains(rect):
            bad.append(f"{name}: outside the editor")
        want = widget.minimumSizeHint()
        if widget.width() < want.width() or widget.height() < want.height():
            bad.append(f"{name}: squeezed to {widget.size().toTuple()} < {want.toTuple()}")
    return bad


def assert_fits(editor: LayoutEditorWidget) -> None:
    settle()
    need = editor.minimumSizeHint()
    assert need.width() <= MOST[0] and need.height() <= MOST[1], need.toTuple()
    assert editor.size().toTuple() == LAPTOP  # nothing forced the editor wider or taller
    assert cut_or_squeezed(editor) == []


def test_the_editor_fits_a_laptop_layout_tab_in_every_mode(
    qtbot: QtBot, laptop: LayoutEditorWidget
) -> None:
    assert_fits(laptop)
    laptop.scene.select([1])  # the region's fields
    assert_fits(laptop)
    for mode in (LayoutMode.FLOATING, LayoutMode.BEST_FIT, LayoutMode.VERTICAL):
        qtbot.mouseClick(laptop.presets.buttons[mode], Qt.MouseButton.LeftButton)
        assert laptop.presets.edit_custom.isVisible()
        assert laptop.presets.large.isVisible() == (mode is LayoutMode.VERTICAL)
        assert_fits(laptop)
        assert laptop.presets.hint.fits(), laptop.presets.hint.text()
    qtbot.mouseClick(laptop.presets.edit_custom, Qt.MouseButton.LeftButton)
    assert laptop.tools.delete.isVisible() and laptop.undo_button.isVisible()
    assert laptop.presets.hint.fits(), laptop.presets.hint.text()
    assert laptop.user_list.hint.fits() and laptop.user_list.legend.fits()
    # a failure shows Re-send and Revert as well
    sink = FakeSink()
    laptop.set_sink(sink)
    laptop.live.apply.click()
    sink.fail = True
    laptop.document.move_region(1, 0.1, 0.1)
    qtbot.waitUntil(laptop.live.apply.isEnabled, timeout=1000)
    laptop.live.apply.click()
    assert laptop.live.resend.isVisible() and laptop.live.revert.isVisible()
    assert_fits(laptop)


def uid_width(editor: LayoutEditorWidget, row: int) -> int:
    """The width the list's delegate needs to draw item ``row`` (icon and text) unshortened."""
    rows = editor.user_list.list
    option = QStyleOptionViewItem()
    option.font = rows.font()
    option.fontMetrics = rows.fontMetrics()
    option.decorationSize = rows.iconSize()
    index: QModelIndex = rows.model().index(row, 0)
    return rows.itemDelegate().sizeHint(option, index).width()


def test_users_and_region_panels_keep_fixed_widths_and_show_ten_digit_uids(
    qtbot: QtBot, laptop: LayoutEditorWidget
) -> None:
    users, right = laptop.user_list, laptop.right
    assert users.minimumWidth() == users.maximumWidth()
    assert right.minimumWidth() == right.maximumWidth()
    widths = (users.width(), right.width())
    laptop.set_channel_users([*(str(1_000_000_000 + n) for n in range(40)), "4294967295"])
    settle()
    rows = users.list
    assert rows.verticalScrollBar().isVisible()  # 41 users: the scroll bar takes its room
    last = rows.count() - 1
    assert rows.item(last).text() == "4294967295"
    fm = rows.fontMetrics()
    text_room = rows.visualItemRect(rows.item(last)).width() - rows.iconSize().width() - 12
    assert fm.horizontalAdvance("4294967295") <= text_room
    assert uid_width(laptop, last) <= rows.viewport().width()
    view = laptop.view.width()
    laptop.resize(1200, 700)
    settle()
    assert (users.width(), right.width()) == widths  # the canvas takes the extra room
    assert laptop.view.width() > view + 400


def test_the_canvas_stays_put_when_labels_and_lists_change(
    qtbot: QtBot, laptop: LayoutEditorWidget, document: LayoutDocument
) -> None:
    view = laptop.view

    def where() -> tuple[int, int, int, int]:
        settle()
        return shown_rect(view, laptop).getRect()

    sink = FakeSink()
    laptop.set_sink(sink)
    laptop.live.apply.click()
    before = where()
    laptop.editor.set_rects({1: (0.3, 0.3, 0.25, 0.25)}, "Move region")
    assert laptop.undo_action.text() == "Undo Move region"
    assert laptop.undo_button.text() == "Undo"  # the button keeps its label...
    assert laptop.undo_button.toolTip().startswith("Undo Move region")  # ...and tells all
    assert where() == before
    for index, alpha in ((0, 0.5), (2, 0.7)):
        laptop.editor.set_alpha(index, alpha)
    laptop.editor.set_background_color("#203040")
    laptop.editor.duplicate([0])
    qtbot.waitUntil(lambda: laptop.live.diff.text().count("\n") >= 3, timeout=1000)
    assert where() == before  # a longer list of changes
    laptop.editor.set_uid(1, "not a uid!")  # refused: a message
    assert laptop.message.text()
    assert where() == before
    laptop.live.live.setChecked(True)  # the red frame is as thick as the calm one
    assert laptop.on_air.live
    assert where() == before
    laptop.live.live.setChecked(False)
    sink.fail = True
    laptop.live.apply.click()  # a failure: Re-send, Revert and a long detail
    assert laptop.live.resend.isVisible()
    assert where() == before


def test_a_hidden_editor_does_not_cut_the_explanation_shown_instead(
    qtbot: QtBot, document: LayoutDocument, app_style: None
) -> None:
    from recorder_gui.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.allow_close = True
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.layout_scroll)
    editor = LayoutEditorWidget(document)
    window.set_layout_widget(editor)
    settle()
    assert window.layout_scroll.horizontalScrollBar().maximum() == 0  # the editor fits
    window.set_layout_message(
        "“show” is an individual recording: there is no mixed video to arrange. "
        "Select a mix recording."
    )
    settle()
    message = window.layout_message
    assert message.isVisible() and message.wordWrap()
    assert window.layout_scroll.horizontalScrollBar().maximum() == 0
    assert message.width() <= window.layout_scroll.viewport().width()
