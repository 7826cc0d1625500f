"""``MainWindow``: hosts the start form, the dashboard, the status panel and the layout place.

It only hosts: the wiring to the bridge lives in ``recorder_gui.app``. The window paints before
its panels exist (they import the engine's types, which are slow to load): ``build_panels``,
called right after the first paint or on first use of a panel, puts them in.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .style import repolish

if TYPE_CHECKING:
    from .widgets.dashboard import DashboardWidget
    from .widgets.error_banner import ErrorBannerWidget
    from .widgets.start_form import StartFormWidget
    from .widgets.status_panel import StatusPanelWidget

SHORTCUTS = {
    "start": QKeySequence("Ctrl+Return"),
    "stop": QKeySequence("Ctrl+Shift+S"),
    "next": QKeySequence("Ctrl+PgDown"),
    "previous": QKeySequence("Ctrl+PgUp"),
}
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

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False


def _loading_label() -> QLabel:
    label = QLabel("Loading…")
    label.setObjectName("muted")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class MainWindow(QMainWindow):
    close_requested = Signal()
    profile_chosen = Signal(str)
    edit_profile_requested = Signal()
    new_profile_requested = Signal()
    stop_confirm_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("recorder-gui — Agora Cloud Recording")
        self.allow_close = False
        self._sizes_before_layout: list[int] = []
        self._layout_pages: dict[QWidget, _LayoutPage] = {}
        self._start_form: StartFormWidget | None = None
        self._dashboard: DashboardWidget | None = None
        self._status_panel: StatusPanelWidget | None = None
        self._notice_layout: QVBoxLayout | None = None

        self.form_pane = form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        self._form_layout = QVBoxLayout(holder)
        self._form_layout.setContentsMargins(12, 12, 14, 12)
        self._form_layout.addWidget(_loading_label())
        form_scroll.setWidget(holder)
        form_scroll.setMinimumWidth(430)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        board = QWidget()
        self._board_layout = QVBoxLayout(board)
        self._board_layout.setContentsMargins(8, 12, 8, 12)
        self._board_layout.addWidget(_loading_label())
        board.setMinimumWidth(300)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Selected recording")
        self.tabs.addTab(_loading_label(), "Status")
        self.layout_stack = QStackedWidget()
        self.layout_stack.setAccessibleName("Layout of the selected recording")
        self.layout_message = QLabel()
        self.layout_message.setObjectName("muted")
        self.layout_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_message.setWordWrap(True)
        self.layout_message.setMargin(24)
        self.layout_stack.addWidget(self.layout_message)
        # A scroll area, so an editor wider than the pane never widens the whole window.
        self.layout_scroll = QScrollArea()
        self.layout_scroll.setWidgetResizable(True)
        self.layout_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.layout_scroll.setWidget(self.layout_stack)
        self.tabs.addTab(self.layout_scroll, "Layout")
        self.set_layout_message(NO_LAYOUT_NONE)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 12, 12, 12)
        right_layout.addWidget(self.tabs)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        for widget in (form_scroll, board, right):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([420, 400, 620])
        self.setCentralWidget(self.splitter)
        self._build_toolbar()
        self.statusBar().showMessage("Starting…")
        self.resize(1440, 880)

    # -- panels (after the first paint) -------------------------------------------------------
    @property
    def panels_built(self) -> bool:
        return self._start_form is not None

    def build_panels(self) -> None:
        """Create the start form, the dashboard and the status panel (once)."""
        if self._start_form is not None:
            return
        from .widgets.dashboard import DashboardWidget
        from .widgets.start_form import StartFormWidget
        from .widgets.status_panel import StatusPanelWidget

        self._start_form = form = StartFormWidget()
        self._dashboard = dashboard = DashboardWidget()
        self._status_panel = panel = StatusPanelWidget()
        panel.hint_shown.connect(lambda text: self.statusBar().showMessage(text, 4000))
        dashboard.session_selected.connect(panel.set_session)
        for layout, widget in ((self._form_layout, form), (self._board_layout, dashboard)):
            loading = layout.takeAt(0)
            placeholder = loading.widget() if loading is not None else None
            if placeholder is not None:
                placeholder.deleteLater()
            layout.addWidget(widget)
        loading_tab = self.tabs.widget(0)
        self.tabs.removeTab(0)
        if loading_tab is not None:
            loading_tab.deleteLater()
        self.tabs.insertTab(0, panel, "Status")
        self.tabs.setCurrentIndex(0)
        self._build_actions()
        self.statusBar().showMessage("Ready.")

    @property
    def start_form(self) -> StartFormWidget:
        self.build_panels()
        assert self._start_form is not None
        return self._start_form

    @property
    def dashboard(self) -> DashboardWidget:
        self.build_panels()
        assert self._dashboard is not None
        return self._dashboard

    @property
    def status_panel(self) -> StatusPanelWidget:
        self.build_panels()
        assert self._status_panel is not None
        return self._status_panel

    def _build_toolbar(self) -> None:
        bar = QToolBar("Profile")
        bar.setObjectName("profileBar")
        bar.setMovable(False)
        bar.addWidget(QLabel("  Profile "))
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName("Profile")
        self.profile_box.setMinimumWidth(180)
        self.profile_box.activated.connect(
            lambda _i: self.profile_chosen.emit(self.profile_box.currentText())
        )
        bar.addWidget(self.profile_box)
        self.edit_profile_button = QPushButton("Edit profile…")
        self.edit_profile_button.setAccessibleName("Edit the profile and its credentials")
        self.edit_profile_button.clicked.connect(self.edit_profile_requested)
        self.new_profile_button = QPushButton("New profile…")
        self.new_profile_button.setAccessibleName("Create a new profile")
        self.new_profile_button.clicked.connect(self.new_profile_requested)
        bar.addWidget(self.edit_profile_button)
        bar.addWidget(self.new_profile_button)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.keyring_line = QLabel()
        self.keyring_line.setObjectName("keyringLine")
        self.keyring_line.setAccessibleName("Where secrets are kept")
        bar.addWidget(self.keyring_line)
        self.addToolBar(bar)

    def _build_actions(self) -> None:
        def action(name: str, text: str) -> QAction:
            act = QAction(text, self)
            act.setShortcut(SHORTCUTS[name])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(act)
            return act

        self.start_action = action("start", "Start recording")
        self.start_action.triggered.connect(self.start_form.start_button.click)
        self.stop_action = action("stop", "Stop the selected recording…")
        self.stop_action.triggered.connect(self.stop_confirm_requested)
        self.next_action = action("next", "Next recording")
        self.next_action.triggered.connect(lambda: self.dashboard.select_next(1))
        self.previous_action = action("previous", "Previous recording")
        self.previous_action.triggered.connect(lambda: self.dashboard.select_next(-1))
        self.start_form.start_button.setToolTip("Start recording (Ctrl+Enter)")
        self.status_panel.stop_button.setToolTip(
            "Hold to stop (mouse or Space). Keyboard: Ctrl+Shift+S asks to confirm."
        )

    # -- what app.py sets -----------------------------------------------------------------
    def set_profiles(self, names: list[str], current: str) -> None:
        self.profile_box.clear()
        self.profile_box.addItems(names)
        self.profile_box.setCurrentText(current)
        self.edit_profile_button.setEnabled(bool(current))

    def set_keyring_status(self, sentence: str, *, persistent: bool) -> None:
        self.keyring_line.setText(sentence + "  ")
        self.keyring_line.setProperty("memory", not persistent)
        repolish(self.keyring_line)

    def show_notice(
        self, level: str, sentence: str, next_step: str = "", *, persistent: bool = False
    ) -> ErrorBannerWidget:
        """A banner above the panels (start-up problems); ``persistent``: no Dismiss button."""
        from recorder_gui.bridge import ErrorInfo

        from .widgets.error_banner import ErrorBannerWidget

        if self._notice_layout is None:  # first notice: put a notice area above the splitter
            area, box = QWidget(), QWidget()
            self._notice_layout = QVBoxLayout(area)
            self._notice_layout.setContentsMargins(12, 8, 12, 0)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(area)
            self.takeCentralWidget()  # the splitter (now hidden), which moves into the column
            column.addWidget(self.splitter, 1)
            self.setCentralWidget(box)
            for widget in (area, self.splitter, box):
                widget.show()
        banner = ErrorBannerWidget()
        self._notice_layout.addWidget(banner)
        banner.set_error(ErrorInfo(sentence, next_step, level=level))
        banner.dismiss_button.setVisible(not persistent)
        banner.dismiss_requested.connect(banner.hide)
        return banner

    # -- the Layout tab -------------------------------------------------------------------
    @property
    def layout_widget(self) -> QWidget:
        """What the Layout tab shows now (an editor, or the explanatory label)."""
        page = self.layout_stack.currentWidget()
        return page.content if isinstance(page, _LayoutPage) else self.layout_message

    def set_layout_widget(self, widget: QWidget | None) -> None:
        """Show ``widget`` (a session's layout editor) in the Layout tab; None: the label.

        Widgets shown once stay in the tab (hidden) so each keeps its edits and undo history.
        """
        if widget is None:
            self.layout_stack.setCurrentWidget(self.layout_message)
        else:
            page = self._layout_pages.get(widget)
            if page is None:
                page = self._layout_pages[widget] = _LayoutPage(widget)
                self.layout_stack.addWidget(page)
            self.layout_stack.setCurrentWidget(page)
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def set_layout_message(self, detail: str) -> None:
        """Show the calm explanation instead of an editor (no mix recording selected)."""
        self.layout_message.setText(
            f"<p style='font-size:12pt; font-weight:600'>{NO_LAYOUT_TITLE}</p>"
            f"<p>{html.escape(detail)}</p>"
        )
        self.set_layout_widget(None)

    @property
    def editing_layout(self) -> bool:
        """The Layout tab is open on an editor (the start form steps aside to give it room)."""
        return (
            self.tabs.currentWidget() is self.layout_scroll
            and self.layout_stack.currentWidget() is not self.layout_message
        )

    def _on_tabs_current_changed(self, index: int) -> None:
        editing = self.editing_layout
        if editing == self.form_pane.isHidden():
            return
        if editing:  # the canvas wants the room: the form steps aside, the list narrows
            sizes = self._sizes_before_layout = self.splitter.sizes()
            board = self.splitter.widget(1)
            narrow = board.minimumWidth() if board is not None else sizes[1]
            self.form_pane.hide()
            self.splitter.setSizes([0, narrow, sum(sizes) - narrow])
        else:
            self.form_pane.show()
            if self._sizes_before_layout:
                self.splitter.setSizes(self._sizes_before_layout)

    # -- window state ---------------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        hidden = self.form_pane.isHidden()
        self.form_pane.show()  # saved as the Status tab shows it
        settings.setValue("window/splitter", self.splitter.saveState())
        self.form_pane.setHidden(hidden)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.allow_close:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
