"""The NCS event types of Cloud Recording (docs/api-notes.md, "Callbacks"), one entry each.

``title`` is what a producer reads in a timeline when the event carries nothing more to say.
Events 13, 34, 46 and 47 are named by third parties only: a receiver shows them as unknown and
an emulator never sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

PRODUCT_CLOUD_RECORDING = 3


class ServiceType(IntEnum):
    CLOUD_RECORDING = 0
    RECORDER = 1
    UPLOADER = 2
    EXTENSION = 4
    WEB_RECORDER = 6
    DOWNLOADER = 8


class EventType(IntEnum):
    ERROR = 1
    WARNING = 2
    STATUS_UPDATE = 3
    FILE_INFOS = 4
    SESSION_EXIT = 11
    SESSION_FAILOVER = 12
    UPLOADER_STARTED = 30
    UPLOADED = 31
    BACKUPED = 32
    UPLOADING_PROGRESS = 33
    RECORDER_STARTED = 40
    RECORDER_LEAVE = 41
    SLICE_START = 42
    AUDIO_STREAM_STATE = 43
    VIDEO_STREAM_STATE = 44
    SNAPSHOT_FILE = 45
    VOD_STARTED = 60
    VOD_TRIGGERED = 61
    WEB_RECORDER_STARTED = 70
    WEB_RECORDER_STOPPED = 71
    WEB_CAPABILITY_LIMIT = 72
    WEB_RECORDER_RELOAD = 73
    TRANSCODER_STARTED = 80
    TRANSCODER_COMPLETED = 81
    DOWNLOAD_FAILED = 90
    RTMP_PUBLISH_STATUS = 100
    POSTPONE_TRANSCODE_RESULT = 1001


@dataclass(frozen=True)
class EventSpec:
    event_type: EventType
    service_type: ServiceType | None
    msg_name: str
    title: str


def _spec(t: EventType, s: ServiceType | None, name: str, title: str) -> EventSpec:
    return EventSpec(t, s, name, title)


_S = ServiceType
_E = EventType
CATALOG: dict[int, EventSpec] = {
    spec.event_type: spec
    for spec in (
        _spec(
            _E.ERROR, _S.CLOUD_RECORDING, "cloud_recording_error", "the service reported an error"
        ),
        _spec(_E.WARNING, _S.CLOUD_RECORDING, "cloud_recording_warning", "the service warned"),
        _spec(
            _E.STATUS_UPDATE,
            _S.CLOUD_RECORDING,
            "cloud_recording_status_update",
            "a call did not match the recording's state",
        ),
        _spec(
            _E.FILE_INFOS,
            _S.CLOUD_RECORDING,
            "cloud_recording_file_infos",
            "first playlist uploaded",
        ),
        _spec(_E.SESSION_EXIT, _S.CLOUD_RECORDING, "session_exit", "the recording session ended"),
        _spec(
            _E.SESSION_FAILOVER,
            _S.CLOUD_RECORDING,
            "session_failover",
            "the service moved the recording to a new recorder",
        ),
        _spec(_E.UPLOADER_STARTED, _S.UPLOADER, "uploader_started", "the uploader started"),
        _spec(_E.UPLOADED, _S.UPLOADER, "uploaded", "all files uploaded to your storage"),
        _spec(_E.BACKUPED, _S.UPLOADER, "backuped", "some files went to Agora's backup"),
        _spec(_E.UPLOADING_PROGRESS, _S.UPLOADER, "uploading_progress", "upload progress"),
        _spec(
            _E.RECORDER_STARTED, _S.RECORDER, "recorder_started", "the recorder joined the channel"
        ),
        _spec(_E.RECORDER_LEAVE, _S.RECORDER, "recorder_leave", "the recorder left the channel"),
        _spec(_E.SLICE_START, _S.RECORDER, "recorder_slice_start", "recording of a stream began"),
        _spec(
            _E.AUDIO_STREAM_STATE,
            _S.RECORDER,
            "recorder_audio_stream_state_changed",
            "an audio stream changed",
        ),
        _spec(
            _E.VIDEO_STREAM_STATE,
            _S.RECORDER,
            "recorder_video_stream_state_changed",
            "a video stream changed",
        ),
        _spec(_E.SNAPSHOT_FILE, _S.RECORDER, "recorder_snapshot_file", "a screenshot was taken"),
        _spec(_E.VOD_STARTED, _S.EXTENSION, "vod_started", "the VoD upload started"),
        _spec(_E.VOD_TRIGGERED, _S.EXTENSION, "vod_triggered", "the VoD upload was triggered"),
        _spec(
            _E.WEB_RECORDER_STARTED,
            _S.WEB_RECORDER,
            "web_recorder_started",
            "the web page recorder started",
        ),
        _spec(
            _E.WEB_RECORDER_STOPPED,
            _S.WEB_RECORDER,
            "web_recorder_stopped",
            "the web page recorder stopped",
        ),
        _spec(
            _E.WEB_CAPABILITY_LIMIT,
            _S.WEB_RECORDER,
            "web_recorder_capability_limit",
            "the web page hit a recorder limit",
        ),
        _spec(
            _E.WEB_RECORDER_RELOAD,
            _S.WEB_RECORDER,
            "web_recorder_reload",
            "the web page was reloaded",
        ),
        _spec(_E.TRANSCODER_STARTED, None, "transcoder_started", "transcoding started"),
        _spec(_E.TRANSCODER_COMPLETED, None, "transcoder_completed", "transcoding finished"),
        _spec(
            _E.DOWNLOAD_FAILED,
            _S.DOWNLOADER,
            "download_failed",
            "a file could not be downloaded for transcoding",
        ),
        _spec(
            _E.RTMP_PUBLISH_STATUS,
            _S.WEB_RECORDER,
            "rtmp_publish_status",
            "the live stream's state changed",
        ),
        _spec(
            _E.POSTPONE_TRANSCODE_RESULT,
            _S.CLOUD_RECORDING,
            "postpone_transcode_final_result",
            "delayed transcoding finished",
        ),
    )
}

#: Named only by third parties; shown as "unknown event N", never sent by the emulator.
UNCONFIRMED = frozenset({13, 34, 46, 47})


def spec_of(event_type: int) -> EventSpec | None:
    return CATALOG.get(event_type)
