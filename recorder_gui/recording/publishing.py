"""The session's layout/update publisher, wired to its client and record."""

from __future__ import annotations

from collections.abc import Callable

from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.api.request_models import UpdateConfig

from .host import FlowHost
from .publisher import Publisher, PublisherStatus


def session_publisher(host: FlowHost, on_change: Callable[[PublisherStatus], None]) -> Publisher:
    """A publisher that sends to ``host``'s task; seeded with the start's layout (what the
    service renders until the first updateLayout)."""

    async def send_layout(layout: LayoutUpdate) -> object:
        r = host.record
        assert r.resource_id is not None
        assert r.sid is not None
        return await host.client.update_layout(
            cname=r.cname,
            uid=r.uid,
            resource_id=r.resource_id,
            sid=r.sid,
            layout=layout,
            mode=r.mode,
        )

    async def send_update(config: UpdateConfig) -> object:
        r = host.record
        assert r.resource_id is not None
        assert r.sid is not None
        return await host.client.update(
            cname=r.cname,
            uid=r.uid,
            resource_id=r.resource_id,
            sid=r.sid,
            mode=r.mode,
            config=config,
        )

    publisher = Publisher(
        send_layout=send_layout, send_update=send_update, timer=host.timer, on_change=on_change
    )
    cfg = host.start_config
    rc = cfg.recording_config if cfg is not None else None
    transcoding = rc.transcoding_config if rc is not None else None
    if transcoding is not None:
        fields = set(LayoutUpdate.model_fields)
        publisher.seed_applied(LayoutUpdate.model_validate(transcoding.model_dump(include=fields)))
    return publisher
