"""Live apply: the sink protocol, the throttling controller and its controls.

The ui may not import the engine, so the canvas publishes through a ``LayoutSink``: any QObject
with ``publish(wire)`` and the ``status_changed(state, detail)`` / ``applied(wire)`` signals
(``recorder_gui.bridge.layout_bridge.LayoutBridge`` wraps a session's publisher). The wire
object is ``LayoutDocument.to_wire()``'s and passes through untouched.

Live on: every edit is published, at most one every ``MIN_INTERVAL`` seconds (a drag frame is
throttled; the last state always goes out). Live off: edits wait for "Apply"; the difference
with the applied layout is listed and outlined on the canvas.
"""

from __future__ import annotations

import math
import time
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from recorder_gui.layout import (
    Layout,
    LayoutChange,
    LayoutDiff,
    LayoutError,
    diff_layouts,
    from_wire,
)
from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.style import repolish

from .commands import LayoutEditor
from .words import plain_field, plain_sentence

#: Smallest gap between two publishes: at most 10 calls in any one-second window.
MIN_INTERVAL = 0.11


class LayoutSink(Protocol):
    """Where complete layouts go (state: idle, pending, applied or failed)."""

    @property
    def status_changed(self) -> SignalInstance: ...  # (state: str, detail: str)

    @property
    def applied(self) -> SignalInstance: ...  # (wire layout the service accepted)

    def publish(self, layout: Any) -> None: ...

    def applied_layout(self) -> Any | None: ...

    def status(self) -> tuple[str, str]: ...


class LiveController(QObject):
    """Decides when the document goes to the sink and tracks what the service applied."""

    state_changed = Signal(str, str)  # state, detail
    diff_changed = Signal(object)  # LayoutDiff | None (nothing applied yet)
    live_changed = Signal(bool)

    def __init__(self, editor: LayoutEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.document = editor.document
        self.sink: LayoutSink | None = None
        self.live = False
        self.state = "offline"
        self.detail = "No recording to send the layout to."
        self.applied_layout: Layout | None = None
        self.published_layout: Layout | None = None
        self.publish_count = 0
        self._last_sent = -math.inf
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._diff_timer = QTimer(self)
        self._diff_timer.setSingleShot(True)
        self._diff_timer.setInterval(60)
        self._diff_timer.timeout.connect(self._emit_diff)
        editor.gesture_changed.connect(self._on_editor_gesture_changed)
        unsubscribe = self.document.subscribe(self._on_document_changed)
        self.destroyed.connect(lambda *_: unsubscribe())

    # -- sink -----------------------------------------------------------------------------------
    def set_sink(self, sink: LayoutSink | None) -> None:
        if self.sink is not None:
            self.sink.status_changed.disconnect(self._on_sink_status_changed)
            self.sink.applied.disconnect(self._on_sink_applied)
        self.sink = sink
        self.applied_layout = self.published_layout = None
        if sink is None:
            self._set_state("offline", "No recording to send the layout to.")
        else:
            sink.status_changed.connect(self._on_sink_status_changed)
            sink.applied.connect(self._on_sink_applied)
            wire = sink.applied_layout()
            if wire is not None:
                self._on_sink_applied(wire)
            self._set_state(*sink.status())
        self._emit_diff()

    def set_live(self, live: bool) -> None:
        if live == self.live:
            return
        self.live = live
        self.live_changed.emit(live)
        if live:
            self._schedule()
        self._emit_diff()

    # -- intents --------------------------------------------------------------------------------
    def apply(self) -> bool:
        """Send the current layout now (the "Apply" button)."""
        return self._publish(force=True)

    def resend(self) -> bool:
        """Send the current layout again after a failure."""
        return self._publish(force=True)

    def revert(self) -> bool:
        """Go back to the last applied layout (an undoable edit)."""
        if self.applied_layout is None:
            return False
        return self.editor.restore(self.applied_layout, "Revert to applied layout")

    def diff(self) -> LayoutDiff | None:
        if self.applied_layout is None:
            return None
        return diff_layouts(self.applied_layout, self.document.layout)

    def flush(self) -> None:
        """Publish a throttled edit now (used when the window closes or a test ends)."""
        if self._timer.isActive():
            self._timer.stop()
            self._on_timer_timeout()

    # -- publishing -----------------------------------------------------------------------------
    def _on_document_changed(self, change: LayoutChange) -> None:
        if self.live:
            self._schedule()
        if not self._diff_timer.isActive():
            self._diff_timer.start()

    def _on_editor_gesture_changed(self, active: bool) -> None:
        if not active and self.live:
            self._schedule()  # the end of a drag always goes out (now or after the interval)

    def _schedule(self) -> None:
        if self.sink is None:
            return
        if self._timer.isActive():
            self._dirty = True
            return
        wait = self._last_sent + MIN_INTERVAL - time.monotonic()
        if wait <= 0:
            self._publish()
        else:
            self._dirty = True
            self._timer.start(max(1, math.ceil(wait * 1000)))

    def _on_timer_timeout(self) -> None:
        if self._dirty:
            self._dirty = False
            self._publish()

    def _publish(self, force: bool = False) -> bool:
        layout = self.document.layout
        if self.sink is None or (not force and layout == self.published_layout):
            return False
        try:
            wire = self.document.to_wire()
        except LayoutError as exc:
            self._set_state("invalid", f"Not sent: {exc}")
            return False
        self._timer.stop()
        self._dirty = False
        self._last_sent = time.monotonic()
        self.published_layout = layout
        self.publish_count += 1
        self.sink.publish(wire)
        return True

    # -- sink -> controller ------------------------------------------------------------------------
    def _on_sink_status_changed(self, state: str, detail: str) -> None:
        self._set_state(state, detail)

    def _on_sink_applied(self, wire: Any) -> None:
        layout = self.document.layout
        try:
            self.applied_layout = from_wire(wire, layout.canvas_width, layout.canvas_height)
        except (LayoutError, ValueError, AttributeError, TypeError):
            self.applied_layout = None
        self._emit_diff()

    def _set_state(self, state: str, detail: str) -> None:
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)

    def _emit_diff(self) -> None:
        self.diff_changed.emit(self.diff())


