"""The Agora Cloud Recording REST client: typed requests, typed results, typed errors."""

from .client import CloudRecordingClient
from .codes import CODES, STATUS_MEANINGS, CodeInfo, code_info, status_meaning
from .config_models import (
    ExtensionServiceConfig,
    RecordingConfig,
    RecordingFileConfig,
    RtmpOutput,
    RtmpPublishConfig,
    SnapshotConfig,
    StorageConfig,
    StorageExtensionParams,
    TranscodingConfig,
    WebRecorderConfig,
)
from .domains import Area, area_domains
from .errors import Problem
from .identifiers import Mode, parse_mode
from .layout_models import BackgroundConfig, LayoutFields, LayoutRegion, LayoutUpdate
from .request_models import (
    AcquireConfig,
    AudioUidList,
    StartConfig,
    StreamSubscribe,
    UpdateConfig,
    VideoUidList,
    WebRecordingUpdate,
)
from .results import (
    AcquireResult,
    ChannelUsers,
    FileInfo,
    QueryResult,
    StartResult,
    StopResult,
    UpdateResult,
)
from .retry import NO_WAIT, RetryPolicy

__all__ = [
    "CODES",
    "NO_WAIT",
    "STATUS_MEANINGS",
    "AcquireConfig",
    "AcquireResult",
    "Area",
    "AudioUidList",
    "BackgroundConfig",
    "ChannelUsers",
    "CloudRecordingClient",
    "CodeInfo",
    "ExtensionServiceConfig",
    "FileInfo",
    "LayoutFields",
    "LayoutRegion",
    "LayoutUpdate",
    "Mode",
    "Problem",
    "QueryResult",
    "RecordingConfig",
    "RecordingFileConfig",
    "RetryPolicy",
    "RtmpOutput",
    "RtmpPublishConfig",
    "SnapshotConfig",
    "StartConfig",
    "StartResult",
    "StopResult",
    "StorageConfig",
    "StorageExtensionParams",
    "StreamSubscribe",
    "TranscodingConfig",
    "UpdateConfig",
    "UpdateResult",
    "VideoUidList",
    "WebRecorderConfig",
    "WebRecordingUpdate",
    "area_domains",
    "code_info",
    "parse_mode",
    "status_meaning",
]
