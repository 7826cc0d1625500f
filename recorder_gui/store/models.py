"""The profile: a named show setup, non-secret only, validated by pydantic (schema version 2).

Storage choices are checked against ``recorder_gui.api.storage_catalog``; secrets never appear
here (they live in the CredentialStore under the profile's name).
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from recorder_gui.api import storage_catalog
from recorder_gui.api.domains import Area
from recorder_gui.callbacks.relay_url import RelaySettingsError, check_relay_url
from recorder_gui.store.names import profile_name_problem

SCHEMA_VERSION = 2
MAX_IDLE_TIME_RANGE = (5, 2_592_000)
MAX_UID = 2**32 - 1
PREFIX_MAX_LENGTH = 128
SUPPORTED_FPS = (1, 7, 10, 15, 24, 30, 60)
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_SEGMENT = re.compile(r"[A-Za-z0-9]+")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


class RecordingMode(StrEnum):
    """The cloud recording mode in the URL path."""

    MIX = "mix"
    INDIVIDUAL = "individual"
    WEB = "web"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


def _plain_text(value: str, what: str, max_length: int) -> str:
    if not value:
        raise ValueError(f"{what} must not be empty")
    if len(value) > max_length:
        raise ValueError(f"{what} has at most {max_length} characters")
    if any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(f"{what} must not contain spaces or control characters")
    return value


class StorageExtension(_Model):
    """``storageConfig.extensionParams``: server-side encryption, object tag, endpoint."""

    sse: Literal["kms", "aes256"] | None = None
    tag: str | None = None
    endpoint: str | None = None

    @field_validator("tag", "endpoint")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return None if value is None else _plain_text(value, "this value", 1024)


class StorageSettings(_Model):
    """Where recordings go: vendor and region numbers, bucket, prefix.

    See docs/api-notes.md, "Storage and file naming"."""

    vendor: int = 1
    region: int = 0
    bucket: str
    file_name_prefix: list[str] = Field(default_factory=list)
    extension: StorageExtension = Field(default_factory=StorageExtension)

    @field_validator("bucket")
    @classmethod
    def _bucket(cls, value: str) -> str:
        return _plain_text(value, "the bucket name", 255)

    @field_validator("file_name_prefix")
    @classmethod
    def _prefix(cls, value: list[str]) -> list[str]:
        for index, segment in enumerate(value, start=1):
            if not _SEGMENT.fullmatch(segment):
                raise ValueError(
                    f"prefix segment {index} ({segment!r}) may hold only letters a-z A-Z and "
                    "digits 0-9 (no '_', '/', '-', spaces or other characters)"
                )
        total = len("/".join(value))
        if total > PREFIX_MAX_LENGTH:
            raise ValueError(
                f"the file name prefix is {total} characters long including slashes; "
                f"at most {PREFIX_MAX_LENGTH} are allowed"
            )
        return value

    @model_validator(mode="after")
    def _pair_and_extension(self) -> StorageSettings:
        problem = storage_catalog.pair_problem(self.vendor, self.region)
        if problem is not None:
            raise ValueError(problem)
        ext = self.extension
        if self.vendor == storage_catalog.S3_COMPATIBLE and not ext.endpoint:
            raise ValueError("S3-compatible storage (vendor 11) needs extension.endpoint")
        if self.vendor != storage_catalog.S3_COMPATIBLE and ext.endpoint:
            raise ValueError("extension.endpoint applies only to S3-compatible storage (vendor 11)")
        if ext.sse is not None and self.vendor != 1:
            raise ValueError("extension.sse (server-side encryption) applies only to Amazon S3")
        if ext.tag is not None and self.vendor not in (1, 2):
            raise ValueError("extension.tag applies only to Amazon S3 and Alibaba Cloud OSS")
        return self

    @property
    def label(self) -> str:
        """E.g. ``"Amazon S3 / EU_CENTRAL_1"``."""
        return storage_catalog.region_label(self.vendor, self.region)

    @property
    def prefix_path(self) -> str:
        """The prefix as it appears in object names, e.g. ``"show/2026"``."""
        return "/".join(self.file_name_prefix)


class TranscodingSettings(_Model):
    """Mixed-stream canvas and encoding (``transcodingConfig``, mix mode).

    Defaults are a landscape 720p show (1280x720 at 15 fps, 1130 kbps, Agora's recommended
    bitrate for it), not the service's own 360x640 portrait default: a new profile must not
    silently turn the producer's video into a phone-shaped 500 kbps one."""

    width: int = Field(default=1280, ge=1, le=1920)
    height: int = Field(default=720, ge=1, le=1920)
    fps: int = 15
    bitrate: int = Field(default=1130, ge=1, le=6500)
    mixed_video_layout: Literal[0, 1, 2, 3] = 0
    background_color: str = "#000000"

    @field_validator("fps")
    @classmethod
    def _fps(cls, value: int) -> int:
        if value not in SUPPORTED_FPS:
            choices = ", ".join(map(str, SUPPORTED_FPS))
            raise ValueError(f"{value} fps is not supported; choose one of {choices}")
        return value

    @field_validator("background_color")
    @classmethod
    def _color(cls, value: str) -> str:
        if not _COLOR.fullmatch(value):
            raise ValueError(f"{value!r} is not a colour of the form #RRGGBB")
        return value

    @model_validator(mode="after")
    def _area(self) -> TranscodingSettings:
        if self.width * self.height > 1920 * 1080:
            raise ValueError(
                f"a {self.width}x{self.height} canvas is larger than 1920x1080 pixels in total"
            )
        return self


