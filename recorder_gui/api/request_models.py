"""The ``clientRequest`` of acquire, start and update, and the rules that depend on the mode."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import (
    AliasChoices,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from .config_models import (
    ExtensionServiceConfig,
    RecordingConfig,
    RecordingFileConfig,
    RtmpPublishConfig,
    SnapshotConfig,
    StorageConfig,
)
from .errors import Problem
from .identifiers import Mode
from .subscriptions import uid_list
from .wire import WireModel, reveal

#: Why scene 2 and its start fields are refused (docs/api-notes.md, "start").
SCENE_2_REMOVED = (
    "postponed transcoding and audio mixing (scene 2, with appsCollection and "
    "transcodeOptions) were removed from Agora's documentation in 2025 and recorder-gui cannot "
    "send appsCollection; record with scene 0 instead"
)
#: A resource ID as the service writes it: URL-safe base64-like text (docs/api-notes.md).
_RESOURCE_ID = re.compile(r"[A-Za-z0-9_\-+/=.]{1,1024}")
_SCENE_2_FIELDS = frozenset(
    {"appsCollection", "transcodeOptions", "apps_collection", "transcode_options"}
)


class StartConfig(WireModel):
    """``clientRequest`` of start (and of acquire's optional ``startParameter``).

    ``recordingFileConfig`` is optional (the service's default is ``["hls"]``); in individual
    mode with ``snapshotConfig`` its presence is what asks for recording as well as screenshots,
    and its absence means screenshots only (:attr:`screenshots_only`; docs/api-notes.md, "start").
    """

    token: SecretStr | None = None
    recording_config: RecordingConfig | None = None
    recording_file_config: RecordingFileConfig | None = None
    snapshot_config: SnapshotConfig | None = None
    storage_config: StorageConfig
    extension_service_config: ExtensionServiceConfig | None = None

    _reveal = field_serializer("token")(reveal)

    refused_fields: ClassVar[frozenset[str]] = _SCENE_2_FIELDS

    @model_validator(mode="before")
    @classmethod
    def _no_scene_2(cls, data: Any) -> Any:
        if isinstance(data, dict) and _SCENE_2_FIELDS & data.keys():
            raise ValueError(SCENE_2_REMOVED)
        return data

    @property
    def screenshots_only(self) -> bool:
        """Screenshots without recording (billed on their own: docs/api-notes.md, "Billing")."""
        return self.snapshot_config is not None and self.recording_file_config is None

    def problems(self, mode: Mode) -> list[Problem]:
        """The start rules this body breaks for ``mode``, empty when valid (docs/api-notes.md,
        "start")."""
        out: list[Problem] = []
        rc = self.recording_config
        if mode is Mode.WEB:
            if self.extension_service_config is None:
                out.append(
                    Problem(
                        "extensionServiceConfig",
                        "web mode needs a web_recorder_service with the page url",
                    )
                )
            if rc is not None:
                out.append(Problem("recordingConfig", "is not used in web mode; leave it out"))
        else:
            if rc is None:
                out.append(Problem("recordingConfig", f"is required in {mode.label} mode"))
            if self.extension_service_config is not None:
                rule = (
                    "is refused in raw mode; it is used only in web mode"
                    if mode is Mode.RAW
                    else "is used only in web mode"
                )
                out.append(Problem("extensionServiceConfig", rule))
        if not mode.is_individual and self.snapshot_config is not None:
            out.append(Problem("snapshotConfig", "screenshots exist only in individual mode"))
        out.extend(_file_problems(self.recording_file_config, mode, rc))
        if rc is not None and mode is not Mode.WEB:
            out.extend(_recording_problems(rc, mode, self.snapshot_config is not None))
        return out


def _file_problems(
    files: RecordingFileConfig | None, mode: Mode, rc: RecordingConfig | None
) -> list[Problem]:
    """avFileType by mode: ["hls"] everywhere, ["hls", "mp4"] in raw, mix and web, ["mp3"]
    (audio-only output) in raw only (docs/api-notes.md, "start", on modes)."""
    if files is None:
        return []
    field = "recordingFileConfig.avFileType"
    types = files.av_file_type
    if "mp3" in types:
        if mode is not Mode.RAW:
            return [Problem(field, '["mp3"] (audio-only output) exists only in raw mode')]
        if rc is not None and rc.stream_types != 0:
            return [
                Problem(
                    field,
                    '["mp3"] is audio-only output: set recordingConfig.streamTypes to 0',
                )
            ]
    if "mp4" in types and mode is Mode.INDIVIDUAL:
        return [
            Problem(
                field,
                "mp4 is only for raw, mix and web modes (legacy individual records HLS only)",
            )
        ]
    return []


def _recording_problems(rc: RecordingConfig, mode: Mode, snapshots: bool) -> list[Problem]:
    out: list[Problem] = []
    if mode is Mode.MIX:
        if rc.transcoding_config is None:
            out.append(
                Problem(
                    "recordingConfig.transcodingConfig",
                    "is required in mix mode (canvas size, fps, bitrate, layout)",
                )
            )
        if rc.stream_mode is not None:
            out.append(Problem("recordingConfig.streamMode", "is for individual mode only"))
        if rc.subscribe_uid_group is not None:
            out.append(Problem("recordingConfig.subscribeUidGroup", "is for individual mode only"))
    else:
        if rc.transcoding_config is not None:
            out.append(Problem("recordingConfig.transcodingConfig", "is for mix mode only"))
        if rc.audio_profile is not None:
            out.append(Problem("recordingConfig.audioProfile", "is for mix mode only"))
        if rc.subscribe_uid_group is None:
            out.append(
                Problem(
                    "recordingConfig.subscribeUidGroup",
                    "is required in individual mode (0: 1-2 uids, 1: 3-7, 2: 8-12, 3: 13-17, "
                    "4: 18-32, 5: 33-49)",
                )
            )
        if mode is Mode.RAW and rc.stream_mode is not None:
            out.append(
                Problem(
                    "recordingConfig.streamMode",
                    "was removed in raw mode (the current individual recording); leave it out",
                )
            )
    if snapshots:
        if rc.stream_types == 0:
            out.append(
                Problem("recordingConfig.streamTypes", "screenshots need streamTypes 1 or 2")
            )
        if rc.subscribe_audio_uids is not None and rc.subscribe_video_uids is None:
            out.append(
                Problem(
                    "recordingConfig.subscribeVideoUids",
                    "must be set when subscribeAudioUids is set and screenshots are taken",
                )
            )
    return out


class AcquireConfig(WireModel):
    """``clientRequest`` of acquire."""

    scene: Literal[0, 1, 2] | None = None
    resource_expired_hour: int | None = Field(default=None, ge=1, le=720)
    exclude_resource_ids: list[str] | None = None
    region: Literal["CN", "AP", "EU", "NA"] | None = None
    start_parameter: StartConfig | None = None

    @field_validator("scene")
    @classmethod
    def _scene(cls, value: int | None) -> int | None:
        if value == 2:
            raise ValueError(SCENE_2_REMOVED)
        return value

    @field_validator("exclude_resource_ids")
    @classmethod
    def _excluded(cls, value: list[str] | None) -> list[str] | None:
        """Resource IDs the service gave other tasks: opaque, URL-safe, never empty, each
        named once (docs/api-notes.md, "Backup recorder in another region")."""
        if value is None:
            return None
        for rid in value:
            if not _RESOURCE_ID.fullmatch(rid):
                raise ValueError(
                    "each excludeResourceIds entry must be a resource ID the service gave "
                    "(letters, digits and - _ + / = ., at most 1024 characters)"
                )
        if len(set(value)) != len(value):
            raise ValueError("excludeResourceIds names a resource ID twice")
        return value

    def problems(self, mode: Mode) -> list[Problem]:
        out: list[Problem] = []
        if mode is Mode.WEB and self.scene not in (None, 1):
            out.append(Problem("scene", "web page recording needs scene 1"))
        if mode is not Mode.WEB and self.scene == 1:
            out.append(Problem("scene", "scene 1 is only for web page recording"))
        if self.start_parameter is not None:
            out.extend(
                Problem(f"startParameter.{p.field}", p.rule)
                for p in self.start_parameter.problems(mode)
            )
        return out

    def for_mode(self, mode: Mode) -> AcquireConfig:
        """This config with ``scene`` filled in from the mode when it was left out."""
        if self.scene is not None:
            return self
        return self.model_copy(update={"scene": 1 if mode is Mode.WEB else 0})


class AudioUidList(WireModel):
    subscribe_audio_uids: list[str] | None = None
    unsubscribe_audio_uids: list[str] | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "unsubscribe_audio_uids", "unSubscribeAudioUids", "unsubscribeAudioUids"
        ),
        serialization_alias="unSubscribeAudioUids",
    )

    @field_validator("subscribe_audio_uids", "unsubscribe_audio_uids")
    @classmethod
    def _lists(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        return uid_list(value, info.field_name or "audio uid list")


class VideoUidList(WireModel):
    subscribe_video_uids: list[str] | None = None
    unsubscribe_video_uids: list[str] | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "unsubscribe_video_uids", "unSubscribeVideoUids", "unsubscribeVideoUids"
        ),
        serialization_alias="unSubscribeVideoUids",
    )

    @field_validator("subscribe_video_uids", "unsubscribe_video_uids")
    @classmethod
    def _lists(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        return uid_list(value, info.field_name or "video uid list")


class StreamSubscribe(WireModel):
    audio_uid_list: AudioUidList | None = None
    video_uid_list: VideoUidList | None = None


class WebRecordingUpdate(WireModel):
    onhold: bool


class UpdateConfig(WireModel):
    """``clientRequest`` of update: subscriptions, web pause/resume, CDN push, storage token."""

    model_config = ConfigDict(alias_generator=None, populate_by_name=True)

    stream_subscribe: StreamSubscribe | None = Field(default=None, alias="streamSubscribe")
    web_recording_config: WebRecordingUpdate | None = Field(
        default=None, alias="webRecordingConfig"
    )
    rtmp_publish_config: RtmpPublishConfig | None = Field(default=None, alias="rtmpPublishConfig")
    storage_config: StorageConfig | None = Field(default=None, alias="storageConfig")

    def problems(self, mode: Mode) -> list[Problem]:
        out: list[Problem] = []
        if all(
            v is None
            for v in (
                self.stream_subscribe,
                self.web_recording_config,
                self.rtmp_publish_config,
                self.storage_config,
            )
        ):
            out.append(Problem("clientRequest", "an update must change something"))
        if mode is Mode.WEB and self.stream_subscribe is not None:
            out.append(Problem("streamSubscribe", "is for individual and mix modes"))
        if mode is not Mode.WEB:
            if self.web_recording_config is not None:
                out.append(Problem("webRecordingConfig", "is for web mode only"))
            if self.rtmp_publish_config is not None:
                out.append(Problem("rtmpPublishConfig", "is for web mode only"))
        sub = self.stream_subscribe
        if sub is not None:
            a, v = sub.audio_uid_list, sub.video_uid_list
            if (
                a is not None
                and a.subscribe_audio_uids is not None
                and (a.unsubscribe_audio_uids is not None)
            ):
                out.append(Problem("audioUidList", "set subscribe or unsubscribe, not both"))
            if (
                v is not None
                and v.subscribe_video_uids is not None
                and (v.unsubscribe_video_uids is not None)
            ):
                out.append(Problem("videoUidList", "set subscribe or unsubscribe, not both"))
        return out
