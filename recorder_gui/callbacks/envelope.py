"""One NCS notification as received, read leniently (docs/api-notes.md, "Callbacks").

The envelope is read the way NCS really sends it: ``uid`` may come as a number, ``sequence`` as
a string (the legacy format), ``sid`` at the top level, in the payload or both, and the legacy
``notificationId``/``eventMs`` names. What cannot be read at all (not an object, no event
type) raises :class:`CallbackError` with a plain sentence. ``details`` is kept as received:
new keys may appear and must not break a reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from recorder_gui.callbacks.catalog import spec_of

#: Console's "Check" button sends events for this channel name.
TEST_CHANNEL = "test_webhook"


class CallbackError(ValueError):
    """A notification that cannot be read; the message is a plain sentence."""


def as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


@dataclass(frozen=True)
class Envelope:
    notice_id: str
    event_type: int
    notify_ms: int | None
    product_id: int | None
    sid: str
    cname: str
    uid: str
    sequence: int | None
    sendts: int | None
    service_type: int | None
    details: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, body: object) -> Envelope:
        if not isinstance(body, Mapping):
            raise CallbackError("The notification is not a JSON object.")
        event_type = as_int(body.get("eventType"))
        if event_type is None:
            raise CallbackError("The notification has no eventType number.")
        payload = body.get("payload", body.get("playload"))
        if not isinstance(payload, Mapping):
            payload = {}
        details = payload.get("details")
        return cls(
            notice_id=as_text(body.get("noticeId", body.get("notificationId"))),
            event_type=event_type,
            notify_ms=as_int(body.get("notifyMs", body.get("eventMs"))),
            product_id=as_int(body.get("productId")),
            sid=as_text(payload.get("sid")) or as_text(body.get("sid")),
            cname=as_text(payload.get("cname")),
            uid=as_text(payload.get("uid")),
            sequence=as_int(payload.get("sequence")),
            sendts=as_int(payload.get("sendts")),
            service_type=as_int(payload.get("serviceType")),
            details=dict(details) if isinstance(details, Mapping) else {},
        )

    @property
    def msg_name(self) -> str:
        name = self.details.get("msgName")
        if isinstance(name, str) and name:
            return name
        spec = spec_of(self.event_type)
        return spec.msg_name if spec else ""

    @property
    def is_test(self) -> bool:
        """Sent by Console's health check, not by a recording."""
        return self.cname == TEST_CHANNEL

    @property
    def known(self) -> bool:
        return spec_of(self.event_type) is not None

    @property
    def event_ms(self) -> int | None:
        """When it happened: ``sendts``, else the send time of this delivery."""
        return self.sendts if self.sendts is not None else self.notify_ms

    def event_key(self) -> tuple[str, int] | None:
        """(sid, sequence): the same event delivered twice shares it; None when either is absent."""
        if not self.sid or self.sequence is None:
            return None
        return (self.sid, self.sequence)
