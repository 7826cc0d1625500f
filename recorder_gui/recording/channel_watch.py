"""Who is in the channel, and the idle warning before ``maxIdleTime`` ends the recording.

The user list: docs/api-notes.md, "Channel user list". Idle means no user in a communication
channel, no host in a live channel (docs/api-notes.md, "Lifecycle and call rules"); the
recording bots themselves never count. The idle start is estimated as the last time someone
who counts was seen (or the start), so the warning errs on the early side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from recorder_gui.api.results import ChannelUsers

from .events import IdleWarning


@dataclass
class ChannelWatch:
    """Feed it each user list with :meth:`observe`; it keeps the users and the idle warning."""

    max_idle_time: float | None  # None: no idle exit (web mode)
    since: float  # when the recording started (idle is counted from there at the earliest)
    ignored: set[int] = field(default_factory=set)  # recording bot uids
    users: tuple[int, ...] = ()
    last_present_at: float | None = None
    warning: IdleWarning | None = None
    observed: bool = False

    def observe(self, listed: ChannelUsers, now: float) -> tuple[bool, bool]:
        """Record a user list; returns (users changed, warning changed)."""
        present = tuple(u for u in listed.present_uids if u not in self.ignored)
        changed = present != self.users or not self.observed
        self.users = present
        self.observed = True
        before = self.warning
        if present:
            self.last_present_at = now
            self.warning = None
        elif self.max_idle_time is not None:
            idle_since = max(self.since, self.last_present_at or self.since)
            left = max(0.0, idle_since + self.max_idle_time - now)
            who = "host" if listed.is_live_broadcast else "user"
            self.warning = IdleWarning(
                idle_since=idle_since,
                seconds_left=left,
                sentence=(
                    f"Nobody who counts is in the channel (no {who}): the recorder will leave "
                    f"in {math.ceil(left)} s (maxIdleTime {int(self.max_idle_time)} s) and the "
                    "recording will end."
                    if left > 0
                    else "Nobody who counts is in the channel: the recorder has probably left "
                    "(maxIdleTime passed) and the recording ended."
                ),
            )
        return changed, (before is None) != (self.warning is None) or (
            self.warning is not None and before is not None and before != self.warning
        )
