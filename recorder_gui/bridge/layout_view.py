"""``SessionLayoutBridge``: what the Layout tab needs of one recording, as Qt signals.

The start layout (canvas size and layout of the start body, as the publisher was seeded with
it), the channel users, and a ``LayoutBridge`` sink that exists only while the recording runs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from recorder_gui.layout import Layout, LayoutError, from_wire
from recorder_gui.layout.model import DEFAULT_CANVAS
from recorder_gui.recording import SessionState

from .layout_bridge import LayoutBridge
from .session import SessionBridge


class SessionLayoutBridge(QObject):
    """Layout side of one session: ``sink_changed(LayoutBridge | None)``, ``users_changed()``.

    The sink is created when the session reaches RECORDING (ON AIR, also while unreachable:
    the publisher keeps retrying) and detached as soon as it leaves it (stopping or ended).
    """

    sink_changed = Signal(object)  # LayoutBridge | None
    users_changed = Signal()

    def __init__(self, session: SessionBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session_bridge = session
        self._sink: LayoutBridge | None = None
        self._closed = False
        session.state_changed.connect(self._on_session_state_changed)
        session.users_changed.connect(self.users_changed)
        self._on_session_state_changed()

    # -- what views read --------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.session_bridge.key

    @property
    def is_mix(self) -> bool:
        return self.session_bridge.session.mode.value == "mix"

    @property
    def users(self) -> tuple[int, ...]:
        return self.session_bridge.users

    @property
    def sink(self) -> LayoutBridge | None:
        return self._sink

    def canvas_size(self) -> tuple[int, int]:
        """The mixed video's width x height (transcodingConfig, or the service's default)."""
        config = self.session_bridge.session.start_config
        recording = config.recording_config if config is not None else None
        transcoding = recording.transcoding_config if recording is not None else None
        if transcoding is None:
            return DEFAULT_CANVAS
        return transcoding.width, transcoding.height

    def start_layout(self) -> Layout:
        """The layout the recording started with (what the service renders before any edit)."""
        width, height = self.canvas_size()
        wire = self.session_bridge.session.publisher_status.applied_layout
        if wire is None:
            return Layout(canvas_width=width, canvas_height=height)
        try:
            return from_wire(wire, width, height)
        except (LayoutError, ValueError):
            return Layout(canvas_width=width, canvas_height=height)

    # -- lifetime ---------------------------------------------------------------------------------
    def detach(self) -> None:
        """Stop following the session and drop the sink (the window closes)."""
        if self._closed:
            return
        self._closed = True
        self.session_bridge.state_changed.disconnect(self._on_session_state_changed)
        self.session_bridge.users_changed.disconnect(self.users_changed)
        self._set_sink(None)

    def _on_session_state_changed(self) -> None:
        if self._closed or not self.is_mix:
            return
        running = self.session_bridge.state is SessionState.RECORDING
        if running and self._sink is None:
            self._set_sink(LayoutBridge(self.session_bridge.session, parent=self))
        elif not running and self._sink is not None:
            self._set_sink(None)

    def _set_sink(self, sink: LayoutBridge | None) -> None:
        old, self._sink = self._sink, sink
        if old is sink:
            return
        self.sink_changed.emit(sink)
        if old is not None:
            old.detach()
            old.deleteLater()
