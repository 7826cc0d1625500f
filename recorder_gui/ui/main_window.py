"""``MainWindow``: hosts the start form, the dashboard, the status panel and the layout place.

It only hosts: the wiring to the bridge lives in ``recorder_gui.app``.
"""

from __future__ import annotations

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
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .style import repolish
from .widgets.dashboard import DashboardWidget
from .widgets.start_form import StartFormWidget
from .widgets.status_panel import StatusPanelWidget

SHORTCUTS = {
    "start": QKeySequence("Ctrl+Return"),
    "stop": QKeySequence("Ctrl+Shift+S"),
    "next": QKeySequence("Ctrl+PgDown"),
    "previous": QKeySequence("Ctrl+PgUp"),
}


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
        self.start_form = StartFormWidget()
        self.dashboard = DashboardWidget()
        self.status_panel = StatusPanelWidget()
        self.status_panel.hint_shown.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.dashboard.session_selected.connect(self.status_panel.set_session)

        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(12, 12, 14, 12)
        holder_layout.addWidget(self.start_form)
        form_scroll.setWidget(holder)
        form_scroll.setMinimumWidth(430)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        board = QWidget()
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(8, 12, 8, 12)
        board_layout.addWidget(self.dashboard)
        board.setMinimumWidth(300)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Selected recording")
        self.tabs.addTab(self.status_panel, "Status")
        self.layout_placeholder = QLabel("Layout canvas")
        self.layout_placeholder.setObjectName("muted")
        self.layout_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_widget: QWidget = self.layout_placeholder
        self.tabs.addTab(self.layout_placeholder, "Layout")
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
        self._build_actions()
        self.statusBar().showMessage("Ready.")
        self.resize(1440, 880)

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

    def set_layout_widget(self, widget: QWidget) -> None:
        """Put the layout canvas (issue 6) where the placeholder is."""
        index = self.tabs.indexOf(self.layout_widget)
        self.tabs.removeTab(index)
        self.layout_widget.deleteLater()
        self.layout_widget = widget
        self.tabs.insertTab(index, widget, "Layout")

    # -- window state ---------------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.allow_close:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