FileType = Literal["hls", "mp4"]


#: The longest plan a recording can have: web maxRecordingHour's top (720 h,
#: docs/api-notes.md, "start").
PLANNED_MINUTES_MAX = 720 * 60


def _hls_only() -> list[FileType]:
    return ["hls"]


class RecordingDefaults(_Model):
    """Defaults for ``recordingConfig`` / ``recordingFileConfig`` of a new recording."""

    channel_type: Literal[0, 1] = 0
    stream_types: Literal[0, 1, 2] = 2
    stream_mode: Literal["default", "standard", "original"] = "default"
    max_idle_time: int = Field(default=300, ge=MAX_IDLE_TIME_RANGE[0], le=MAX_IDLE_TIME_RANGE[1])
    #: How long a show usually runs: sets the bot token's lifetime and web maxRecordingHour.
    planned_minutes: int = Field(default=240, ge=1, le=PLANNED_MINUTES_MAX)
    audio_profile: Literal[0, 1, 2] = 0
    video_stream_type: Literal[0, 1] = 0
    av_file_type: list[FileType] = Field(default_factory=_hls_only)
    transcoding: TranscodingSettings = Field(default_factory=TranscodingSettings)

    @field_validator("av_file_type")
    @classmethod
    def _file_types(cls, value: list[FileType]) -> list[FileType]:
        if "hls" not in value or len(set(value)) != len(value):
            raise ValueError('file types must be ["hls"] or ["hls", "mp4"] (MP4 alone is refused)')
        return value


def _base_url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"{url!r} is not a URL ({exc})"
    if parts.scheme not in ("https", "http") or not host:
        return f"{url!r} must be an https:// URL with a host name"
    if parts.username is not None or parts.password is not None:
        return "the base URL must not carry a user name or password"
    if parts.query or parts.fragment:
        return "the base URL must not have a query or fragment"
    if parts.scheme == "http" and not _is_loopback(host):
        return "plain http:// is allowed only for this computer (127.0.0.1, ::1, localhost)"
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Profile(_Model):
    """A named show setup. Holds no secrets: those are in the CredentialStore."""

    schema_version: Literal[2] = 2
    name: str
    app_id: str
    area: Area = Area.GLOBAL
    base_url: str | None = None
    storage: StorageSettings
    mode: RecordingMode = RecordingMode.MIX
    recording: RecordingDefaults = Field(default_factory=RecordingDefaults)
    bot_uid: str = "999999999"
    layout_template: str | None = None
    #: where callbacks are read (a recorder-gui relay); its read token is in the keyring
    relay_url: str | None = None

    @field_validator("relay_url")
    @classmethod
    def _relay_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return check_relay_url(value)
        except RelaySettingsError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        problem = profile_name_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("app_id")
    @classmethod
    def _app_id(cls, value: str) -> str:
        if not _HEX32.fullmatch(value):
            raise ValueError("an App ID is 32 hexadecimal characters (0-9, a-f)")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        problem = _base_url_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value.rstrip("/")

    @field_validator("bot_uid", mode="before")
    @classmethod
    def _bot_uid(cls, value: object) -> object:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not text.isascii() or not text.isdecimal():
            raise ValueError("the bot uid is a whole number from 1 to 4294967295")
        if text.startswith("0") or not 1 <= int(text) <= MAX_UID:
            raise ValueError(
                "the bot uid is a whole number from 1 to 4294967295, without leading 0"
            )
        return text

    @field_validator("layout_template")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if "/" in value or "\\" in value or len(value) > 128:
            raise ValueError("a layout template name has at most 128 characters and no slashes")
        return value
