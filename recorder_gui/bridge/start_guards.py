"""Guards the panel adds before a start, from what it knows of its own recordings.

Pre-flight checks the plan against the service's rules; these check it against this panel:
a bot uid one of its own live recordings of the channel already uses (the service would refuse
the start with code 53, after a round trip), and a channel name that is close to, but not the
same as, a channel it records ("demo show!" for "demo-show": most likely a typo that would
record an empty channel). Each comes with the one-click fix the form offers.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from recorder_gui.recording.start_flow import suggest_uid

#: Channel names at least this similar (difflib ratio, after folding) count as "close".
NEAR_RATIO = 0.85


@dataclass(frozen=True, slots=True)
class Guard:
    problem: str
    suggested_uid: str | None = None
    near_channel: str | None = None


def _fold(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def near_channel(cname: str, known: Iterable[str]) -> str | None:
    """A known channel ``cname`` is probably a typo of (None: no such channel)."""
    folded = _fold(cname)
    best: tuple[float, str] | None = None
    for other in set(known):
        if other == cname or not other:
            continue
        theirs = _fold(other)
        ratio = 1.0 if theirs == folded else difflib.SequenceMatcher(None, folded, theirs).ratio()
        if ratio >= NEAR_RATIO and (best is None or ratio > best[0]):
            best = (ratio, other)
    return best[1] if best else None


def start_guards(
    *,
    cname: str,
    bot_uid: str,
    channel_confirmed: bool,
    live: Iterable[tuple[str, str, str]],
) -> list[Guard]:
    """Problems for a start of ``cname`` with ``bot_uid``; ``live`` is (cname, uid, title) of
    this panel's recordings that may still run."""
    live = list(live)
    guards: list[Guard] = []
    same_channel = {uid for c, uid, _t in live if c == cname}
    clash = next((title for c, uid, title in live if c == cname and uid == bot_uid), None)
    if clash is not None and bot_uid.isdecimal():
        free = suggest_uid(same_channel, bot_uid)
        guards.append(
            Guard(
                f"Bot uid {bot_uid} is already recording this channel in this panel ({clash}); "
                f"the service would refuse a second start. Use {free}.",
                suggested_uid=free,
            )
        )
    if not channel_confirmed and cname:
        near = near_channel(cname, (c for c, _u, _t in live))
        if near is not None:
            guards.append(
                Guard(
                    f"Channel '{cname}' is close to '{near}', which this panel records now: a "
                    f"typo would record an empty channel. Did you mean '{near}'?",
                    near_channel=near,
                )
            )
    return guards
