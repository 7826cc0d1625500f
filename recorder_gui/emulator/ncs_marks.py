"""What a task has announced of its derived NCS events so far (kept on the task)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class NcsMarks:
    """What a task has announced of its derived events so far (see ``ncs_events``)."""

    #: Streams whose recorder_slice_start was sent: (bak, uid, track).
    slices: set[tuple[str, int, str]] = field(default_factory=set)
    #: Stream state changes sent: (bak, uid, track, time, state).
    changes: set[tuple[str, int, str, float, int]] = field(default_factory=set)
    #: Time of the next uploading_progress (None: not yet set).
    next_progress: float | None = None
    file_infos: bool = False
    upload_warned: bool = False
    #: Time of the last screenshot announced, per (bak, uid).
    snapshots: dict[tuple[str, int], float] = field(default_factory=dict)
    #: Bot uid after each HA failover, and how many session_failover were sent.
    new_uids: list[int] = field(default_factory=list)
    failovers_sent: int = 0
    #: rtmp_publish_status last sent per RTMP URL, and the time its changes were checked to.
    rtmp: dict[str, str] = field(default_factory=dict)
    rtmp_checked: dict[str, float] = field(default_factory=dict)
