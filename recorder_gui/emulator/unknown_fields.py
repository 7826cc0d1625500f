"""The fields each request body may hold; anything else is ignored, with a warning.

No documentation says the service refuses an unknown field, and Agora's own layout sample
misspells ``backgroudColor`` and is shown working: the service most plausibly ignores unknown
fields. The emulator does the same (a misspelt field silently has no effect, as on the real
service) and names the ignored field paths in the request history and the task.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias


@dataclass(frozen=True)
class Each:
    """An array whose items are objects of ``item``'s fields."""

    item: dict[str, Node]


Node: TypeAlias = dict[str, "Node"] | Each | None  # None: any value, not looked into


def _leaves(*names: str) -> dict[str, Node]:
    return dict.fromkeys(names)


_SUBSCRIBE_AUDIO = _leaves("subscribeAudioUids", "unSubscribeAudioUids", "unsubscribeAudioUids")
_SUBSCRIBE_VIDEO = _leaves("subscribeVideoUids", "unSubscribeVideoUids", "unsubscribeVideoUids")
_REGION = _leaves("uid", "x_axis", "y_axis", "width", "height", "alpha", "render_mode")
LAYOUT: dict[str, Node] = {
    **_leaves(
        "mixedVideoLayout",
        "maxResolutionUid",
        "backgroundColor",
        "backgroundImage",
        "defaultUserBackgroundImage",
    ),
    "layoutConfig": Each(_REGION),
    "backgroundConfig": Each(_leaves("uid", "image_url", "render_mode")),
}
_TRANSCODING: dict[str, Node] = {**_leaves("width", "height", "fps", "bitrate"), **LAYOUT}
_RECORDING: dict[str, Node] = {
    **_leaves(
        "channelType",
        "streamTypes",
        "streamMode",
        "decryptionMode",
        "secret",
        "salt",
        "audioProfile",
        "videoStreamType",
        "maxIdleTime",
        "subscribeUidGroup",
        "privateParams",
    ),
    **_SUBSCRIBE_AUDIO,
    **_SUBSCRIBE_VIDEO,
    "transcodingConfig": _TRANSCODING,
}
_STORAGE: dict[str, Node] = {
    **_leaves(
        "vendor",
        "region",
        "bucket",
        "accessKey",
        "secretKey",
        "stsToken",
        "stsExpiration",
        "fileNamePrefix",
    ),
    "extensionParams": _leaves("sse", "tag", "endpoint"),
}
_OUTPUTS = Each(_leaves("rtmpUrl"))
_SERVICE_PARAM: dict[str, Node] = {
    **_leaves(
        "url",
        "audioProfile",
        "videoWidth",
        "videoHeight",
        "maxRecordingHour",
        "videoBitrate",
        "videoFps",
        "mobile",
        "maxVideoDuration",
        "onhold",
        "readyTimeout",
    ),
    "outputs": _OUTPUTS,
}
_EXTENSION: dict[str, Node] = {
    "errorHandlePolicy": None,
    "extensionServices": Each(
        {"serviceName": None, "errorHandlePolicy": None, "serviceParam": _SERVICE_PARAM}
    ),
}
START: dict[str, Node] = {
    "token": None,
    "recordingConfig": _RECORDING,
    "recordingFileConfig": _leaves("avFileType"),
    "snapshotConfig": _leaves("captureInterval", "fileType"),
    "storageConfig": _STORAGE,
    "extensionServiceConfig": _EXTENSION,
    # Known, and refused (scene 2 was withdrawn): see start_rules.
    "appsCollection": None,
    "transcodeOptions": None,
}
_CLIENT_REQUESTS: dict[str, dict[str, Node]] = {
    "acquire": {
        **_leaves("scene", "resourceExpiredHour", "excludeResourceIds", "region", "regionAffinity"),
        "startParameter": START,
    },
    "start": START,
    "update": {
        "streamSubscribe": {"audioUidList": _SUBSCRIBE_AUDIO, "videoUidList": _SUBSCRIBE_VIDEO},
        "webRecordingConfig": _leaves("onhold"),
        "rtmpPublishConfig": {"outputs": _OUTPUTS},
        "storageConfig": _STORAGE,
    },
    "updateLayout": LAYOUT,
    "stop": _leaves("async_stop"),
}


def ignored_fields(endpoint: str, body: Any) -> list[str]:
    """Dotted paths (``clientRequest.x.y``, ``[i]`` for array items) of the unknown fields."""
    client = _CLIENT_REQUESTS.get(endpoint)
    if client is None:
        return []
    out: list[str] = []
    _walk(body, {"cname": None, "uid": None, "clientRequest": client}, "", out)
    return out


def _walk(value: Any, fields: dict[str, Node], path: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        return
    for key, child in value.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in fields:
            out.append(where)
            continue
        node = fields[key]
        if isinstance(node, dict):
            _walk(child, node, where, out)
        elif isinstance(node, Each) and isinstance(child, list):
            for i, item in enumerate(child):
                _walk(item, node.item, f"{where}[{i}]", out)
