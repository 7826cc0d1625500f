"""``LayoutBridge``: a session's layout publisher as the canvas' ``LayoutSink`` (Qt signals up,
complete layouts down). No logic: the publisher coalesces, serializes and retries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from recorder_gui.recording import EventKind, PublisherStatus, RecordingSession, SessionEvent


class LayoutBridge(QObject):
    """Publishes ``LayoutDocument.to_wire()`` bodies through ``session.set_layout``.

    ``status_changed(state, detail)``: state is the publisher's (idle, pending, applied,
    failed); ``applied(wire)`` when the service accepted a new layout.
    """

    status_changed = Signal(str, str)
    applied = Signal(object)

    def __init__(self, session: RecordingSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._applied: Any | None = session.publisher_status.applied_layout
        self._last: tuple[str, str] | None = None
        self._unsubscribe = session.subscribe(self._on_session_event)
        self.destroyed.connect(lambda *_: self._unsubscribe_once())

    def detach(self) -> None:
        """Stop listening to the session (the window closes or the session goes away)."""
        self._unsubscribe_once()

    def _unsubscribe_once(self) -> None:
        unsubscribe, self._unsubscribe = self._unsubscribe, lambda: None
        unsubscribe()

    # -- LayoutSink -----------------------------------------------------------------------------
    def publish(self, layout: Any) -> None:
        """Queue the complete layout (a ``LayoutUpdate``); refused outside mix mode."""
        try:
            self.session.set_layout(layout)
        except ValueError as exc:
            self._emit_status("failed", str(exc))

    def applied_layout(self) -> Any | None:
        return self.session.publisher_status.applied_layout

    def status(self) -> tuple[str, str]:
        return self._describe(self.session.publisher_status)

    # -- session -> signals ---------------------------------------------------------------------
    @staticmethod
    def _describe(status: PublisherStatus) -> tuple[str, str]:
        state = status.state.value
        settled = not status.pending_layout and status.in_flight is None and not status.last_error
        if state == "pending" and settled and status.applied_layout is not None:
            # The publisher can stay PENDING after a retried send when a newer edit arrived
            # during the backoff and went out with the retry: nothing is left to send.
            state = "applied"
        if status.last_error:
            return state, status.last_error
        detail = {
            "idle": "Nothing sent yet.",
            "pending": "Sending the layout…",
            "applied": f"Applied ({status.sent} sent, {status.coalesced} coalesced).",
            "failed": "The layout was not applied.",
        }.get(state, "")
        return state, detail

    def _on_session_event(self, event: SessionEvent) -> None:
        if event.kind is not EventKind.LAYOUT:
            return
        status = self.session.publisher_status
        if status.applied_layout is not None and status.applied_layout is not self._applied:
            self._applied = status.applied_layout
            self.applied.emit(status.applied_layout)
        self._emit_status(*self._describe(status))

    def _emit_status(self, state: str, detail: str) -> None:
        if (state, detail) != self._last:
            self._last = (state, detail)
            self.status_changed.emit(state, detail)
