"""Bodies written elsewhere: unknown fields are dropped with a warning, wrong values refused.

Built in code, the models stay strict; ``from_body`` is for bodies pasted from Agora's docs
(whose layout sample spells ``backgroudColor``) or from another tool.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from recorder_gui.api import (
    AcquireConfig,
    LayoutUpdate,
    Mode,
    StartConfig,
    UpdateConfig,
)
from recorder_gui.api.request_models import SCENE_2_REMOVED
from recorder_gui.api.tolerant import MAX_WARNINGS
from recorder_gui.api.wire import WireModel

from .helpers import STORAGE_SECRET, individual_config, mix_config, web_config

STORAGE = {
    "vendor": 1,
    "region": 0,
    "bucket": "b",
    "accessKey": "AK12",
    "secretKey": "SK12",
}
WEB_PARAM = {
    "url": "https://example.com/show",
    "audioProfile": 2,
    "videoWidth": 1280,
    "videoHeight": 720,
    "maxRecordingHour": 1,
}


def mix_request(**transcoding: Any) -> dict[str, Any]:
    return {
        "recordingConfig": {
            "channelType": 0,
            "transcodingConfig": {
                "width": 640,
                "height": 360,
                "mixedVideoLayout": 1,
                **transcoding,
            },
        },
        "storageConfig": dict(STORAGE),
    }


def web_request(**service: Any) -> dict[str, Any]:
    return {
        "extensionServiceConfig": {
            "extensionServices": [
                {"serviceName": "web_recorder_service", "serviceParam": dict(WEB_PARAM), **service}
            ]
        },
        "storageConfig": dict(STORAGE),
    }


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``body`` with ``value`` set at a dotted path (list items as numbers)."""
    out = copy.deepcopy(body)
    node: Any = out
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return out


def did_you_mean(path: str, suggestion: str | None) -> str:
    text = f"unknown field {path} is ignored by the service"
    return f"{text}; did you mean {suggestion}?" if suggestion else text


CUSTOM = {
    "mixedVideoLayout": 3,
    "layoutConfig": [
        {"uid": "1", "x_axis": 0, "y_axis": 0, "width": 0.5, "height": 1},
        {"uid": "2", "x_axis": 0.5, "y_axis": 0, "width": 0.5, "height": 1},
    ],
}

# (case, model, body, expected warnings)
UNKNOWN: list[tuple[str, type[WireModel], dict[str, Any], list[str]]] = [
    (
        "the docs' layout typo in start",
        StartConfig,
        mix_request(backgroudColor="#000000"),
        [
            did_you_mean(
                "clientRequest.recordingConfig.transcodingConfig.backgroudColor",
                "backgroundColor",
            )
        ],
    ),
    (
        "the docs' layout typo in updateLayout",
        LayoutUpdate,
        {"mixedVideoLayout": 1, "backgroudColor": "#000000"},
        [did_you_mean("clientRequest.backgroudColor", "backgroundColor")],
    ),
    (
        "a typo in a custom region",
        LayoutUpdate,
        _with(CUSTOM, "layoutConfig.1.render_mod", 1),
        [did_you_mean("clientRequest.layoutConfig[1].render_mod", "render_mode")],
    ),
    (
        "a clientRequest member",
        StartConfig,
        {**mix_request(), "recordingFileConfigs": {"avFileType": ["hls"]}},
        [did_you_mean("clientRequest.recordingFileConfigs", "recordingFileConfig")],
    ),
    (
        "wrong casing",
        StartConfig,
        _with(mix_request(), "recordingConfig.maxidletime", 300),
        [did_you_mean("clientRequest.recordingConfig.maxidletime", "maxIdleTime")],
    ),
    (
        "a whole unknown object, not walked",
        StartConfig,
        _with(mix_request(), "storageConfig.extra", {"deep": {"deeper": [1, 2, {"x": 1}]}}),
        [did_you_mean("clientRequest.storageConfig.extra", None)],
    ),
    (
        "inside extensionParams",
        StartConfig,
        _with(mix_request(), "storageConfig.extensionParams", {"tag": "t", "endpiont": "x"}),
        [did_you_mean("clientRequest.storageConfig.extensionParams.endpiont", "endpoint")],
    ),
    (
        "web serviceParam",
        StartConfig,
        _with(
            web_request(), "extensionServiceConfig.extensionServices.0.serviceParam.videoFPS", 15
        ),
        [
            did_you_mean(
                "clientRequest.extensionServiceConfig.extensionServices[0].serviceParam.videoFPS",
                "videoFps",
            )
        ],
    ),
    (
        "web service entry",
        StartConfig,
        web_request(errorHandlingPolicy="error_abort"),
        [
            did_you_mean(
                "clientRequest.extensionServiceConfig.extensionServices[0].errorHandlingPolicy",
                "errorHandlePolicy",
            )
        ],
    ),
    (
        "update subscription",
        UpdateConfig,
        {"streamSubscribe": {"audioUidList": {"subscribeAudioUid": ["1"]}}},
        [
            did_you_mean(
                "clientRequest.streamSubscribe.audioUidList.subscribeAudioUid",
                "subscribeAudioUids",
            )
        ],
    ),
    (
        "acquire startParameter, two levels down",
        AcquireConfig,
        {"scene": 0, "startParameter": mix_request(backgroudColor="#000000")},
        [
            did_you_mean(
                "clientRequest.startParameter.recordingConfig.transcodingConfig.backgroudColor",
                "backgroundColor",
            )
        ],
    ),
    (
        "the envelope around clientRequest",
        StartConfig,
        {"cnmae": "show", "uid": "1", "clientRequest": mix_request()},
        [did_you_mean("cnmae", "cname")],
    ),
    (
        "a key too long to show whole",
        StartConfig,
        {**mix_request(), "k" * 5000: 1},
        ["unknown field clientRequest.'" + "k" * 60 + "... is ignored by the service"],
    ),
    (
        "a key with a line break",
        StartConfig,
        {**mix_request(), "bad\nkey": 1},
        [did_you_mean("clientRequest.'bad\\nkey'", None)],
    ),
    (
        "an empty key",
        StartConfig,
        {**mix_request(), "": 1},
        [did_you_mean("clientRequest.''", None)],
    ),
    ("nothing unknown", StartConfig, mix_request(backgroundColor="#000000"), []),
    (
        "documented unSubscribe spelling",
        UpdateConfig,
        {"streamSubscribe": {"videoUidList": {"unSubscribeVideoUids": ["1"]}}},
        [],
    ),
]


