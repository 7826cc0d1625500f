"""``StatusPanelWidget``: the live status of the selected recording, rendered from its bridge."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QListWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import SessionBridge
from recorder_gui.ui.follow import Follower
from recorder_gui.ui.style import repolish, value_label

from .backup_row import BackupRowWidget
from .callbacks_box import CallbacksBox
from .error_banner import ErrorBannerWidget
from .files_check_row import FilesCheckRow


def _followed(b: SessionBridge) -> tuple[SignalInstance, ...]:
    return (
        b.state_changed,
        b.snapshot_changed,
        b.users_changed,
        b.idle_changed,
        b.limit_changed,
        b.error_changed,
    )


class StatusPanelWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("No recording selected")
        self.title.setObjectName("sectionTitle")
        self.reason = QLabel("Start a recording, or pick one in the list.")
        self.reason.setObjectName("muted")
        self.reason.setWordWrap(True)
        self.title.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.reason)

        self.backup = BackupRowWidget()
        self.banner = ErrorBannerWidget()
        self.banner.dismiss_requested.connect(self._on_banner_dismiss_requested)
        self.idle = QFrame()
        self.idle.setObjectName("idleBanner")
        self.idle_text = QLabel()
        self.idle_text.setWordWrap(True)
        idle_layout = QVBoxLayout(self.idle)
        idle_layout.setContentsMargins(12, 8, 12, 8)
        idle_layout.addWidget(self.idle_text)
        self.idle.hide()
        self.limit = QFrame()
        self.limit.setObjectName("idleBanner")
        self.limit_text = QLabel()
        self.limit_text.setObjectName("limitText")
        self.limit_text.setWordWrap(True)
        limit_layout = QVBoxLayout(self.limit)
        limit_layout.setContentsMargins(12, 8, 12, 8)
        limit_layout.addWidget(self.limit_text)
        self.limit.hide()

        self.live = live = QGroupBox("Live status")
        self.status = value_label(name="Service status")
        self.elapsed = value_label(name="Elapsed time")
        self.planned = value_label(name="Planned length")
        self.ends_by = value_label(name="The service ends it by itself at")
        self.first_slice = value_label(name="First slice time")
        self.last_poll = value_label(name="Last successful poll")
        self.next_poll = value_label(name="Next poll")
        self.domain = value_label(name="Domain in use")
        self.users = value_label(name="Users in the channel")
        form = QFormLayout(live)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        for text, widget in (
            ("Service status", self.status),
            ("Elapsed", self.elapsed),
            ("Planned", self.planned),
            ("Ends by", self.ends_by),
            ("First slice", self.first_slice),
            ("Last good poll", self.last_poll),
            ("Next poll", self.next_poll),
            ("Domain", self.domain),
            ("Users in channel", self.users),
        ):
            form.addRow(text, widget)

        self.files = QListWidget()
        self.files.setObjectName("fileList")
        self.files.setAccessibleName("Recorded files")
        self.files.setMinimumHeight(90)
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.callbacks = CallbacksBox()
        # Files and callbacks share the panel's lower half: it fits a 700-pixel-tall screen.
        self.lower_tabs = files_box = QTabWidget()
        files_box.setAccessibleName("Files and callbacks")
        # Above the list: are these files really in the bucket? (issue 12)
        self.files_check = FilesCheckRow()
        files_page = QWidget()
        files_page_layout = QVBoxLayout(files_page)
        files_page_layout.setContentsMargins(4, 4, 4, 4)
        files_page_layout.addWidget(self.files_check)
        files_page_layout.addWidget(self.files, 1)
        files_box.addTab(files_page, "Files so far")
        files_box.addTab(self.callbacks, "Callbacks")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.backup)
        layout.addWidget(self.banner)
        layout.addWidget(self.idle)
        layout.addWidget(self.limit)
        layout.addWidget(live)
        layout.addWidget(files_box, 1)

        self._follow = Follower(self, _followed, self._render, self._on_ticker_timeout)
        self.set_session(None)

    @property
    def session(self) -> SessionBridge | None:
        return self._follow.bridge

    @property
    def _bridge(self) -> SessionBridge | None:
        return self._follow.bridge

    def set_session(self, bridge: SessionBridge | None) -> None:
        self._follow.set(bridge)
        self.callbacks.set_session(bridge)
        self.backup.set_session(bridge)

    def _render(self) -> None:
        b = self._bridge
        if b is None:
            self.title.setText("No recording selected")
            self.reason.setText("Start a recording, or pick one in the list.")
            self.reason.show()
            self.banner.set_error(None)
            self.idle.hide()
            self.limit.hide()
            for label in (
                self.status,
                self.elapsed,
                self.planned,
                self.ends_by,
                self.first_slice,
                self.last_poll,
                self.next_poll,
                self.domain,
                self.users,
            ):
                label.setText("—")
            self.files.clear()
            return
        self.title.setText(b.title)
        self.reason.setText(b.reason)
        self.banner.set_error(b.error)
        # A failure is told once, in the banner (meaning, next step, request ID).
        failed = b.error is not None and b.error.level == "error"
        self.reason.setVisible(not failed)
        idle = b.idle_sentence
        self.idle.setVisible(idle is not None)
        self.idle_text.setText(idle or "")
        view = b.status
        # After the end, no live value pretends the recording still runs.
        self.status.setText(f"ended ({b.state.value})" if b.is_final else view.status)
        self.first_slice.setText(view.first_slice)
        self.domain.setText(view.domain)
        failures = f"  ({view.failures} failed since)" if view.failures else ""
        self.last_poll.setText(view.last_poll + failures)
        self.users.setText(b.users_text)
        files = b.files
        if [self.files.item(i).text() for i in range(self.files.count())] != list(files):
            self.files.clear()
            self.files.addItems(list(files))
            for row in range(self.files.count()):
                item = self.files.item(row)
                item.setToolTip(item.text())
        self._on_ticker_timeout()

    def _on_ticker_timeout(self) -> None:
        b = self._bridge
        if b is None:
            return
        self.elapsed.setText(b.elapsed)
        contact = b.contact_sentence
        self.reason.setText(contact or b.reason)
        stale = contact is not None or b.is_final
        if self.live.property("stale") != stale:
            self.live.setProperty("stale", stale)
            for label in self.live.findChildren(QLabel):
                label.setProperty("stale", stale)
                repolish(label)
        self.planned.setText(b.planned_text)
        self.ends_by.setText(b.limit_text)
        limit = b.limit_sentence
        self.limit.setVisible(limit is not None)
        self.limit_text.setText(limit or "")
        view = b.status
        if b.is_final or view.next_poll_in is None:
            next_poll = "—"
        elif view.next_poll_in > 0:
            next_poll = f"in {view.next_poll_in:.0f} s"
        else:
            next_poll = "now (waiting for the answer)"
        self.next_poll.setText(next_poll)
        idle = b.idle_sentence
        if idle is not None:
            self.idle_text.setText(idle)

    def _on_banner_dismiss_requested(self) -> None:
        if self._bridge is not None:
            self._bridge.dismiss_error()
