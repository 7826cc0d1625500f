"""``Channel``: what one session knows of the other recordings of its channel in this app.

The manager hands each session a live view (its sessions on the channel, and the orphans the
journal found there): bot uids to ignore in the user list, uids in use, the user list shared
among them, and whether a 400/53 is our own orphan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from recorder_gui.api.results import ChannelUsers

from .events import SessionState
from .journal import JournalEntry


class ChannelMember(Protocol):
    @property
    def uid(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def state(self) -> SessionState: ...

    def observe_users(self, listed: ChannelUsers, now: float) -> None: ...


def _nobody() -> Sequence[ChannelMember]:
    return ()


@dataclass(frozen=True)
class Channel:
    #: this app's sessions on the channel (the asking session included), live
    members: Callable[[], Sequence[ChannelMember]] = _nobody
    #: journal rows of starts on the channel whose sid was lost (orphans), live
    orphans: Callable[[], list[JournalEntry]] = field(default=list)

    def bot_uids(self) -> set[int]:
        return {int(m.uid) for m in self.members()}

    def live_uids(self, besides: ChannelMember) -> set[str]:
        """Bot uids of the other live sessions."""
        return {m.uid for m in self.members() if m is not besides and not m.state.is_final}

    def share_users(self, listed: ChannelUsers, now: float, source: ChannelMember) -> None:
        """One channel, one truth: the other live sessions see the same users at once."""
        for member in self.members():
            if member is not source and not member.state.is_final:
                member.observe_users(listed, now)

    def own_orphan(self, asking: ChannelMember) -> JournalEntry | None:
        return next(
            (e for e in self.orphans() if e.uid == asking.uid and e.key != asking.key), None
        )