@pytest.mark.parametrize(
    ("model", "body", "expected"),
    [case[1:] for case in UNKNOWN],
    ids=[case[0] for case in UNKNOWN],
)
def test_unknown_fields_are_dropped_with_a_warning(
    model: type[WireModel], body: dict[str, Any], expected: list[str]
) -> None:
    before = copy.deepcopy(body)
    parsed, warnings = model.from_body(body)
    assert warnings == expected
    assert body == before  # the caller's dict is not touched
    assert isinstance(parsed, model)
    if any(w.startswith("unknown field clientRequest.") for w in expected):
        with pytest.raises(ValidationError, match="Extra inputs are not permitted|unknown fields"):
            model.model_validate(body.get("clientRequest", body))  # strict when built


def test_the_dropped_field_is_not_sent() -> None:
    config, _ = StartConfig.from_body(mix_request(backgroudColor="#123456"))
    sent = config.to_wire()["recordingConfig"]["transcodingConfig"]
    assert "backgroudColor" not in sent
    assert "backgroundColor" not in sent  # not guessed either: the service would not have


def test_many_unknown_fields_are_counted_not_listed() -> None:
    body = {**mix_request(), **{f"junk{i}": i for i in range(100)}}
    _, warnings = StartConfig.from_body(body)
    assert len(warnings) == MAX_WARNINGS + 1
    assert warnings[-1] == f"{100 - MAX_WARNINGS} more unknown fields are ignored by the service"


def test_warnings_show_paths_never_values() -> None:
    body = _with(mix_request(), "storageConfig.secretKeyy", "SECRET-IN-AN-UNKNOWN-FIELD")
    _, warnings = StartConfig.from_body(body)
    assert warnings == [did_you_mean("clientRequest.storageConfig.secretKeyy", "secretKey")]
    assert "SECRET-IN-AN-UNKNOWN-FIELD" not in repr(warnings)


