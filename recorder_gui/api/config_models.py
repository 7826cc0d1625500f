"""Typed request models for the parts of a start body (docs/api-notes.md, "start").

Each model validates its own ranges when built; rules that depend on the recording mode live
in :mod:`.request_models`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from pydantic import (
    AliasChoices,
    ConfigDict,
    Field,
    SecretStr,
    SerializationInfo,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_serializer,
    model_validator,
)

from .extension_wire import (
    RTMP_PUBLISH,
    WEB_RECORDER,
    drop_unknown_services,
    is_wire_shape,
    services_from_wire,
)
from .layout_models import LayoutFields
from .storage_catalog import S3_COMPATIBLE, STS_VENDORS, pair_problem
from .subscriptions import Lists, uid_list
from .wire import WireModel, reveal

#: "mp3" (audio-only output) only in raw mode: see request_models.
FileType = Literal["hls", "mp4", "mp3"]
SUPPORTED_FPS = (1, 7, 10, 15, 24, 30, 60)
MAX_PIXELS = 1920 * 1080
_PREFIX_SEGMENT = re.compile(r"^[A-Za-z0-9]+$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


class TranscodingConfig(LayoutFields):
    """Mix-mode canvas and encoder settings plus the initial layout."""

    width: int = Field(default=360, ge=16, le=1920)
    height: int = Field(default=640, ge=16, le=1920)
    fps: int = 15
    bitrate: int = Field(default=500, ge=1, le=6500)

    @field_validator("fps")
    @classmethod
    def _fps(cls, value: int) -> int:
        if value not in SUPPORTED_FPS:
            raise ValueError(
                f"fps must be one of {', '.join(map(str, SUPPORTED_FPS))} "
                f"(the service would silently use 15 instead of {value})"
            )
        return value

    @model_validator(mode="after")
    def _canvas(self) -> TranscodingConfig:
        if self.width * self.height > MAX_PIXELS:
            raise ValueError(
                f"width x height must be at most 1920x1080 pixels, got {self.width}x{self.height}"
            )
        return self


class RecordingConfig(WireModel):
    channel_type: Literal[0, 1] = 0
    stream_types: Literal[0, 1, 2] = 2
    stream_mode: Literal["default", "standard", "original"] | None = None
    decryption_mode: int | None = Field(default=None, ge=0, le=8)
    secret: SecretStr | None = None
    salt: SecretStr | None = None
    audio_profile: Literal[0, 1, 2] | None = None
    video_stream_type: Literal[0, 1] | None = None
    max_idle_time: int | None = Field(default=None, ge=5, le=2_592_000)
    subscribe_audio_uids: list[str] | None = None
    unsubscribe_audio_uids: list[str] | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "unsubscribe_audio_uids", "unSubscribeAudioUids", "unsubscribeAudioUids"
        ),
        serialization_alias="unSubscribeAudioUids",
    )
    subscribe_video_uids: list[str] | None = None
    unsubscribe_video_uids: list[str] | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "unsubscribe_video_uids", "unSubscribeVideoUids", "unsubscribeVideoUids"
        ),
        serialization_alias="unSubscribeVideoUids",
    )
    subscribe_uid_group: int | None = Field(default=None, ge=0, le=5)
    transcoding_config: TranscodingConfig | None = None
    private_params: str | None = None

    _reveal = field_serializer("secret", "salt")(reveal)

    @field_validator(
        "subscribe_audio_uids",
        "unsubscribe_audio_uids",
        "subscribe_video_uids",
        "unsubscribe_video_uids",
    )
    @classmethod
    def _lists(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        return uid_list(value, info.field_name or "uid list")

    @model_validator(mode="after")
    def _rules(self) -> RecordingConfig:
        problem = self.uid_lists.problem(self.stream_types)
        if problem:
            raise ValueError(problem)
        if self.stream_mode == "original" and self.stream_types != 0:
            raise ValueError("streamMode 'original' needs streamTypes 0 (audio only)")
        mode = self.decryption_mode or 0
        if mode and self.secret is None:
            raise ValueError(f"decryptionMode {mode} needs a secret")
        if mode in (7, 8):
            if self.salt is None:
                raise ValueError(f"decryptionMode {mode} needs a salt (base64 of 32 bytes)")
            salt = self.salt.get_secret_value()
            if not _BASE64.match(salt) or len(salt) != 44:
                raise ValueError("salt must be the base64 text of 32 bytes (44 characters)")
        elif self.salt is not None:
            raise ValueError("salt is used only with decryptionMode 7 or 8")
        return self

    @property
    def uid_lists(self) -> Lists:
        return Lists(
            self.subscribe_audio_uids,
            self.unsubscribe_audio_uids,
            self.subscribe_video_uids,
            self.unsubscribe_video_uids,
        )

    def one_sided_whitelist(self) -> Literal["audio", "video"] | None:
        """The media type that would NOT be recorded because a whitelist is set for the other
        type only (docs/api-notes.md, "start": a list for one media type means the other is
        not subscribed at all); None when both or neither have lists, or when streamTypes
        records one type anyway. Not an error: the producer should be asked before sending."""
        return self.uid_lists.one_sided_whitelist(self.stream_types)


class RecordingFileConfig(WireModel):
    av_file_type: list[FileType] = Field(default_factory=lambda: list[FileType](["hls"]))

    @field_validator("av_file_type")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                'avFileType is an empty list; leave recordingFileConfig out for the default ["hls"]'
            )
        if len(set(value)) != len(value):
            raise ValueError("avFileType lists a type twice")
        if "mp3" in value and len(value) > 1:
            raise ValueError('avFileType "mp3" (audio-only output) stands alone: use ["mp3"]')
        if "hls" not in value and value != ["mp3"]:
            raise ValueError('avFileType must include "hls" (["mp4"] alone is refused)')
        return value


class SnapshotConfig(WireModel):
    # [5, 3600] in the API reference, [1, 3600] in a guide: the range both accept.
    capture_interval: int = Field(default=10, ge=5, le=3600)
    file_type: list[Literal["jpg"]] = Field(default_factory=lambda: list[Literal["jpg"]](["jpg"]))


class StorageExtensionParams(WireModel):
    model_config = ConfigDict(alias_generator=None)

    sse: Literal["kms", "aes256"] | None = None
    tag: str | None = None
    endpoint: str | None = None


class StorageConfig(WireModel):
    vendor: int
    region: int
    bucket: str = Field(min_length=1, max_length=255)
    access_key: SecretStr
    secret_key: SecretStr
    sts_token: SecretStr | None = None
    sts_expiration: int | None = Field(default=None, ge=0)
    file_name_prefix: list[str] | None = None
    extension_params: StorageExtensionParams | None = None

    _reveal = field_serializer("access_key", "secret_key", "sts_token")(reveal)

    @field_validator("access_key", "secret_key")
    @classmethod
    def _not_empty(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value():
            raise ValueError("must not be empty")
        return value

    @field_validator("file_name_prefix")
    @classmethod
    def _prefix(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        for segment in value:
            if not _PREFIX_SEGMENT.match(segment):
                raise ValueError(
                    f"fileNamePrefix segment {segment!r} may hold only letters and digits"
                )
        if len("/".join(value)) > 128:
            raise ValueError("fileNamePrefix is longer than 128 characters with its slashes")
        return value

    @model_validator(mode="after")
    def _vendor_rules(self) -> StorageConfig:
        problem = pair_problem(self.vendor, self.region)
        if problem:
            raise ValueError(problem)
        if self.sts_token is not None and self.vendor not in STS_VENDORS:
            raise ValueError("stsToken works only with Amazon S3, Alibaba and Tencent storage")
        params = self.extension_params
        if self.vendor == S3_COMPATIBLE and (params is None or not params.endpoint):
            raise ValueError("S3-compatible storage (vendor 11) needs extensionParams.endpoint")
        if params is not None:
            if params.sse is not None and self.vendor != 1:
                raise ValueError("extensionParams.sse works only with Amazon S3 (vendor 1)")
            if params.tag is not None and self.vendor not in (1, 2):
                raise ValueError("extensionParams.tag works only with Amazon S3 and Alibaba")
        return self

    @property
    def prefix_path(self) -> str:
        """The folder the files land in, e.g. ``"show/day1/"`` (empty for the bucket root)."""
        return "".join(f"{seg}/" for seg in self.file_name_prefix or [])


class WebRecorderConfig(WireModel):
    """``serviceParam`` of ``web_recorder_service`` (docs/api-notes.md, "start")."""

    url: str = Field(min_length=1, max_length=4096)
    audio_profile: Literal[0, 1, 2] = 0
    video_width: int = Field(default=1280, ge=240, le=1920)
    video_height: int = Field(default=720, ge=240, le=1920)
    # Required (docs/api-notes.md, "start"): no silent default; the service's would be 2 h.
    max_recording_hour: int = Field(ge=1, le=720)
    video_bitrate: int | None = Field(default=None, ge=1, le=10_000)
    video_fps: int | None = Field(default=None, ge=5, le=60)
    mobile: bool | None = None
    max_video_duration: int | None = Field(default=None, ge=30, le=240)
    onhold: bool | None = None
    ready_timeout: int | None = Field(default=None, ge=0, le=60)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s]+$", value):
            raise ValueError("url must be an http:// or https:// address without spaces")
        return value

    @model_validator(mode="after")
    def _size(self) -> WebRecorderConfig:
        if self.video_width * self.video_height > MAX_PIXELS:
            raise ValueError(
                "videoWidth x videoHeight must be at most 1920x1080 pixels, got "
                f"{self.video_width}x{self.video_height}"
            )
        return self


class RtmpOutput(WireModel):
    rtmp_url: str

    @field_validator("rtmp_url")
    @classmethod
    def _scheme(cls, value: str) -> str:
        if not re.match(r"^rtmps?://\S+$", value):
            raise ValueError("rtmpUrl must start with rtmp:// or rtmps://")
        return value


class RtmpPublishConfig(WireModel):
    outputs: list[RtmpOutput] = Field(min_length=1, max_length=1)


class ExtensionServiceConfig(WireModel):
    """Web page recording services, sent in the wire's list-of-services shape (and read back
    from it: see :mod:`.extension_wire`)."""

    web_recorder: WebRecorderConfig
    rtmp_publish: RtmpPublishConfig | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_wire(cls, data: object) -> object:
        if is_wire_shape(data):
            assert isinstance(data, Mapping)
            return services_from_wire(data)
        return data

    @classmethod
    def drop_unknown_wire(cls, data: object, path: str, warnings: list[str]) -> object:
        """The tolerant walk (see :mod:`.tolerant`) of either shape."""
        params: dict[str, type[WireModel]] = {
            WEB_RECORDER: WebRecorderConfig,
            RTMP_PUBLISH: RtmpPublishConfig,
        }
        return drop_unknown_services(cls, params, data, path, warnings)

    @model_serializer(mode="wrap")
    def _wire(self, handler: object, info: SerializationInfo) -> dict[str, object]:
        services: list[dict[str, object]] = [
            {
                "serviceName": WEB_RECORDER,
                "errorHandlePolicy": "error_abort",
                "serviceParam": self.web_recorder.model_dump(
                    mode="json", by_alias=True, exclude_none=True
                ),
            }
        ]
        if self.rtmp_publish is not None:
            services.append(
                {
                    "serviceName": RTMP_PUBLISH,
                    "errorHandlePolicy": "error_ignore",
                    "serviceParam": self.rtmp_publish.model_dump(
                        mode="json", by_alias=True, exclude_none=True
                    ),
                }
            )
        return {"errorHandlePolicy": "error_abort", "extensionServices": services}
