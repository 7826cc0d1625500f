"""Validation of the start body and the update body, per recording mode.

See docs/api-notes.md, "start" and "update and updateLayout".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recorder_gui.emulator.checks import Checker
from recorder_gui.emulator.errors import invalid
from recorder_gui.emulator.validation import (
    DEFAULT_LAYOUT,
    WITHDRAWN_SCENE_2,
    validate_layout,
    validate_storage,
    validate_subscription,
)

_TRANSCODING_KEYS = {"width", "height", "fps", "bitrate", "maxResolutionUid", "mixedVideoLayout"}
#: ``avFileType`` values accepted per URL mode (docs/api-notes.md, "start"; raw: 2026-12).
AV_FILE_TYPES: dict[str, tuple[tuple[str, ...], ...]] = {
    "individual": (("hls",),),
    "raw": (("hls",), ("hls", "mp4"), ("mp3",)),
    "mix": (("hls",), ("hls", "mp4")),
    "web": (("hls",), ("hls", "mp4")),
}


@dataclass
class StartSpec:
    """What the task model needs from a valid start body."""

    mode: str
    stream_types: int = 2
    max_idle: int = 30
    av_file_types: list[str] = field(default_factory=lambda: ["hls"])
    record_files: bool = True
    snapshot_interval: int | None = None
    file_prefix: list[str] = field(default_factory=list)
    layout: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_LAYOUT))
    subscription: dict[str, list[str]] = field(default_factory=dict)
    onhold: bool = False
    max_recording_hour: int = 720
    max_video_minutes: int = 120
    rtmp_outputs: list[str] = field(default_factory=list)


def subscription_state(holders: list[Checker]) -> dict[str, list[str]]:
    """Normalised subscription lists (``unsubscribe*`` spelled ``unSubscribe*``)."""
    state: dict[str, list[str]] = {}
    for holder in holders:
        for key, value in holder.obj.items():
            if isinstance(value, list) and key.lower().endswith("uids"):
                norm = key.replace("unsubscribe", "unSubscribe")
                if norm.startswith(("subscribe", "unSubscribe")):
                    state[norm] = [str(v) for v in value]
    return state


def validate_start(url_mode: str, scene: int, client: Checker) -> StartSpec:
    """The start body for ``url_mode`` (individual, raw, mix, web). A token is not checked
    here: with an App Certificate a bad token is accepted and the task dies later."""
    mode = "individual" if url_mode == "raw" else url_mode
    spec = StartSpec(mode=mode)
    if mode == "web" and scene != 1:
        raise invalid("web mode needs a resource acquired with clientRequest.scene 1")
    if mode != "web" and scene == 1:
        raise invalid(f"clientRequest.scene 1 is for web mode only, not {url_mode}")
    if scene == 2:
        raise invalid(f"clientRequest.scene {WITHDRAWN_SCENE_2}")
    for key in ("appsCollection", "transcodeOptions"):
        if client.has(key):
            raise client.fail(key, f"belongs to scene {WITHDRAWN_SCENE_2}")
    token = client.obj.get("token")
    if token is not None and not isinstance(token, str):
        raise client.fail("token", "must be a string")
    storage = client.obj_("storageConfig", required=True)
    assert storage is not None
    validate_storage(storage)
    spec.file_prefix = list(storage.obj.get("fileNamePrefix") or [])
    if mode == "web":
        _validate_web(client, spec)
    else:
        _validate_rtc(url_mode, client, spec)
    return spec


def _validate_rtc(url_mode: str, client: Checker, spec: StartSpec) -> None:
    mode = spec.mode
    if client.has("extensionServiceConfig"):
        raise client.fail("extensionServiceConfig", f"is not allowed in {url_mode} mode")
    rec = client.obj_("recordingConfig", required=True)
    assert rec is not None
    # channelType is "marked required" but documented with default 0: accept it absent.
    rec.int_("channelType", 0, 1, 0)
    spec.stream_types = rec.int_("streamTypes", 0, 2, 2) or 0
    if rec.has("streamMode"):
        if url_mode == "raw":
            raise rec.fail("streamMode", "is not available in raw mode (removed in 2026)")
        if mode != "individual":
            raise rec.fail("streamMode", "is only allowed in individual mode")
        if rec.choice("streamMode", ("default", "standard", "original")) == "original" and (
            spec.stream_types != 0
        ):
            raise rec.fail("streamMode", "'original' needs streamTypes 0")
    decryption = rec.int_("decryptionMode", 0, 8, 0)
    if decryption:
        rec.str_("secret", required=True)
        if decryption in (7, 8):
            rec.str_("salt", required=True)
    if rec.has("audioProfile") and mode != "mix":
        raise rec.fail("audioProfile", "is only allowed in mix mode")
    rec.int_("audioProfile", 0, 2)
    rec.int_("videoStreamType", 0, 1)
    spec.max_idle = rec.int_("maxIdleTime", 5, 2592000, 30) or 30
    validate_subscription(rec, spec.stream_types)
    spec.subscription = subscription_state([rec])
    rec.str_("privateParams")
    if mode == "individual":
        rec.int_("subscribeUidGroup", 0, 5, required=True)
    transcoding = rec.obj_("transcodingConfig")
    if transcoding is not None:
        if mode != "mix":
            raise rec.fail("transcodingConfig", "is only allowed in mix mode")
        spec.layout = _validate_transcoding(transcoding)
    snapshot = client.obj_("snapshotConfig")
    files = client.obj_("recordingFileConfig")
    if snapshot is not None:
        if mode != "individual":
            raise client.fail("snapshotConfig", "is only allowed in individual mode")
        spec.snapshot_interval = snapshot.int_("captureInterval", 5, 3600, 10)
        if snapshot.obj.get("fileType") != ["jpg"]:
            raise snapshot.fail("fileType", 'must be ["jpg"]')
        if spec.stream_types not in (1, 2):
            raise rec.fail("streamTypes", "must be 1 or 2 with snapshotConfig")
        if rec.has("subscribeAudioUids") and not rec.has("subscribeVideoUids"):
            raise rec.fail("subscribeVideoUids", "is required with subscribeAudioUids")
        # Recording and screenshots in one task: recordingFileConfig present (it is what says
        # so); screenshots only: recordingFileConfig absent (docs/api-notes.md, "start").
        spec.record_files = files is not None
    # Otherwise recordingFileConfig is optional, default avFileType ["hls"].
    if files is not None:
        spec.av_file_types = _validate_av_types(files, url_mode)
        if "mp3" in spec.av_file_types and spec.stream_types == 1:
            raise rec.fail("streamTypes", 'must be 0 or 2 with avFileType ["mp3"] (audio)')


def _validate_av_types(files: Checker, url_mode: str) -> list[str]:
    types = files.list_("avFileType")
    if types is None:
        return ["hls"]
    allowed = AV_FILE_TYPES[url_mode]
    if tuple(types) in allowed or (len(types) == 2 and tuple(reversed(types)) in allowed):
        return [str(t) for t in types]
    if types == ["mp4"]:
        raise files.fail("avFileType", '["mp4"] alone is invalid; use ["hls", "mp4"]')
    if "mp4" in types and url_mode == "individual":
        raise files.fail("avFileType", "mp4 is not available in individual mode; use raw mode")
    shown = " or ".join(str(list(a)).replace("'", '"') for a in allowed)
    raise files.fail("avFileType", f"must be {shown} in {url_mode} mode")


def _validate_transcoding(cfg: Checker) -> dict[str, Any]:
    layout_part = {k: v for k, v in cfg.obj.items() if k not in _TRANSCODING_KEYS}
    width = cfg.int_("width", 1, 1920 * 1080, 360) or 360
    height = cfg.int_("height", 1, 1920 * 1080, 640) or 640
    if width * height > 1920 * 1080:
        raise cfg.fail("width", "width x height must be <= 1920 x 1080")
    cfg.int_("fps", 1, 60, 15)  # unsupported values fall back to 15 on the real service
    cfg.int_("bitrate", 1, 6500, 500)
    layout_part["mixedVideoLayout"] = cfg.obj.get("mixedVideoLayout", 0)
    if cfg.has("maxResolutionUid"):
        layout_part["maxResolutionUid"] = cfg.obj["maxResolutionUid"]
    return validate_layout(Checker(layout_part, cfg.path, code=cfg.code))


def _validate_web(client: Checker, spec: StartSpec) -> None:
    ext = client.obj_("extensionServiceConfig", required=True)
    assert ext is not None
    ext.choice("errorHandlePolicy", ("error_abort",))
    services = ext.list_("extensionServices") or []
    found_web = False
    for i, raw in enumerate(services):
        svc = Checker(raw, f"{ext.path}.extensionServices[{i}]")
        name = svc.choice("serviceName", ("web_recorder_service", "rtmp_publish_service"))
        param = svc.obj_("serviceParam", required=True)
        assert param is not None
        if name == "web_recorder_service":
            found_web = True
            svc.choice("errorHandlePolicy", ("error_abort",))
            _validate_web_param(param, spec)
        elif name == "rtmp_publish_service":
            svc.choice("errorHandlePolicy", ("error_ignore",))
            spec.rtmp_outputs = validate_rtmp_outputs(param)
        else:
            raise svc.fail("serviceName", "is required")
    if not found_web:
        raise ext.fail("extensionServices", "must contain a web_recorder_service")
    files = client.obj_("recordingFileConfig")
    if files is not None:
        spec.av_file_types = _validate_av_types(files, "web")


def _validate_web_param(param: Checker, spec: StartSpec) -> None:
    param.str_("url", required=True)
    param.int_("audioProfile", 0, 2, required=True)
    width = param.int_("videoWidth", 240, 1920, required=True) or 0
    height = param.int_("videoHeight", 240, 1920, required=True) or 0
    if width * height > 1920 * 1080:
        raise param.fail("videoWidth", "videoWidth x videoHeight must be <= 1920 x 1080")
    spec.max_recording_hour = param.int_("maxRecordingHour", 1, 720, required=True) or 720
    param.int_("videoBitrate", 1, 100000)
    param.int_("videoFps", 5, 60, 15)
    param.bool_("mobile")
    spec.max_video_minutes = param.int_("maxVideoDuration", 30, 240, 120) or 120
    spec.onhold = param.bool_("onhold")
    param.int_("readyTimeout", 0, 60, 0)


def validate_rtmp_outputs(param: Checker) -> list[str]:
    outputs = param.list_("outputs", max_len=1)
    if not outputs:
        raise param.fail("outputs", "must hold exactly one {rtmpUrl}")
    out = Checker(outputs[0], f"{param.path}.outputs[0]")
    url = out.str_("rtmpUrl", required=True) or ""
    if not url.startswith(("rtmp://", "rtmps://")):
        raise out.fail("rtmpUrl", "must be an rtmp:// or rtmps:// URL")
    return [url]


@dataclass
class UpdateSpec:
    """The changes an update body asks for (None = unchanged)."""

    subscription: dict[str, list[str]] | None = None
    onhold: bool | None = None
    rtmp_outputs: list[str] | None = None
    storage: dict[str, Any] | None = None


def validate_update(mode: str, stream_types: int, client: Checker) -> UpdateSpec:
    spec = UpdateSpec()
    sub = client.obj_("streamSubscribe")
    if sub is not None:
        if mode == "web":
            raise client.fail("streamSubscribe", "is not allowed in web mode")
        audio, video = sub.obj_("audioUidList"), sub.obj_("videoUidList")
        validate_subscription(sub, stream_types, audio=audio, video=video)
        spec.subscription = subscription_state([h for h in (audio, video) if h is not None])
    web = client.obj_("webRecordingConfig")
    if web is not None:
        if mode != "web":
            raise client.fail("webRecordingConfig", "is only allowed in web mode")
        if not web.has("onhold"):
            raise web.fail("onhold", "is required")
        spec.onhold = web.bool_("onhold")
    rtmp = client.obj_("rtmpPublishConfig")
    if rtmp is not None:
        if mode != "web":
            raise client.fail("rtmpPublishConfig", "is only allowed in web mode")
        spec.rtmp_outputs = validate_rtmp_outputs(rtmp)
    storage = client.obj_("storageConfig")
    if storage is not None:
        validate_storage(storage)
        spec.storage = storage.obj
    return spec
