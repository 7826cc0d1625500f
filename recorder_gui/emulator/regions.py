"""Where the emulated service places a recording: one worker region per resource ID, chosen at
acquire, away from the regions of the resource IDs in ``excludeResourceIds``
(docs/api-notes.md, "Backup recorder in another region").

The real service documents the field but not how it answers a bad entry; the emulator takes
the strict reading: every entry must be a string naming a resource ID this service gave the
same App ID (else 400 code 2, like other bad acquire fields), and when every region the
request may use is excluded it answers 500 code 501 ``no_worker_manager_available``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recorder_gui.emulator.errors import invalid, service_error
from recorder_gui.emulator.ids import decode_resource_id

#: The regions a task may land in when acquire names no geofence ``region``; the first is
#: "nearest to the caller". A geofence (``"CN"``, ``"AP"``, ``"EU"``, ``"NA"``) is the only
#: region a task may use.
WORKER_REGIONS = ("NA", "EU", "AP")


@dataclass(frozen=True, slots=True)
class Placement:
    """The region a resource ID's task runs in, and the resource IDs it was asked to avoid."""

    region: str
    excluded: tuple[str, ...] = ()


def place(
    appid: str,
    excluded: Sequence[object] | None,
    geofence: str | None,
    secret: bytes,
    regions: Sequence[str] = WORKER_REGIONS,
) -> Placement:
    """The placement of a new acquire, or the error the service answers."""
    avoid: set[str] = set()
    for index, rid in enumerate(excluded or ()):
        claims = decode_resource_id(rid, secret) if isinstance(rid, str) and rid else None
        if claims is None or claims.appid != appid:
            raise invalid(
                f"clientRequest.excludeResourceIds[{index}] is not a resource ID of this App ID"
            )
        avoid.add(claims.region or regions[0])
    pool = [geofence] if geofence else list(regions)
    free = [r for r in pool if r not in avoid]
    if not free:
        raise service_error(500, 501, "no_worker_manager_available")
    return Placement(free[0], tuple(str(r) for r in excluded or ()))
