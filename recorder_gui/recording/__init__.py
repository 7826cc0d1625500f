"""The recording engine (asyncio, no Qt): sessions, poller, layout publisher, journal, manager."""

from recorder_gui.api.ratelimit import LimiterRegistry, RateLimitedTransport, RateLimiter

from .channel_watch import ChannelWatch
from .events import (
    ErrorInfo,
    EventKind,
    FileDetail,
    IdleWarning,
    Note,
    SessionEvent,
    SessionState,
    StatusSnapshot,
    StopOutcome,
)
from .journal import Journal, JournalEntry
from .journal_open import open_or_recover
from .manager import (
    CredentialLookup,
    Credentials,
    EndpointLookup,
    ReattachOutcome,
    ReattachResult,
    SessionManager,
    profile_base_urls,
)
from .pace import PollConfig, next_interval
from .publisher import Publisher, PublisherStatus, PublishState
from .session import RecordingSession
from .stop_flow import predicted_files, safe_cname
from .timers import RealTimer, Timer, VirtualTimer

__all__ = [
    "ChannelWatch",
    "CredentialLookup",
    "Credentials",
    "EndpointLookup",
    "ErrorInfo",
    "EventKind",
    "FileDetail",
    "IdleWarning",
    "Journal",
    "JournalEntry",
    "LimiterRegistry",
    "Note",
    "PollConfig",
    "PublishState",
    "Publisher",
    "PublisherStatus",
    "RateLimitedTransport",
    "RateLimiter",
    "ReattachOutcome",
    "ReattachResult",
    "RealTimer",
    "RecordingSession",
    "SessionEvent",
    "SessionManager",
    "SessionState",
    "StatusSnapshot",
    "StopOutcome",
    "Timer",
    "VirtualTimer",
    "next_interval",
    "open_or_recover",
    "predicted_files",
    "profile_base_urls",
    "safe_cname",
]
