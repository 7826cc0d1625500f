"""``MainWindow``: hosts the start form, the dashboard, the status panel and the layout place.

It only hosts: the wiring to the bridge lives in ``recorder_gui.app``. The window paints before
its panels exist (they import the engine's types, which are slow to load): ``build_panels``,
called right after the first paint or on first use of a panel, puts them in.

``MainWindow(shell=True)`` (what ``recorder_gui.app`` paints first) is the same window without
what needs Qt's ``Qt`` namespace, whose first use makes PySide create all its ~100 enum types
(about 15 ms): the Layout tab and the keyring line; ``finish`` (called by ``build_panels``) adds
them. This module therefore never touches ``Qt``, ``QKeySequence`` or ``QSizePolicy`` on import
(tests/test_startup_imports.py holds it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .style import repolish

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QStackedWidget

    from .elided import ElidedLabel
    from .layout_tab import LayoutTab
    from .widgets.alerts_area import AlertsAreaWidget
    from .widgets.dashboard import DashboardWidget
    from .widgets.error_banner import ErrorBannerWidget
    from .widgets.on_air_bar import OnAirBarWidget
    from .widgets.start_form import StartFormWidget
    from .widgets.status_panel import StatusPanelWidget

#: The window's shortcuts (``QKeySequence`` strings), made with its actions after the paint.
SHORTCUTS = {
    "start": "Ctrl+Return",
    "stop": "Ctrl+Shift+S",
    "next": "Ctrl+PgDown",
    "previous": "Ctrl+PgUp",
}


#: The first window: this size when the screen has room, else the screen's available area.
FIRST_SIZE = (1440, 880)


def first_size(available: tuple[int, int]) -> tuple[int, int]:
    """The first window's size on a screen whose available area is ``available``."""
    return min(FIRST_SIZE[0], available[0]), min(FIRST_SIZE[1], available[1])


def _loading_label() -> QLabel:
    label = QLabel("Loading…")
    label.setObjectName("muted")
    # Centred by the style sheet: ``setAlignment(Qt.AlignmentFlag...)`` would touch ``Qt``.
    label.setStyleSheet("qproperty-alignment: AlignCenter;")
    return label


