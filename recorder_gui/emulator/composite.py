"""The composite's 17 places (docs/api-notes.md, "start" and "Composite layouts").

Mix mode records only the first 17 subscribed uids that join; a uid arriving when all places
are taken waits, and takes the place of the first recorded uid to leave.
"""

from __future__ import annotations

Interval = tuple[float, float]
#: Regions on one composite canvas, and uids the composite records at once.
COMPOSITE_LIMIT = 17


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted, overlapping or touching intervals joined."""
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def composite_places(
    presence: dict[int, list[Interval]], limit: int = COMPOSITE_LIMIT
) -> dict[int, list[Interval]]:
    """When each uid holds a place, given when it is there (publishing a subscribed track).

    Arrivals take free places in arrival order (uid order for ties); a departure frees its
    place for the longest-waiting uid.
    """
    changes: list[tuple[float, int, int]] = []  # (time, 0 leave / 1 arrive, uid)
    for uid, spans in presence.items():
        for start, end in merge(spans):
            changes.append((start, 1, uid))
            changes.append((end, 0, uid))
    changes.sort()
    holding: dict[int, float] = {}  # uid -> since
    waiting: list[int] = []
    out: dict[int, list[Interval]] = {}
    for t, arrive, uid in changes:
        if arrive:
            if len(holding) < limit:
                holding[uid] = t
            else:
                waiting.append(uid)
            continue
        if uid in waiting:
            waiting.remove(uid)
        since = holding.pop(uid, None)
        if since is None:
            continue
        if t > since:
            out.setdefault(uid, []).append((since, t))
        if waiting:
            holding[waiting.pop(0)] = t
    return out


def holders_at(places: dict[int, list[Interval]], t: float) -> list[int]:
    """The uids holding a place at ``t``, in the order they took it."""
    found = [(a, uid) for uid, spans in places.items() for a, b in spans if a <= t < b]
    return [uid for _, uid in sorted(found)]


def presence(per_stream: dict[tuple[int, str], list[Interval]]) -> dict[int, list[Interval]]:
    """When each uid publishes at least one subscribed track (from its tracks' intervals)."""
    out: dict[int, list[Interval]] = {}
    for (uid, _track), pieces in per_stream.items():
        out.setdefault(uid, []).extend(pieces)
    return {uid: merge(spans) for uid, spans in out.items() if spans}
