"""``FlowHost``: the narrow view of a session that the start, stop, poll and reattach flows get.

Flows read the record and the configuration, talk to the client, and report what they found
through :meth:`FlowHost.apply` (see :mod:`.outcomes`); they never assign session fields.
Keeping this a protocol is what keeps ``recording/`` free of an import circle: the flows do not
import the session.
"""

from __future__ import annotations

from typing import Protocol

from recorder_gui.api.client import CloudRecordingClient
from recorder_gui.api.request_models import AcquireConfig, StartConfig

from .events import FileDetail, IdleWarning, Note
from .journal import JournalEntry
from .outcomes import Fact
from .pace import PollConfig
from .record import SessionRecord
from .timers import Timer


class FlowHost(Protocol):
    client: CloudRecordingClient
    timer: Timer
    poll_config: PollConfig
    start_config: StartConfig | None
    acquire_config: AcquireConfig | None
    max_idle_time: float | None
    files: tuple[str, ...]
    file_details: tuple[FileDetail, ...]
    unreachable_since: float | None
    confirmed_at: float | None  #: when the service first reported it recording

    @property
    def record(self) -> SessionRecord: ...

    @property
    def idle_warning(self) -> IdleWarning | None: ...

    @property
    def predicted_files(self) -> tuple[FileDetail, ...]: ...

    def apply(self, fact: Fact) -> None: ...

    def problem(self, note: Note) -> None: ...

    def journal_step(self, step: str) -> None: ...

    def taken_uids(self) -> set[str]: ...

    def live_peer_uids(self) -> set[str]:
        """Bot uids of this app's other live sessions on the same channel."""
        ...

    def own_orphan(self) -> JournalEntry | None:
        """A journaled start of ours on this channel and bot uid whose sid was lost."""
        ...
