"""The start body's rules by mode (docs/api-notes.md, "start"), as tables.

recordingFileConfig is optional everywhere; raw is individual recording with MP4 and MP3 output
and without streamMode; scene 2 is refused; subscription lists are never empty; the web
recorder's maxRecordingHour has no silent default.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from recorder_gui.api import (
    AcquireConfig,
    AudioUidList,
    ExtensionServiceConfig,
    Mode,
    RecordingConfig,
    RecordingFileConfig,
    SnapshotConfig,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
    UpdateConfig,
    VideoUidList,
    WebRecorderConfig,
)
from recorder_gui.api.request_models import SCENE_2_REMOVED

STORAGE = StorageConfig(vendor=1, region=7, bucket="b", access_key="AK12", secret_key="SK12")
WEB = ExtensionServiceConfig(
    web_recorder=WebRecorderConfig(url="https://example.com/show", max_recording_hour=3)
)


def mix_rc(**kw: Any) -> RecordingConfig:
    return RecordingConfig(transcoding_config=TranscodingConfig(), **kw)


def ind_rc(**kw: Any) -> RecordingConfig:
    return RecordingConfig(subscribe_uid_group=0, **kw)


def files(*types: str) -> RecordingFileConfig:
    return RecordingFileConfig.model_validate({"avFileType": list(types)})


AV = "recordingFileConfig.avFileType"

# (case, mode, StartConfig fields besides storage, the fields of the problems expected)
START_CASES: list[tuple[str, Mode, dict[str, Any], list[str]]] = [
    # recordingFileConfig optional: the official Python sample starts a mix without it
    ("mix without recordingFileConfig", Mode.MIX, {"recording_config": mix_rc()}, []),
    (
        "mix hls",
        Mode.MIX,
        {"recording_config": mix_rc(), "recording_file_config": files("hls")},
        [],
    ),
    (
        "mix hls+mp4",
        Mode.MIX,
        {"recording_config": mix_rc(), "recording_file_config": files("hls", "mp4")},
        [],
    ),
    (
        "mix mp3",
        Mode.MIX,
        {"recording_config": mix_rc(stream_types=0), "recording_file_config": files("mp3")},
        [AV],
    ),
    ("web without recordingFileConfig", Mode.WEB, {"extension_service_config": WEB}, []),
    (
        "web hls+mp4",
        Mode.WEB,
        {"extension_service_config": WEB, "recording_file_config": files("hls", "mp4")},
        [],
    ),
    (
        "web mp3",
        Mode.WEB,
        {"extension_service_config": WEB, "recording_file_config": files("mp3")},
        [AV],
    ),
    ("individual without recordingFileConfig", Mode.INDIVIDUAL, {"recording_config": ind_rc()}, []),
    (
        "individual hls",
        Mode.INDIVIDUAL,
        {"recording_config": ind_rc(), "recording_file_config": files("hls")},
        [],
    ),
    (
        "legacy individual hls+mp4",
        Mode.INDIVIDUAL,
        {"recording_config": ind_rc(), "recording_file_config": files("hls", "mp4")},
        [AV],
    ),
    (
        "legacy individual mp3",
        Mode.INDIVIDUAL,
        {"recording_config": ind_rc(stream_types=0), "recording_file_config": files("mp3")},
        [AV],
    ),
    ("raw without recordingFileConfig", Mode.RAW, {"recording_config": ind_rc()}, []),
    (
        "raw hls",
        Mode.RAW,
        {"recording_config": ind_rc(), "recording_file_config": files("hls")},
        [],
    ),
    (
        "raw hls+mp4",
        Mode.RAW,
        {"recording_config": ind_rc(), "recording_file_config": files("hls", "mp4")},
        [],
    ),
    (
        "raw mp3 audio only",
        Mode.RAW,
        {"recording_config": ind_rc(stream_types=0), "recording_file_config": files("mp3")},
        [],
    ),
    (
        "raw mp3 with video subscribed",
        Mode.RAW,
        {"recording_config": ind_rc(), "recording_file_config": files("mp3")},
        [AV],
    ),
    (
        "raw streamMode (removed)",
        Mode.RAW,
        {"recording_config": ind_rc(stream_mode="standard")},
        ["recordingConfig.streamMode"],
    ),
    (
        "legacy individual streamMode",
        Mode.INDIVIDUAL,
        {"recording_config": ind_rc(stream_mode="standard")},
        [],
    ),
    (
        "raw extensionServiceConfig",
        Mode.RAW,
        {"recording_config": ind_rc(), "extension_service_config": WEB},
        ["extensionServiceConfig"],
    ),
    (
        "raw transcodingConfig",
        Mode.RAW,
        {"recording_config": mix_rc(subscribe_uid_group=0)},
        ["recordingConfig.transcodingConfig"],
    ),
    (
        "raw without subscribeUidGroup",
        Mode.RAW,
        {"recording_config": RecordingConfig()},
        ["recordingConfig.subscribeUidGroup"],
    ),
    # screenshots: recordingFileConfig present = recording too; absent = screenshots only
    (
        "screenshots only",
        Mode.INDIVIDUAL,
        {"recording_config": ind_rc(), "snapshot_config": SnapshotConfig()},
        [],
    ),
    (
        "recording and screenshots",
        Mode.INDIVIDUAL,
        {
            "recording_config": ind_rc(),
            "snapshot_config": SnapshotConfig(),
            "recording_file_config": files("hls"),
        },
        [],
    ),
    (
        "raw recording (mp4) and screenshots",
        Mode.RAW,
        {
            "recording_config": ind_rc(),
            "snapshot_config": SnapshotConfig(),
            "recording_file_config": files("hls", "mp4"),
        },
        [],
    ),
    (
        "raw mp3 and screenshots (audio only has no pictures)",
        Mode.RAW,
        {
            "recording_config": ind_rc(stream_types=0),
            "snapshot_config": SnapshotConfig(),
            "recording_file_config": files("mp3"),
        },
        ["recordingConfig.streamTypes"],
    ),
    (
        "mix screenshots",
        Mode.MIX,
        {"recording_config": mix_rc(), "snapshot_config": SnapshotConfig()},
        ["snapshotConfig"],
    ),
]


@pytest.mark.parametrize(
    ("mode", "fields", "expected"),
    [case[1:] for case in START_CASES],
    ids=[case[0] for case in START_CASES],
)
def test_start_rules_by_mode(mode: Mode, fields: dict[str, Any], expected: list[str]) -> None:
    config = StartConfig(storage_config=STORAGE, **fields)
    problems = config.problems(mode)
    assert sorted(p.field for p in problems) == sorted(expected), problems
    for problem in problems:
        assert problem.rule[0].islower() or problem.rule[0] in "[\"'", problem.rule
        assert len(problem.rule.split()) >= 4  # a sentence, not a code


def test_screenshots_only_is_told_apart_from_recording_with_screenshots() -> None:
    shots = StartConfig(
        storage_config=STORAGE, recording_config=ind_rc(), snapshot_config=SnapshotConfig()
    )
    both = shots.model_copy(update={"recording_file_config": files("hls")})
    plain = StartConfig(storage_config=STORAGE, recording_config=ind_rc())
    assert (shots.screenshots_only, both.screenshots_only, plain.screenshots_only) == (
        True,
        False,
        False,
    )
    assert "recordingFileConfig" not in shots.to_wire()  # absent, as Agora asks


def test_the_refusals_say_why() -> None:
    mp3 = StartConfig(
        storage_config=STORAGE, recording_config=ind_rc(), recording_file_config=files("mp3")
    )
    assert "streamTypes to 0" in mp3.problems(Mode.RAW)[0].rule
    assert "only in raw mode" in mp3.problems(Mode.INDIVIDUAL)[0].rule
    stream_mode = StartConfig(
        storage_config=STORAGE, recording_config=ind_rc(stream_mode="default")
    )
    assert "removed in raw mode" in stream_mode.problems(Mode.RAW)[0].rule


# -- refused when built ------------------------------------------------------------------------

NOBODY = "records nobody"
REFUSED: list[tuple[str, type[Any], dict[str, Any], str]] = [
    ("empty avFileType", RecordingFileConfig, {"avFileType": []}, "empty list"),
    ("mp4 alone", RecordingFileConfig, {"avFileType": ["mp4"]}, 'must include "hls"'),
    ("a type twice", RecordingFileConfig, {"avFileType": ["hls", "hls"]}, "twice"),
    ("mp3 with hls", RecordingFileConfig, {"avFileType": ["hls", "mp3"]}, "stands alone"),
    ("mp3 with mp4", RecordingFileConfig, {"avFileType": ["mp4", "mp3"]}, "stands alone"),
    ("unknown type", RecordingFileConfig, {"avFileType": ["ogg"]}, "hls"),
    ("empty audio whitelist", RecordingConfig, {"subscribeAudioUids": []}, NOBODY),
    ("empty video whitelist", RecordingConfig, {"subscribeVideoUids": []}, NOBODY),
    ("empty audio blacklist", RecordingConfig, {"unSubscribeAudioUids": []}, "leaves nobody out"),
    ("empty video blacklist", RecordingConfig, {"unsubscribeVideoUids": []}, "leaves nobody out"),
    (
        "33 uids",
        RecordingConfig,
        {"subscribeVideoUids": [str(i) for i in range(1, 34)]},
        "at most 32",
    ),
    ("a uid twice", RecordingConfig, {"subscribeAudioUids": ["7", "7"]}, "twice"),
    ("uid zero", RecordingConfig, {"subscribeAudioUids": ["0"]}, "between 1 and"),
    (
        "white and black audio",
        RecordingConfig,
        {"subscribeAudioUids": ["1"], "unSubscribeAudioUids": ["2"]},
        "cannot both be set",
    ),
    (
        "white and black video",
        RecordingConfig,
        {"subscribeVideoUids": ["1"], "unsubscribeVideoUids": ["2"]},
        "cannot both be set",
    ),
    (
        "audio list, video only",
        RecordingConfig,
        {"streamTypes": 1, "subscribeAudioUids": ["1"]},
        "need streamTypes 0 or 2",
    ),
    (
        "video list, audio only",
        RecordingConfig,
        {"streamTypes": 0, "unSubscribeVideoUids": ["1"]},
        "need streamTypes 1 or 2",
    ),
    ("update: empty audio whitelist", AudioUidList, {"subscribeAudioUids": []}, NOBODY),
    ("update: empty audio blacklist", AudioUidList, {"unSubscribeAudioUids": []}, "nobody out"),
    ("update: empty video whitelist", VideoUidList, {"subscribeVideoUids": []}, NOBODY),
    ("update: empty video blacklist", VideoUidList, {"unsubscribeVideoUids": []}, "nobody out"),
    (
        "update body: empty list deep inside",
        UpdateConfig,
        {"streamSubscribe": {"videoUidList": {"subscribeVideoUids": []}}},
        NOBODY,
    ),
    (
        "web: maxRecordingHour left out",
        WebRecorderConfig,
        {"url": "https://example.com"},
        "maxRecordingHour\n  Field required",
    ),
    (
        "web: maxRecordingHour 0",
        WebRecorderConfig,
        {"url": "https://example.com", "maxRecordingHour": 0},
        "greater than or equal to 1",
    ),
    (
        "web: maxRecordingHour 721",
        WebRecorderConfig,
        {"url": "https://example.com", "maxRecordingHour": 721},
        "less than or equal to 720",
    ),
    ("scene 2", AcquireConfig, {"scene": 2}, SCENE_2_REMOVED),
    (
        "appsCollection in start",
        StartConfig,
        {"storageConfig": STORAGE, "appsCollection": {"combinationPolicy": "postpone_transcoding"}},
        SCENE_2_REMOVED,
    ),
    (
        "transcodeOptions in start",
        StartConfig,
        {"storageConfig": STORAGE, "transcodeOptions": {"transConfig": {"transMode": "audioMix"}}},
        SCENE_2_REMOVED,
    ),
    (
        "typo in strict construction",
        StartConfig,
        {"storageConfig": STORAGE, "recordingConfigs": {}},
        "Extra inputs are not permitted",
    ),
]


@pytest.mark.parametrize(
    ("model", "data", "match"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused_when_built(model: type[Any], data: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    assert match in str(info.value)


def test_empty_list_sentence_names_the_documented_field() -> None:
    with pytest.raises(ValidationError) as info:
        RecordingConfig(unsubscribe_audio_uids=[])
    assert "unSubscribeAudioUids is an empty list" in str(info.value)
    with pytest.raises(ValidationError) as info:
        RecordingConfig(subscribe_video_uids=[])
    text = str(info.value)
    assert "records nobody's video; leave the field out to record everyone" in text


def test_kept_rules_still_accept_what_they_accepted() -> None:
    assert RecordingConfig(subscribe_audio_uids=["#allstream#"]).subscribe_audio_uids
    assert RecordingConfig(stream_types=0, subscribe_audio_uids=["1", "2"])
    assert AcquireConfig(scene=0).scene == 0
    assert AcquireConfig(scene=1).problems(Mode.WEB) == []
    # the update lists read both spellings and send the documented one
    both = AudioUidList.model_validate({"unSubscribeAudioUids": ["3"]})
    assert both == AudioUidList.model_validate({"unsubscribeAudioUids": ["3"]})
    assert both.to_wire() == {"unSubscribeAudioUids": ["3"]}


# -- one media type whitelisted only -----------------------------------------------------------

ONE_SIDED: list[tuple[str, dict[str, Any], str | None]] = [
    ("audio whitelist only", {"subscribe_audio_uids": ["1"]}, "video"),
    ("video whitelist only", {"subscribe_video_uids": ["1"]}, "audio"),
    ("all audio streams only", {"subscribe_audio_uids": ["#allstream#"]}, "video"),
    ("both whitelists", {"subscribe_audio_uids": ["1"], "subscribe_video_uids": ["2"]}, None),
    (
        "audio white, video black",
        {"subscribe_audio_uids": ["1"], "unsubscribe_video_uids": ["2"]},
        None,
    ),
    (
        "video white, audio black",
        {"subscribe_video_uids": ["1"], "unsubscribe_audio_uids": ["2"]},
        None,
    ),
    ("audio blacklist only", {"unsubscribe_audio_uids": ["1"]}, None),
    ("no lists", {}, None),
    (
        "audio whitelist, audio only recorded",
        {"stream_types": 0, "subscribe_audio_uids": ["1"]},
        None,
    ),
    (
        "video whitelist, video only recorded",
        {"stream_types": 1, "subscribe_video_uids": ["1"]},
        None,
    ),
]


@pytest.mark.parametrize(
    ("fields", "unrecorded"),
    [case[1:] for case in ONE_SIDED],
    ids=[case[0] for case in ONE_SIDED],
)
def test_one_sided_whitelist(fields: dict[str, Any], unrecorded: str | None) -> None:
    config = RecordingConfig(**fields)
    assert config.one_sided_whitelist() == unrecorded
    # a question for the producer, not a refusal
    start = StartConfig(storage_config=STORAGE, recording_config=mix_rc(**fields))
    assert start.problems(Mode.MIX) == []
