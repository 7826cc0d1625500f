"""``StartFormWidget``: channel, bot uid, mode and its fields; emits a StartPlan as an intent."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import PreflightView, StartPlan, one_sided_list

from .cost_box import CostBoxWidget
from .duration_edit import DurationEditWidget
from .field_marks import FieldMarks
from .form_parts import (
    ALL_STREAMS,
    AUDIO_PROFILES,
    FPS,
    LAYOUTS,
    MODES,
    STREAM_TYPES,
    MessageList,
    combo,
    spin,
    uids_of,
)
from .one_sided import OneSidedConfirmWidget

__all__ = ["ALL_STREAMS", "StartFormWidget"]


class StartFormWidget(QWidget):
    check_requested = Signal(object)  # StartPlan
    start_requested = Signal(object)  # StartPlan
    suggest_uid_requested = Signal(str)  # cname
    cancel_requested = Signal()  #: cancel a start still being checked

    def __init__(self, defaults: StartPlan | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._defaults = defaults or StartPlan(cname="", bot_uid="999999999")
        self.channel = QLineEdit()
        self.channel.setPlaceholderText("e.g. demo-show")
        self.channel.setAccessibleName("Channel name")
        self.bot_uid = QLineEdit()
        self.bot_uid.setValidator(
            QRegularExpressionValidator(QRegularExpression("[1-9][0-9]{0,9}"), self)
        )
        self.bot_uid.setAccessibleName("Bot uid")
        self.suggest = QPushButton("Suggest")
        self.suggest.setAccessibleName("Suggest a free bot uid")
        self.suggest.clicked.connect(lambda: self.suggest_uid_requested.emit(self.channel.text()))
        uid_row = QHBoxLayout()
        uid_row.addWidget(self.bot_uid, 1)
        uid_row.addWidget(self.suggest)
        self.mode = combo([(text, value) for value, text in MODES], "Recording mode")
        self.max_idle = spin(5, 2_592_000, 300, "Max idle time in seconds", " s")
        self.stream_types = combo(STREAM_TYPES, "Stream types")
        self.planned = DurationEditWidget(self._defaults.planned_seconds // 60)
        self.planned.setToolTip(
            "How long the show runs. Sets how long the bot's token lasts (at most 24 h) and a "
            "web recording's maxRecordingHour; the card counts down to it."
        )
        self.mp4 = QCheckBox("Also write MP4")
        self.mp4.setToolTip("HLS (M3U8 and TS) is always written; this adds MP4 files.")
        self.mp4.setAccessibleName("Also write MP4")

        basics = QGroupBox("New recording")
        form = QFormLayout(basics)
        form.addRow("&Channel", self.channel)
        form.addRow("&Bot uid", uid_row)
        form.addRow("&Mode", self.mode)
        form.addRow("&Planned", self.planned)
        form.addRow("Max &idle", self.max_idle)
        form.addRow("S&treams", self.stream_types)
        form.addRow("", self.mp4)
        self._label_buddies(form)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._mix_page())
        self.pages.addWidget(self._individual_page())
        self.pages.addWidget(self._web_page())
        self.mode.currentIndexChanged.connect(self._on_mode_current_index_changed)

        self.problems = MessageList("problemList", "Cannot start yet:")
        # One-click fixes for what the panel knows (a free bot uid, the channel meant).
        self.use_uid_button = QPushButton("Use the free bot uid")
        self.use_uid_button.setAccessibleName("Use the suggested free bot uid and start")
        self.use_channel_button = QPushButton("Use the channel meant")
        self.use_channel_button.setAccessibleName("Use the suggested channel and start")
        self.keep_channel_button = QPushButton("Start anyway")
        self.keep_channel_button.setAccessibleName("Start the channel as typed")
        self.use_uid_button.clicked.connect(self._on_use_uid_button_clicked)
        self.use_channel_button.clicked.connect(self._on_use_channel_button_clicked)
        self.keep_channel_button.clicked.connect(self._on_keep_channel_button_clicked)
        self._fix_uid: str | None = None
        self._confirmed_channel: str | None = None
        self._fix_channel: str | None = None
        fixes = QHBoxLayout()
        for button in (self.use_uid_button, self.use_channel_button, self.keep_channel_button):
            button.hide()
            fixes.addWidget(button)
        fixes.addStretch(1)
        self.warnings = MessageList("warningList", "Please note:")
        self.check_button = QPushButton("Check")
        self.check_button.setAccessibleName("Run the pre-flight check")
        self.check_button.clicked.connect(lambda: self.check_requested.emit(self.plan()))
        self.start_button = QPushButton("Start recording")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start recording")
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.one_sided = OneSidedConfirmWidget()
        self.one_sided.everyone_chosen.connect(lambda: self._start_with_choice("everyone"))
        self.one_sided.none_chosen.connect(lambda: self._start_with_choice("none"))
        self.one_sided.cancelled.connect(self.one_sided.hide)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the start being checked")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        self.ready = QLabel("Every check passed: ready to start.")
        self.ready.setObjectName("readyText")
        self.ready.setAccessibleName("Every check passed: ready to start")
        self.ready.hide()
        self.pending = QLabel("Checking the channel and the credentials…")
        self.pending.setObjectName("muted")
        self.pending.setWordWrap(True)
        self.pending.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(basics)
        layout.addWidget(self.pages)
        layout.addWidget(self.problems)
        layout.addLayout(fixes)
        layout.addWidget(self.warnings)
        layout.addWidget(self.one_sided)
        layout.addLayout(buttons)
        layout.addWidget(self.pending)
        layout.addWidget(self.ready)
        layout.addStretch(1)
        self.marks = FieldMarks(
            {
                "Channel": self.channel,
                "Bot uid": self.bot_uid,
                "Planned length": self.planned.hours,
                "Max idle": self.max_idle,
                "Web page URL": self.web_url,
                "Audio from": self.audio_uids,
                "Video from": self.video_uids,
                "Frame rate": self.fps,
                "Bitrate": self.bitrate,
                "Size": self.width_box,
            },
            self.problems.show_items,
            self,
        )
        self.set_defaults(self._defaults)
        self.cost = CostBoxWidget(self.plan)  # follows every field: docs/cost.md
        layout.insertWidget(layout.indexOf(self.pages) + 1, self.cost)
        self.cost.follow(self)

    @staticmethod
    def _label_buddies(form: QFormLayout) -> None:
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None:
                continue
            widget, target = label.widget(), field.widget()
            inner = field.layout()
            if target is None and inner is not None and inner.count():
                first = inner.itemAt(0)
                target = first.widget() if first is not None else None
            if isinstance(widget, QLabel) and target is not None:
                widget.setBuddy(target)

    def _mix_page(self) -> QGroupBox:
        box = QGroupBox("Mixed video")
        self.width_box = spin(16, 1920, 1280, "Video width", " px")
        self.height_box = spin(16, 1920, 720, "Video height", " px")
        size = QHBoxLayout()
        size.addWidget(self.width_box)
        size.addWidget(QLabel("×"))
        size.addWidget(self.height_box)
        size.addStretch(1)
        self.fps = combo([(f"{f} fps", f) for f in FPS], "Frame rate")
        self.bitrate = spin(1, 6500, 1130, "Bitrate in kbps", " kbps")
        self.layout_choice = combo(LAYOUTS, "Layout")
        self.audio_profile = combo(AUDIO_PROFILES, "Audio profile")
        self.audio_uids = QLineEdit()
        self.audio_uids.setPlaceholderText("everyone (or uids, comma-separated)")
        self.audio_uids.setAccessibleName("Subscribe audio uids")
        self.video_uids = QLineEdit()
        self.video_uids.setPlaceholderText("everyone (or uids, comma-separated)")
        self.video_uids.setAccessibleName("Subscribe video uids")
        form = QFormLayout(box)
        form.addRow("Size", size)
        form.addRow("&Frame rate", self.fps)
        form.addRow("Bit&rate", self.bitrate)
        form.addRow("&Layout", self.layout_choice)
        form.addRow("&Audio", self.audio_profile)
        form.addRow("Audio from", self.audio_uids)
        form.addRow("Video from", self.video_uids)
        self._label_buddies(form)
        return box

    def _individual_page(self) -> QGroupBox:
        box = QGroupBox("Individual files")
        self.stream_mode = combo(
            [
                ("Default (separate audio and video)", "default"),
                ("Standard (audio and video together)", "standard"),
                ("Original (no transcoding)", "original"),
            ],
            "Stream mode",
        )
        self.expected = spin(1, 49, 2, "Expected number of users")
        self.ind_audio_uids = QLineEdit()
        self.ind_audio_uids.setPlaceholderText("everyone (or uids, comma-separated)")
        self.ind_audio_uids.setAccessibleName("Subscribe audio uids (individual)")
        self.ind_video_uids = QLineEdit()
        self.ind_video_uids.setPlaceholderText("everyone (or uids, comma-separated)")
        self.ind_video_uids.setAccessibleName("Subscribe video uids (individual)")
        form = QFormLayout(box)
        form.addRow("Stream mode", self.stream_mode)
        form.addRow("Expected users", self.expected)
        form.addRow("Audio from", self.ind_audio_uids)
        form.addRow("Video from", self.ind_video_uids)
        self._label_buddies(form)
        return box

    def _web_page(self) -> QGroupBox:
        box = QGroupBox("Web page")
        self.web_url = QLineEdit()
        self.web_url.setPlaceholderText("https://example.com/show")
        self.web_url.setAccessibleName("Web page URL")
        self.web_width = spin(16, 1920, 1280, "Web page width", " px")
        self.web_height = spin(16, 1920, 720, "Web page height", " px")
        size = QHBoxLayout()
        size.addWidget(self.web_width)
        size.addWidget(QLabel("×"))
        size.addWidget(self.web_height)
        size.addStretch(1)
        form = QFormLayout(box)
        form.addRow("&URL", self.web_url)
        form.addRow("Size", size)
        self._label_buddies(form)
        return box

    def _on_mode_current_index_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(max(0, index))
        web = self.mode.currentData() == "web"
        for widget in (self.max_idle, self.stream_types):
            widget.setEnabled(not web)

    # -- model in, plan out --------------------------------------------------------------
    def set_defaults(self, plan: StartPlan) -> None:
        self._defaults = plan
        if plan.cname:
            self.channel.setText(plan.cname)
        self.bot_uid.setText(plan.bot_uid)
        self.mode.setCurrentIndex(max(0, self.mode.findData(plan.mode)))
        self._on_mode_current_index_changed(self.mode.currentIndex())
        self.max_idle.setValue(plan.max_idle_time)
        self.planned.set_minutes(plan.planned_seconds // 60)
        self.stream_types.setCurrentIndex(max(0, self.stream_types.findData(plan.stream_types)))
        self.mp4.setChecked("mp4" in plan.av_file_type)
        self.width_box.setValue(plan.width)
        self.height_box.setValue(plan.height)
        self.fps.setCurrentIndex(max(0, self.fps.findData(plan.fps)))
        self.bitrate.setValue(plan.bitrate)
        self.layout_choice.setCurrentIndex(
            max(0, self.layout_choice.findData(plan.mixed_video_layout))
        )
        self.audio_profile.setCurrentIndex(max(0, self.audio_profile.findData(plan.audio_profile)))
        self.stream_mode.setCurrentIndex(max(0, self.stream_mode.findData(plan.stream_mode)))

    def set_bot_uid(self, uid: str) -> None:
        self.bot_uid.setText(uid)

    def plan(self) -> StartPlan:
        mode = str(self.mode.currentData())
        individual = mode == "individual"
        audio = self.ind_audio_uids if individual else self.audio_uids
        video = self.ind_video_uids if individual else self.video_uids
        return dataclasses.replace(
            self._defaults,
            cname=self.channel.text().strip(),
            channel_confirmed=self.channel.text().strip() == self._confirmed_channel,
            bot_uid=self.bot_uid.text().strip(),
            mode=mode,
            max_idle_time=self.max_idle.value(),
            planned_seconds=self.planned.seconds(),
            stream_types=int(self.stream_types.currentData()),
            av_file_type=("hls", "mp4") if self.mp4.isChecked() else ("hls",),
            width=self.width_box.value(),
            height=self.height_box.value(),
            fps=int(self.fps.currentData()),
            bitrate=self.bitrate.value(),
            mixed_video_layout=int(self.layout_choice.currentData()),
            audio_profile=int(self.audio_profile.currentData()),
            subscribe_audio_uids=uids_of(audio.text()),
            subscribe_video_uids=uids_of(video.text()),
            stream_mode=str(self.stream_mode.currentData()),
            expected_uids=self.expected.value(),
            web_url=self.web_url.text().strip(),
            web_width=self.web_width.value(),
            web_height=self.web_height.value(),
        )

    def set_pending(self, pending: bool) -> None:
        """While a start is being checked: Start disabled, what is happening, and Cancel."""
        self.start_button.setEnabled(not pending)
        self.start_button.setText("Starting…" if pending else "Start recording")
        self.cancel_button.setVisible(pending)
        self.pending.setVisible(pending)
        if pending:
            self.ready.hide()
            self.problems.show_items(())
            self.warnings.show_items(())

    def _on_start_button_clicked(self) -> None:
        """Start, unless only audio or only video lists uids: then ask first."""
        plan = self.plan()
        missing = one_sided_list(plan)
        if missing is None:
            self.one_sided.hide()
            self.start_requested.emit(plan)
            return
        self.one_sided.ask(missing)

    def _start_with_choice(self, choice: str) -> None:
        plan = self.plan()
        missing = one_sided_list(plan)
        self.one_sided.hide()
        if missing == "video" and choice == "everyone":
            plan = dataclasses.replace(plan, subscribe_video_uids=(ALL_STREAMS,))
        elif missing == "audio" and choice == "everyone":
            plan = dataclasses.replace(plan, subscribe_audio_uids=(ALL_STREAMS,))
        elif missing is not None:
            plan = dataclasses.replace(plan, one_sided_confirmed=True)
        self.start_requested.emit(plan)

    def show_preflight(self, view: PreflightView) -> None:
        self.problems.show_items(view.problems)
        self.marks.show(view.problems)
        self.warnings.show_items(view.warnings)
        self.ready.setVisible(view.ok and not view.started)
        if view.started and view.suggested_uid:
            self.bot_uid.setText(view.suggested_uid)  # the next start gets a free bot uid
        uid = view.suggested_uid if not view.started else None
        self._fix_uid, self._fix_channel = uid, view.near_channel
        self.use_uid_button.setVisible(uid is not None)
        if uid is not None:
            self.use_uid_button.setText(f"Use {uid}")
            self.use_uid_button.setAccessibleName(f"Use bot uid {uid} and start")
        near = view.near_channel
        self.use_channel_button.setVisible(near is not None)
        self.keep_channel_button.setVisible(near is not None)
        if near is not None:
            typed = self.channel.text().strip()
            self.use_channel_button.setText(f"Use '{near}'")
            self.use_channel_button.setAccessibleName(f"Use channel {near} and start")
            self.keep_channel_button.setText(f"Start '{typed}' anyway")
            self.keep_channel_button.setAccessibleName(f"Start channel {typed} as typed")

    def _on_use_uid_button_clicked(self) -> None:
        if self._fix_uid is not None:
            self.bot_uid.setText(self._fix_uid)
            self._on_start_button_clicked()

    def _on_use_channel_button_clicked(self) -> None:
        if self._fix_channel is not None:
            self.channel.setText(self._fix_channel)
            self._on_start_button_clicked()

    def _on_keep_channel_button_clicked(self) -> None:
        self._confirmed_channel = self.channel.text().strip()
        self._on_start_button_clicked()