# (case, model, body, what the error says)
WRONG: list[tuple[str, type[WireModel], dict[str, Any], str]] = [
    (
        "a known field with a wrong value",
        StartConfig,
        mix_request(backgroundColor="red"),
        "#RRGGBB",
    ),
    (
        "a wrong value next to an unknown field",
        StartConfig,
        mix_request(width=5000, backgroudColor="#000000"),
        "less than or equal to 1920",
    ),
    (
        "mp4 alone",
        StartConfig,
        {**mix_request(), "recordingFileConfig": {"avFileType": ["mp4"]}},
        'must include "hls"',
    ),
    (
        "an empty whitelist",
        StartConfig,
        _with(mix_request(), "recordingConfig.subscribeAudioUids", []),
        "records nobody",
    ),
    ("scene 2", AcquireConfig, {"scene": 2}, SCENE_2_REMOVED),
    (
        "appsCollection is kept to be refused, not dropped",
        StartConfig,
        {**mix_request(), "appsCollection": {"combinationPolicy": "postpone_transcoding"}},
        SCENE_2_REMOVED,
    ),
    (
        "transcodeOptions in an envelope",
        StartConfig,
        {"cname": "c", "uid": "1", "clientRequest": {**mix_request(), "transcodeOptions": {}}},
        SCENE_2_REMOVED,
    ),
    (
        "web without maxRecordingHour",
        StartConfig,
        _with(
            web_request(),
            "extensionServiceConfig.extensionServices.0.serviceParam",
            {k: v for k, v in WEB_PARAM.items() if k != "maxRecordingHour"},
        ),
        "Field required",
    ),
    (
        "web: a service the docs do not have",
        StartConfig,
        _with(web_request(), "extensionServiceConfig.extensionServices.0.serviceName", "x"),
        "serviceName must be web_recorder_service or rtmp_publish_service",
    ),
    (
        "web: the recorder's errorHandlePolicy",
        StartConfig,
        web_request(errorHandlePolicy="error_ignore"),
        'can only be "error_abort"',
    ),
    (
        "web: no recorder",
        StartConfig,
        _with(web_request(), "extensionServiceConfig.extensionServices", []),
        "must hold a web_recorder_service",
    ),
    (
        "web: services not a list",
        StartConfig,
        _with(web_request(), "extensionServiceConfig.extensionServices", {"a": 1}),
        "must be a list",
    ),
    (
        "web: the recorder twice",
        StartConfig,
        _with(
            web_request(),
            "extensionServiceConfig.extensionServices",
            [{"serviceName": "web_recorder_service", "serviceParam": WEB_PARAM}] * 2,
        ),
        "twice",
    ),
    ("clientRequest not an object", StartConfig, {"clientRequest": [1, 2]}, "valid dictionary"),
    (
        "a secret in a refused storage config stays hidden",
        StartConfig,
        {**mix_request(), "storageConfig": {**STORAGE, "secretKey": STORAGE_SECRET, "region": 99}},
        "valid regions",
    ),
]


@pytest.mark.parametrize(
    ("model", "body", "match"),
    [case[1:] for case in WRONG],
    ids=[case[0] for case in WRONG],
)
def test_wrong_values_are_still_refused(
    model: type[WireModel], body: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValidationError) as info:
        model.from_body(body)
    text = str(info.value)
    assert match in text
    assert "backgroudColor" not in text  # the unknown field was dropped before validating
    assert STORAGE_SECRET not in text


@pytest.mark.parametrize("config", [mix_config(), individual_config(), web_config()])
def test_what_the_client_sends_reads_back_unchanged(config: StartConfig) -> None:
    wire = json.loads(json.dumps(config.to_wire()))
    envelope = {"cname": "show", "uid": "1", "clientRequest": wire}
    for body in (wire, envelope):
        parsed, warnings = StartConfig.from_body(body)
        assert (parsed, warnings) == (config, [])
    assert StartConfig.model_validate(wire) == config  # strict reading of the wire shape too


def test_official_web_sample_reads_without_error_handle_policies() -> None:
    # AgoraIO-Community/agora-rest-client-python, examples/.../example_api_start.py (web)
    config, warnings = StartConfig.from_body(web_request())
    assert warnings == []
    assert config.problems(Mode.WEB) == []
    assert config.extension_service_config is not None
    assert config.extension_service_config.web_recorder.max_recording_hour == 1
    services = config.to_wire()["extensionServiceConfig"]["extensionServices"]
    assert services[0]["errorHandlePolicy"] == "error_abort"  # sent explicitly


def test_official_mix_sample_without_recording_file_config() -> None:
    config, warnings = StartConfig.from_body({"token": "007abc", **mix_request()})
    assert warnings == []
    assert config.recording_file_config is None
    assert config.problems(Mode.MIX) == []


KNOWN_KEYS = [
    "recordingConfig",
    "transcodingConfig",
    "storageConfig",
    "extensionServiceConfig",
    "extensionServices",
    "serviceName",
    "serviceParam",
    "layoutConfig",
    "subscribeAudioUids",
    "appsCollection",
    "clientRequest",
    "web_recorder_service",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=6), json_values, max_size=5))
def test_any_json_body_parses_or_is_refused_plainly(body: dict[str, Any]) -> None:
    for model in (StartConfig, LayoutUpdate, UpdateConfig, AcquireConfig):
        try:
            _, warnings = model.from_body(body)
        except ValidationError:
            continue
        assert all(w.startswith("unknown field ") or "more unknown" in w for w in warnings)