class MainWindow(QMainWindow):
    close_requested = Signal()
    profile_chosen = Signal(str)
    edit_profile_requested = Signal()
    new_profile_requested = Signal()
    stop_confirm_requested = Signal()
    #: The Layout tab became the current tab (editors are made only when it shows them).
    layout_tab_opened = Signal()

    # Made by finish(): a shell has none of them before.
    layout_scroll: LayoutTab
    layout_stack: QStackedWidget
    layout_message: QLabel
    keyring_line: ElidedLabel

    def __init__(self, parent: QWidget | None = None, *, shell: bool = False) -> None:
        """The whole window; ``shell``: without the Layout tab and the keyring line until
        :meth:`finish` (or :meth:`build_panels`) adds them, so that nothing touches ``Qt``."""
        super().__init__(parent)
        self.setWindowTitle("recorder-gui — Agora Cloud Recording")
        self.allow_close = False
        self._sizes_before_layout: list[int] = []
        self._start_form: StartFormWidget | None = None
        self._dashboard: DashboardWidget | None = None
        self._status_panel: StatusPanelWidget | None = None
        self._on_air: OnAirBarWidget | None = None
        self._alerts: AlertsAreaWidget | None = None
        self._finished = False

        self.form_pane = form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        self._form_layout = QVBoxLayout(holder)
        self._form_layout.setContentsMargins(8, 10, 8, 10)
        self._form_layout.addWidget(_loading_label())
        form_scroll.setWidget(holder)
        form_scroll.setMinimumWidth(320)

        board = QWidget()
        self._board_layout = QVBoxLayout(board)
        self._board_layout.setContentsMargins(8, 12, 8, 12)
        self._board_layout.addWidget(_loading_label())
        board.setMinimumWidth(220)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Selected recording")
        self.tabs.addTab(_loading_label(), "Status")
        self.tabs.addTab(QWidget(), "Layout")  # the Layout tab itself comes with finish()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 12, 12, 12)
        right_layout.addWidget(self.tabs)

        self.splitter = QSplitter()  # horizontal (not named: ``Qt.Orientation`` touches ``Qt``)
        self.splitter.setChildrenCollapsible(False)
        for widget in (form_scroll, board, right):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([400, 260, 620])
        # The column: start-up notices, the on-air bar (after the first paint), the panes.
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        notices = QWidget()
        self._notice_layout = QVBoxLayout(notices)
        self._notice_layout.setContentsMargins(12, 0, 12, 0)
        self._column.addWidget(notices)
        self._column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_toolbar()
        self.statusBar().showMessage("Starting…")
        self.resize(*first_size(self.screen().availableGeometry().size().toTuple()))
        if not shell:
            self.finish()

    def finish(self) -> None:
        """Add what the shell leaves out (once): the Layout tab and the keyring line."""
        if self._finished:
            return
        self._finished = True
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSizePolicy

        from .elided import ElidedLabel
        from .layout_tab import NO_LAYOUT_NONE, LayoutTab

        self.form_pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        placeholder = self.tabs.widget(1)
        self.tabs.removeTab(1)
        if placeholder is not None:
            placeholder.deleteLater()
        self.layout_scroll = LayoutTab()
        self.layout_stack = self.layout_scroll.stack
        self.layout_message = self.layout_scroll.message
        self.tabs.insertTab(1, self.layout_scroll, "Layout")
        self.set_layout_message(NO_LAYOUT_NONE)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tabs.currentChanged.connect(
            lambda _i: self.layout_tab_opened.emit() if self.layout_tab_open else None
        )
        # Takes the rest of the bar and shortens itself: it never pushes the bar's buttons away.
        self.keyring_line = ElidedLabel()
        self.keyring_line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.keyring_line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.keyring_line.setMinimumWidth(120)
        self.keyring_line.setObjectName("keyringLine")
        self.keyring_line.setAccessibleName("Where secrets are kept")
        self._profile_bar.addWidget(self.keyring_line)

    # -- panels (after the first paint) -------------------------------------------------------
    @property
    def panels_built(self) -> bool:
        return self._start_form is not None

    def build_panels(self) -> None:
        """Create the start form, the dashboard and the status panel (once)."""
        if self._start_form is not None:
            return
        self.finish()
        from .widgets.alerts_area import AlertsAreaWidget
        from .widgets.dashboard import DashboardWidget
        from .widgets.on_air_bar import OnAirBarWidget
        from .widgets.start_form import StartFormWidget
        from .widgets.status_panel import StatusPanelWidget

        self._start_form = form = StartFormWidget()
        self._dashboard = dashboard = DashboardWidget()
        self._status_panel = panel = StatusPanelWidget()
        self._on_air = bar = OnAirBarWidget()
        bar.hint_shown.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self._alerts = AlertsAreaWidget()
        self._alerts.muted = not self.sound_box.isChecked()
        self.sound_box.toggled.connect(lambda on: setattr(self._alerts, "muted", not on))
        self._column.insertWidget(1, self._alerts)
        self._column.insertWidget(2, bar)
        dashboard.session_selected.connect(panel.set_session)
        dashboard.session_selected.connect(bar.set_session)
        for layout, widget in ((self._form_layout, form), (self._board_layout, dashboard)):
            loading = layout.takeAt(0)
            placeholder = loading.widget() if loading is not None else None
            if placeholder is not None:
                placeholder.deleteLater()
            layout.addWidget(widget)
        from PySide6.QtCore import Qt

        loading_tab = self.tabs.widget(0)
        self.tabs.removeTab(0)
        if loading_tab is not None:
            loading_tab.deleteLater()
        # Scrolls vertically: an error banner or a long reason never makes the window taller.
        self.status_scroll = status_scroll = QScrollArea()
        status_scroll.setWidgetResizable(True)
        status_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        status_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        status_scroll.setWidget(panel)
        self.tabs.insertTab(0, status_scroll, "Status")
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
    def on_air(self) -> OnAirBarWidget:
        """The bar with the selected recording's state, clock, countdown and Stop."""
        self.build_panels()
        assert self._on_air is not None
        return self._on_air

    @property
    def alerts(self) -> AlertsAreaWidget:
        """Alerts above the panes (with a sound unless muted)."""
        self.build_panels()
        assert self._alerts is not None
        return self._alerts

    @property
    def status_panel(self) -> StatusPanelWidget:
        self.build_panels()
        assert self._status_panel is not None
        return self._status_panel

    def _build_toolbar(self) -> None:
        self._profile_bar = bar = QToolBar("Profile")
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
        self.sound_box = QCheckBox("Sound")
        self.sound_box.setChecked(True)
        self.sound_box.setAccessibleName("Play a sound with alerts")
        self.sound_box.setToolTip("Alerts (a recording ended, no contact, token running out) beep")
        bar.addWidget(self.sound_box)
        self.addToolBar(bar)  # the keyring line comes with finish()

    def _build_actions(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QKeySequence

        def action(name: str, text: str) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(SHORTCUTS[name]))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(act)
            return act

        self.start_action = action("start", "Start recording")
        self.start_action.triggered.connect(self._on_start_shortcut)
        self.stop_action = action("stop", "Stop the selected recording…")
        self.stop_action.triggered.connect(self.stop_confirm_requested)
        self.next_action = action("next", "Next recording")
        self.next_action.triggered.connect(lambda: self.dashboard.select_next(1))
        self.previous_action = action("previous", "Previous recording")
        self.previous_action.triggered.connect(lambda: self.dashboard.select_next(-1))
        self.start_form.start_button.setToolTip("Start recording (Ctrl+Enter)")
        self.on_air.stop_button.setToolTip(
            "Hold to stop (mouse or Space). Keyboard: Ctrl+Shift+S asks to confirm."
        )

    def _on_start_shortcut(self) -> None:
        """Ctrl+Enter starts only when the start form is on screen (never from the Layout
        tab, where it would swap the canvas being edited away)."""
        if self.form_pane.isVisible() and not self.editing_layout:
            self.start_form.start_button.click()
        else:
            self.statusBar().showMessage(
                "Ctrl+Enter starts from the start form: open the Status tab first.", 5000
            )

    # -- what app.py sets -----------------------------------------------------------------
    def set_profiles(self, names: list[str], current: str) -> None:
        self.profile_box.clear()
        self.profile_box.addItems(names)
        self.profile_box.setCurrentText(current)
        self.edit_profile_button.setEnabled(bool(current))

    def set_keyring_status(self, sentence: str, *, persistent: bool) -> None:
        self.finish()
        self.keyring_line.setText(sentence + "  ")
        self.keyring_line.setProperty("memory", not persistent)
        repolish(self.keyring_line)

    def show_notice(
        self, level: str, sentence: str, next_step: str = "", *, persistent: bool = False
    ) -> ErrorBannerWidget:
        """A banner above the panels (start-up problems); ``persistent``: no Dismiss button."""
        from recorder_gui.bridge import ErrorView

        from .widgets.error_banner import ErrorBannerWidget

        self._notice_layout.setContentsMargins(12, 8, 12, 0)
        banner = ErrorBannerWidget()
        self._notice_layout.addWidget(banner)
        banner.set_error(ErrorView(sentence, next_step, level=level))
        banner.dismiss_button.setVisible(not persistent)
        banner.dismiss_requested.connect(banner.hide)
        return banner

    # -- the Layout tab -------------------------------------------------------------------
    @property
    def layout_widget(self) -> QWidget:
        """What the Layout tab shows now (an editor, or the explanatory label)."""
        return self.layout_scroll.current

    def set_layout_widget(self, widget: QWidget | None) -> None:
        """Show ``widget`` (a session's layout editor) in the Layout tab; None: the label."""
        self.layout_scroll.show_widget(widget)
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def set_layout_message(self, detail: str) -> None:
        """Show the calm explanation instead of an editor (no mix recording selected)."""
        self.layout_scroll.show_message(detail)
        self._on_tabs_current_changed(self.tabs.currentIndex())

    @property
    def layout_tab_open(self) -> bool:
        """The Layout tab is the current tab."""
        return self.tabs.currentWidget() is self.layout_scroll

    @property
    def editing_layout(self) -> bool:
        """The Layout tab is open on an editor (the start form steps aside to give it room)."""
        return self.layout_tab_open and self.layout_scroll.has_editor

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
        from PySide6.QtCore import QByteArray

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

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
