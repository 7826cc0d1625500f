"""The engine's event hub and the layout document share one subscriber failure policy."""

from __future__ import annotations

import pytest

from recorder_gui.layout import Layout, LayoutDocument, LayoutMode, Region
from recorder_gui.recording.events import EventHub, EventKind, SessionEvent, SessionState


def test_every_subscriber_list_follows_the_same_policy(caplog: pytest.LogCaptureFixture) -> None:
    """The session's event hub and the layout document log a subscriber's bug alike."""

    def broken(value: object) -> None:
        raise RuntimeError("subscriber bug")

    hub = EventHub()
    events: list[SessionEvent] = []
    hub.subscribe(broken)
    hub.subscribe(events.append)
    event = SessionEvent(EventKind.STATE, "key", SessionState.STARTING, at=0.0)
    hub.emit(event)
    assert events == [event]

    doc = LayoutDocument(Layout(mode=LayoutMode.CUSTOM, regions=(Region("1", 0, 0, 0.5, 0.5),)))
    changes: list[object] = []
    doc.subscribe(broken)
    doc.subscribe(changes.append)
    assert doc.move_region(0, 0.25, 0.25) is not None
    assert len(changes) == 1
    assert caplog.text.count("subscriber bug") >= 2
