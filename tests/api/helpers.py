"""Request bodies shared by the client tests."""

from __future__ import annotations

from recorder_gui.api import (
    ExtensionServiceConfig,
    LayoutRegion,
    RecordingConfig,
    RecordingFileConfig,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
    WebRecorderConfig,
)

STORAGE_SECRET = "storage-SECRET-9f8e7d"
STORAGE_ACCESS = "storage-ACCESS-1a2b3c"


def storage() -> StorageConfig:
    return StorageConfig(
        vendor=1,
        region=7,
        bucket="recordings",
        access_key=STORAGE_ACCESS,
        secret_key=STORAGE_SECRET,
        file_name_prefix=["show", "day1"],
    )


def mix_config(*, mp4: bool = False, layout: int = 0, idle: int = 300) -> StartConfig:
    regions = (
        [LayoutRegion(uid="101", x_axis=0, y_axis=0, width=0.5, height=1)] if layout == 3 else None
    )
    return StartConfig(
        recording_config=RecordingConfig(
            channel_type=0,
            max_idle_time=idle,
            transcoding_config=TranscodingConfig(
                width=1280,
                height=720,
                fps=15,
                bitrate=1130,
                mixed_video_layout=layout,
                layout_config=regions,
            ),
        ),
        recording_file_config=RecordingFileConfig(av_file_type=["hls", "mp4"] if mp4 else ["hls"]),
        storage_config=storage(),
    )


def individual_config() -> StartConfig:
    return StartConfig(
        recording_config=RecordingConfig(subscribe_uid_group=0, max_idle_time=300),
        recording_file_config=RecordingFileConfig(),
        storage_config=storage(),
    )


def web_config() -> StartConfig:
    return StartConfig(
        extension_service_config=ExtensionServiceConfig(
            web_recorder=WebRecorderConfig(url="https://example.com/show", max_recording_hour=1)
        ),
        storage_config=storage(),
    )
