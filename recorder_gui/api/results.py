"""Typed results parsed leniently from what the service is known to send.

See docs/api-notes.md, "query", "stop" and "Channel user list".

Tolerated variations: ``fileList`` as a string or an array (by ``fileListMode``),
``filename``/``fileName``, ``playload``/``payload``, ``unknow``/``unknown``, numbers sent as
strings, uids sent as numbers, and any extra key.

Refused (ValueError, which the client turns into ``UnexpectedResponseError``): a field of the
wrong type, a ``serverResponse`` that is not an object, and an implausible identifier (a
resource ID or sid that is empty, longer than 1024 characters, or not printable ASCII).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, field_validator

from .answers import check_identifier
from .codes import is_running, status_meaning

#: A resource ID or sid read from an answer (see :func:`.answers.plausible_identifier`).
Identifier = Annotated[str, AfterValidator(check_identifier)]


class ResultModel(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        frozen=True,
        hide_input_in_errors=True,
        defer_build=True,
    )


class FileInfo(ResultModel):
    """One recorded file as the service lists it."""

    file_name: str = Field(validation_alias=AliasChoices("fileName", "filename", "file_name"))
    track_type: str | None = Field(default=None, validation_alias=AliasChoices("trackType"))
    uid: str | None = None
    mixed_all_user: bool | None = Field(default=None, validation_alias=AliasChoices("mixedAllUser"))
    is_playable: bool | None = Field(default=None, validation_alias=AliasChoices("isPlayable"))
    slice_start_time: int | None = Field(
        default=None, validation_alias=AliasChoices("sliceStartTime")
    )


def _files_from(mode: Any, value: Any) -> list[FileInfo]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [FileInfo(file_name=value)]
    files: list[FileInfo] = []
    if isinstance(value, list):
        for item in value:
            try:
                files.append(FileInfo.model_validate(item))
            except ValueError:
                continue  # one malformed entry must not hide the others
    return files


def normalize_uploading_status(value: Any) -> Literal["uploaded", "backuped", "unknown"]:
    text = str(value or "").strip().lower()
    if text == "uploaded":
        return "uploaded"
    if text == "backuped":
        return "backuped"
    return "unknown"  # also "unknow" (Chinese docs)


class AcquireResult(ResultModel):
    resource_id: Identifier = Field(validation_alias=AliasChoices("resourceId"))
    cname: str | None = None
    uid: str | None = None


class StartResult(ResultModel):
    sid: Identifier
    resource_id: Identifier = Field(validation_alias=AliasChoices("resourceId"))
    cname: str | None = None
    uid: str | None = None


class UpdateResult(ResultModel):
    sid: Identifier | None = None
    resource_id: Identifier | None = Field(
        default=None, validation_alias=AliasChoices("resourceId")
    )
    cname: str | None = None
    uid: str | None = None


class RtmpOutputState(ResultModel):
    rtmp_url: str = Field(validation_alias=AliasChoices("rtmpUrl"))
    status: str | None = None


class _ServerFields(ResultModel):
    """Fields shared by query and stop: files, first slice, web service state."""

    file_list_mode: str | None = None
    files: list[FileInfo] = Field(default_factory=list)
    slice_start_time: int | None = None
    web_state: str | None = None
    web_onhold: bool | None = None
    rtmp_outputs: list[RtmpOutputState] = Field(default_factory=list)

    @field_validator("slice_start_time", mode="before")
    @classmethod
    def _zero_is_none(cls, value: Any) -> Any:
        return None if value in (0, "0", "") else value

    @property
    def file_names(self) -> list[str]:
        return [f.file_name for f in self.files]


def _server_response(body: dict[str, Any]) -> dict[str, Any]:
    """The ``serverResponse`` object ({} when absent or null); ValueError for another type."""
    server = body.get("serverResponse")
    if server is None:
        return {}
    if not isinstance(server, dict):
        raise ValueError("serverResponse is not an object")
    return server


def _server_fields(server: dict[str, Any]) -> dict[str, Any]:
    """Flatten a ``serverResponse`` of any mode into the fields of :class:`_ServerFields`."""
    out: dict[str, Any] = {
        "file_list_mode": server.get("fileListMode"),
        "files": _files_from(server.get("fileListMode"), server.get("fileList")),
        "slice_start_time": server.get("sliceStartTime"),
    }
    services = server.get("extensionServiceState")
    for service in services if isinstance(services, list) else []:
        if not isinstance(service, dict):
            continue
        payload = service.get("payload", service.get("playload")) or {}
        if not isinstance(payload, dict):
            continue
        name = service.get("serviceName")
        if name == "web_recorder_service":
            out["files"] = _files_from("json", payload.get("fileList"))
            out["web_state"] = payload.get("state")
            out["web_onhold"] = payload.get("onhold")
            starts = [f.slice_start_time for f in out["files"] if f.slice_start_time]
            if starts and not out["slice_start_time"]:
                out["slice_start_time"] = min(starts)
        elif name == "rtmp_publish_service":
            outputs = payload.get("outputs")
            out["rtmp_outputs"] = [
                RtmpOutputState.model_validate(o)
                for o in (outputs if isinstance(outputs, list) else [])
                if isinstance(o, dict) and isinstance(o.get("rtmpUrl"), str)
            ]
        elif name == "upload_service" and "uploadingStatus" in payload:
            out["uploading_status"] = payload.get("uploadingStatus")
    if "uploadingStatus" in server:
        out["uploading_status"] = server.get("uploadingStatus")
    return out


class QueryResult(_ServerFields):
    sid: Identifier | None = None
    resource_id: Identifier | None = None
    cname: str | None = None
    uid: str | None = None
    status: int | None = None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> QueryResult:
        server = _server_response(body)
        fields = _server_fields(server)
        fields.pop("uploading_status", None)
        return cls.model_validate(
            {
                "sid": body.get("sid"),
                "resource_id": body.get("resourceId"),
                "cname": body.get("cname"),
                "uid": body.get("uid"),
                "status": server.get("status"),
                **fields,
            }
        )

    @property
    def status_meaning(self) -> str:
        return status_meaning(self.status)

    @property
    def is_running(self) -> bool:
        return is_running(self.status)


class StopResult(_ServerFields):
    """What stop answered. ``complete`` is False for a 206 answer without a code."""

    sid: Identifier | None = None
    resource_id: Identifier | None = None
    cname: str | None = None
    uid: str | None = None
    uploading_status: Literal["uploaded", "backuped", "unknown"] = "unknown"
    complete: bool = True

    @field_validator("uploading_status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        return normalize_uploading_status(value)

    @classmethod
    def from_body(cls, body: dict[str, Any], *, complete: bool = True) -> StopResult:
        server = _server_response(body)
        return cls.model_validate(
            {
                "sid": body.get("sid"),
                "resource_id": body.get("resourceId"),
                "cname": body.get("cname"),
                "uid": body.get("uid"),
                "complete": complete,
                **_server_fields(server),
            }
        )


class ChannelUsers(ResultModel):
    """The Channel Management user list (docs/api-notes.md, "Channel user list")."""

    channel_exists: bool = False
    mode: int | None = None
    total: int | None = None
    users: list[int] = Field(default_factory=list)
    broadcasters: list[int] = Field(default_factory=list)
    audience: list[int] = Field(default_factory=list)
    audience_total: int | None = None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> ChannelUsers:
        data = body.get("data") or {}
        if not isinstance(data, dict):
            data = {}
        return cls.model_validate(
            {
                "channel_exists": bool(data.get("channel_exist", False)),
                "mode": data.get("mode"),
                "total": data.get("total"),
                "users": data.get("users") or [],
                "broadcasters": data.get("broadcasters") or [],
                "audience": data.get("audience") or [],
                "audience_total": data.get("audience_total"),
            }
        )

    @property
    def is_live_broadcast(self) -> bool:
        return self.mode == 2

    @property
    def present_uids(self) -> list[int]:
        """Everyone who can appear in a recording: users, or hosts in a live channel."""
        return list(self.broadcasters) if self.is_live_broadcast else list(self.users)

    @property
    def counts_as_idle(self) -> bool:
        """True when the recorder would count the channel idle (no user / no host)."""
        return not self.channel_exists or not self.present_uids