#: The pill's words per state; its colours are the editor's style sheet's (``livePill``).
_STATE_LABEL = {
    "pending": "Pending",
    "applied": "Applied",
    "failed": "Failed",
    "invalid": "Not sendable",
    "idle": "Nothing sent",
    "offline": "Offline",
}


def describe_diff(diff: LayoutDiff | None) -> str:
    """One line per difference between the applied layout and the edited one, in plain words."""
    if diff is None:
        return "Nothing applied yet."
    if diff.is_empty:
        return "The canvas matches the applied layout."
    lines = [f"Layout: {', '.join(plain_field(f) for f in diff.fields)} changed"] * bool(
        diff.fields
    )
    for region in diff.changed_regions:
        index = region.after_index if region.after_index is not None else region.before_index
        shown = region.after or region.before
        who = shown.uid if shown is not None and shown.uid else "next user"
        fields = (region.status,) if region.status != "changed" else region.fields
        what = ", ".join(plain_field(f) for f in fields)
        lines.append(f"#{(index or 0) + 1} ({who}): {what}")
    return "\n".join(lines)


def count_changes(diff: LayoutDiff | None) -> int:
    if diff is None:
        return 0
    return bool(diff.fields) + len(diff.changed_regions)


class LiveControlsWidget(QWidget):
    """The Live switch, Apply, the pending/applied/failed pill and failure actions; the list
    of changes waiting for Apply is ``changes`` (the editor places it beside the canvas)."""

    def __init__(self, controller: LiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.live = QCheckBox("Live", self)
        self.live.setAccessibleName("Live: send every edit to the recording")
        self.live.setToolTip("Send every finished edit (and a drag, throttled) to the recording")
        self.live.toggled.connect(controller.set_live)
        self.apply = QPushButton("Apply", self)
        self.apply.setAccessibleName("Apply the edited layout")
        self.apply.setToolTip("Send the edited layout to the recording once")
        self.apply.clicked.connect(controller.apply)
        self.pill = QLabel(self)
        self.pill.setObjectName("livePill")
        self.pill.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pill.setMinimumWidth(92)
        self.detail = ElidedLabel("", self)
        self.detail.setObjectName("canvasHint")
        self.resend = QPushButton("Re-send", self)
        self.resend.setAccessibleName("Send the layout again")
        self.resend.clicked.connect(controller.resend)
        self.revert = QPushButton("Revert", self)
        self.revert.setAccessibleName("Revert to the applied layout")
        self.revert.setToolTip("Go back to the layout the recording shows (undoable)")
        self.revert.clicked.connect(controller.revert)
        self.diff = QLabel()
        self.diff.setAccessibleName("Changes waiting for Apply")
        self.diff.setWordWrap(True)
        self.diff.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.diff.setObjectName("changesText")
        self.changes = QScrollArea(self)  # hidden until the editor places it
        self.changes.hide()
        self.changes.setObjectName("changesList")
        self.changes.setWidgetResizable(True)
        self.changes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.changes.setFrameShape(QFrame.Shape.NoFrame)
        self.changes.setMinimumHeight(48)
        self.changes.setWidget(self.diff)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.live, self.apply, self.pill):
            row.addWidget(widget)
        row.addWidget(self.detail, 1)
        row.addWidget(self.resend)
        row.addWidget(self.revert)
        controller.state_changed.connect(self._on_controller_state_changed)
        controller.diff_changed.connect(self._on_controller_diff_changed)
        controller.live_changed.connect(self._on_controller_live_changed)
        self._on_controller_state_changed(controller.state, controller.detail)
        self._on_controller_diff_changed(controller.diff())

    def _on_controller_state_changed(self, state: str, detail: str) -> None:
        self.pill.setText(_STATE_LABEL.get(state, state.title()))
        if self.pill.property("state") != state:
            self.pill.setProperty("state", state)
            repolish(self.pill)
        self.detail.setText("" if state in ("applied", "pending") else plain_sentence(detail))
        failed = state in ("failed", "invalid")
        self.resend.setVisible(failed and state == "failed")
        self.revert.setVisible(failed and self.controller.applied_layout is not None)
        self._update_enabled()

    def _on_controller_diff_changed(self, diff: LayoutDiff | None) -> None:
        if self.controller.live:
            self.diff.setText("Live: every edit goes on air as you make it.")
        else:
            self.diff.setText(describe_diff(diff))
        self._update_enabled(diff)

    def _on_controller_live_changed(self, live: bool) -> None:
        self.live.setChecked(live)
        self._on_controller_diff_changed(self.controller.diff())

    def _update_enabled(self, diff: LayoutDiff | None = None) -> None:
        diff = diff if diff is not None else self.controller.diff()
        has_sink = self.controller.sink is not None
        self.live.setEnabled(has_sink)
        self.apply.setEnabled(
            has_sink and not self.controller.live and (diff is None or not diff.is_empty)
        )
