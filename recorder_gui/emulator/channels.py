"""Simulated RTC channels: who is in them and who publishes what since when.

Also self-driving demo channels whose users come and go by themselves.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

COMMUNICATION = 1
LIVE_BROADCASTING = 2


@dataclass
class User:
    uid: int
    role: str
    audio: bool
    video: bool
    joined_at: float


@dataclass
class Span:
    """One stretch of publishing one track; ``end`` None while it lasts."""

    uid: int
    track: str
    start: float
    end: float | None = None


@dataclass
class Channel:
    appid: str
    cname: str
    mode: int = COMMUNICATION
    users: dict[int, User] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    idle_since: float | None = float("-inf")

    def is_idle(self) -> bool:
        if self.mode == LIVE_BROADCASTING:
            return not any(u.role == "host" for u in self.users.values())
        return not self.users

    def _publishes(self, user: User, track: str) -> bool:
        wanted = user.audio if track == "audio" else user.video
        return wanted and (self.mode == COMMUNICATION or user.role == "host")

    def _sync(self, now: float) -> None:
        """Open/close spans to match the users' flags, and refresh the idle marker."""
        for track in ("audio", "video"):
            open_spans = {s.uid: s for s in self.spans if s.track == track and s.end is None}
            for uid, span in open_spans.items():
                user = self.users.get(uid)
                if user is None or not self._publishes(user, track):
                    span.end = now
            for uid, user in self.users.items():
                if uid not in open_spans and self._publishes(user, track):
                    self.spans.append(Span(uid, track, now))
        if self.is_idle():
            if self.idle_since is None:
                self.idle_since = now
        else:
            self.idle_since = None

    def add_user(self, uid: int, role: str, audio: bool, video: bool, now: float) -> None:
        if role not in ("host", "audience"):
            raise ValueError("role must be 'host' or 'audience'")
        if not 1 <= uid <= 2**32 - 1:
            raise ValueError("uid must be in [1, 2^32-1]")
        self.users[uid] = User(uid, role, audio, video, now)
        self._sync(now)

    def remove_user(self, uid: int, now: float) -> None:
        self.users.pop(uid, None)
        self._sync(now)

    def set_publishing(self, uid: int, audio: bool, video: bool, now: float) -> None:
        user = self.users.get(uid)
        if user is None:
            raise KeyError(f"user {uid} is not in channel {self.cname!r}")
        user.audio, user.video = audio, video
        self._sync(now)

    def set_mode(self, mode: int, now: float) -> None:
        if mode not in (COMMUNICATION, LIVE_BROADCASTING):
            raise ValueError("mode must be 1 (communication) or 2 (live broadcasting)")
        self.mode = mode
        self._sync(now)

    def snapshot(self, *, hosts_only: bool = False) -> dict[str, Any]:
        """The ``data`` object of the channel user list (docs/api-notes.md, "Channel user list")."""
        if not self.users:
            return {"channel_exist": False}
        uids = sorted(self.users, key=lambda u: self.users[u].joined_at)
        if self.mode == COMMUNICATION:
            return {"channel_exist": True, "mode": 1, "total": len(uids), "users": uids}
        data: dict[str, Any] = {
            "channel_exist": True,
            "mode": 2,
            "broadcasters": [u for u in uids if self.users[u].role == "host"],
        }
        if not hosts_only:
            audience = [u for u in uids if self.users[u].role == "audience"]
            data["audience"] = audience[:10000]
            data["audience_total"] = len(audience)
        return data


@dataclass(order=True)
class SimEvent:
    time: float
    seq: int
    action: str = field(compare=False)
    uid: int = field(compare=False)


class SimulatedChannel:
    """Users join and leave by themselves, deterministically from ``seed``, evaluated lazily."""

    def __init__(
        self,
        appid: str,
        cname: str,
        *,
        start: float,
        seed: int = 0,
        min_users: int = 1,
        max_users: int = 4,
        mean_stay_seconds: float = 40.0,
        uid_base: int = 1000,
    ) -> None:
        if not 0 <= min_users <= max_users or max_users < 1:
            raise ValueError("need 0 <= min_users <= max_users and max_users >= 1")
        if mean_stay_seconds <= 0:
            raise ValueError("mean_stay_seconds must be > 0")
        self.appid, self.cname = appid, cname
        self._rng = random.Random(seed)
        self._min, self._max = min_users, max_users
        self._stay = mean_stay_seconds
        self._next_uid = uid_base
        self._seq = 0
        self._present: set[int] = set()
        self._heap: list[SimEvent] = []
        for _ in range(min_users):
            self._schedule_join(start)
        self._schedule_arrival(start)

    def _push(self, time: float, action: str, uid: int) -> None:
        self._seq += 1
        heapq.heappush(self._heap, SimEvent(time, self._seq, action, uid))

    def _schedule_join(self, at: float) -> None:
        self._next_uid += 1
        self._push(at, "join", self._next_uid)

    def _schedule_arrival(self, after: float) -> None:
        rate = max(self._max - self._min, 1) / self._stay
        self._push(after + self._rng.expovariate(rate), "arrival", 0)

    def events_until(self, now: float) -> Iterator[tuple[float, str, int]]:
        """The (time, "join"/"leave", uid) changes up to ``now``, in time order."""
        while self._heap and self._heap[0].time <= now:
            ev = heapq.heappop(self._heap)
            if ev.action == "arrival":
                self._schedule_arrival(ev.time)
                if len(self._present) < self._max:
                    self._schedule_join(ev.time)
            elif ev.action == "join":
                if len(self._present) >= self._max:
                    continue
                self._present.add(ev.uid)
                self._push(ev.time + self._rng.expovariate(1 / self._stay), "leave", ev.uid)
                yield ev.time, "join", ev.uid
            else:
                self._present.discard(ev.uid)
                if len(self._present) < self._min:
                    self._schedule_join(ev.time + self._rng.uniform(0.5, 3.0))
                yield ev.time, "leave", ev.uid
