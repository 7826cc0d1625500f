"""How long a recording can last, and the sentences for when it runs out or dies early.

A recording has a *planned length* (the producer's plan) and may have a *hard limit*: a moment
at which the service ends it without being asked (docs/api-notes.md, "start" and
"Bot token (AccessToken2)"):

- the bot's RTC token expires: the service cannot renew a token, so the bot leaves;
- a web recording reaches ``maxRecordingHour``.

:class:`RunLimits` is what pre-flight knows before start; :meth:`RunLimits.hard_limit` turns
it into one moment once the start time is known. The session warns 15 and 5 minutes before
that moment (:data:`WARN_BEFORE`) and, when the recording ends near it, says it ended at its
limit rather than "by itself". :func:`likely_cause` says why a recording that died right after
it started most likely died, from what the engine can know: a bot that never joined points at
the token, a recording that ran but never uploaded a file points at the storage keys.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from enum import StrEnum

#: Warnings before a hard limit, in seconds (15 and 5 minutes).
WARN_BEFORE = (15 * 60, 5 * 60)
#: An end this close to (or after) the hard limit is taken as the limit's doing.
LIMIT_SLACK = 120.0
#: A recording that ends this soon after start, with no file, died "right after it started".
EARLY_DEATH = 300.0
#: STS storage credentials must be re-issued this often for long recordings
#: (docs/api-notes.md, "Storage and file naming").
STS_RENEW_SECONDS = 3600


class LimitKind(StrEnum):
    NONE = ""
    TOKEN = "token"  #: the bot's RTC token expires
    WEB_HOURS = "web"  #: a web recording's maxRecordingHour


@dataclass(frozen=True, slots=True)
class RunLimits:
    """What pre-flight planned: the length, the token's end, web maxRecordingHour."""

    planned_seconds: int
    token_valid_until: float | None = None  #: the bot token's join privilege ends (epoch s)
    web_max_hours: int | None = None
    sts_token: bool = False  #: storage uses a temporary STS token (re-issue every 60 min)

    def hard_limit(self, started_at: float) -> tuple[float, LimitKind] | None:
        """The first moment the service ends the recording by itself, and why."""
        found: list[tuple[float, LimitKind]] = []
        if self.token_valid_until is not None:
            found.append((self.token_valid_until, LimitKind.TOKEN))
        if self.web_max_hours is not None:
            found.append((started_at + self.web_max_hours * 3600, LimitKind.WEB_HOURS))
        return min(found) if found else None


def clock(at: float) -> str:
    """Local wall-clock time, ``HH:MM``."""
    return time.strftime("%H:%M", time.localtime(at))


def length(seconds: float) -> str:
    """``6 h 05 min``, ``45 min``, ``30 s``: whole minutes rounded up, as a countdown reads."""
    seconds = max(0, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(math.ceil(seconds / 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def what_ends(kind: LimitKind, web_max_hours: int | None = None) -> str:
    if kind is LimitKind.TOKEN:
        return "the bot's token runs out (the service cannot renew it)"
    if kind is LimitKind.WEB_HOURS:
        hours = f" ({web_max_hours} h)" if web_max_hours else ""
        return f"the web recording reaches its maxRecordingHour{hours}"
    return "its limit is reached"


def warnings_due(limit_at: float | None, now: float, given: set[int]) -> set[int]:
    """Which of :data:`WARN_BEFORE` are due at ``now`` and not yet ``given``."""
    if limit_at is None:
        return set()
    return {b for b in WARN_BEFORE if now >= limit_at - b and b not in given}


def limit_warning(kind: LimitKind, limit_at: float, now: float) -> str:
    """The warning shown 15 and 5 minutes before a hard limit (minutes rounded up)."""
    left = length(limit_at - now)
    if kind is LimitKind.TOKEN:
        return (
            f"The bot's token runs out in {left} (at {clock(limit_at)}): the service cannot "
            "renew it and the recording will end then. To go on recording, start a second "
            "recording of this channel (another bot uid) before then, then stop this one."
        )
    if kind is LimitKind.WEB_HOURS:
        return (
            f"This web recording reaches its maxRecordingHour in {left} (at "
            f"{clock(limit_at)}): the service ends it then. To go on, start a new web "
            "recording before then."
        )
    return f"This recording reaches its limit in {left} (at {clock(limit_at)})."


def ended_at_limit(kind: LimitKind, limit_at: float) -> str:
    """The reason of a recording that ended at (or after) its hard limit."""
    if kind is LimitKind.TOKEN:
        return (
            f"The recording ended when the bot's token expired at {clock(limit_at)}: the "
            "service cannot renew tokens, so the bot left. Plan a longer length next time "
            "(up to 23 h 55 min), or start a second recording before the token runs out."
        )
    if kind is LimitKind.WEB_HOURS:
        return (
            f"The web recording reached its maxRecordingHour at {clock(limit_at)} and the "
            "service ended it. Plan a longer length next time."
        )
    return f"The recording ended at its limit ({clock(limit_at)})."


def likely_cause(*, confirmed: bool, any_files: bool, lived: float, token_used: bool) -> str:
    """Why a recording that ended soon after start most likely ended ("" when unsure)."""
    if lived > EARLY_DEATH:
        return ""
    if not confirmed:
        if token_used:
            return (
                "The recording stopped right after it started: most likely the bot could not "
                "join (token). Check the profile's App Certificate, and that the token is for "
                "this channel and bot uid and not expired. Wrong storage keys can end a "
                "recording the same way."
            )
        return (
            "The recording stopped right after it started: most likely the bot could not "
            "join. If the project has an App Certificate enabled, add it to the profile so "
            "the bot gets a token. Wrong storage keys can end a recording the same way."
        )
    if not any_files:
        return (
            "The recording stopped soon after it started and no file was ever uploaded: most "
            "likely the storage refused the upload (keys). Check the storage access key, "
            "secret key, bucket and region in the profile."
        )
    return ""


def sts_note(planned_seconds: int) -> str | None:
    """What a producer must do when storage uses a temporary STS token."""
    if planned_seconds <= STS_RENEW_SECONDS:
        return None
    return (
        "The storage uses a temporary STS token: for a recording longer than 1 hour the "
        "service needs a fresh one every 60 minutes (sent with update), and recorder-gui "
        "cannot issue or send one. Use the bucket's long-lived access keys for this show, "
        "or plan it under 1 hour; otherwise uploads fail after the first hour."
    )
