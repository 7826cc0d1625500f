"""Start bodies of Agora's 2026-12 pages against the emulator over loopback HTTP.

No recordingFileConfig (Agora's official Python sample), raw mode with MP4 and MP3 output, bodies
pasted from the docs read tolerantly, and what is refused before anything is sent.
"""

from __future__ import annotations

from typing import Any

import pytest

from recorder_gui.api import (
    AcquireConfig,
    CloudRecordingClient,
    Mode,
    RecordingConfig,
    RecordingFileConfig,
    SnapshotConfig,
    StartConfig,
    TranscodingConfig,
)
from recorder_gui.api import errors as e
from recorder_gui.emulator import Emulator
from tests._fixtures.emulator import DEMO_APP_ID

from .helpers import individual_config, storage

pytestmark = pytest.mark.asyncio

CNAME = "show-2"
BOT = "999002"


async def start(client: CloudRecordingClient, mode: Mode, config: StartConfig) -> tuple[str, str]:
    acquired = await client.acquire(cname=CNAME, uid=BOT, mode=mode)
    started = await client.start(
        cname=CNAME, uid=BOT, resource_id=acquired.resource_id, mode=mode, config=config
    )
    return acquired.resource_id, started.sid


def sent_start(emulator: Emulator) -> dict[str, Any]:
    body = emulator.last_body("start")["clientRequest"]
    assert isinstance(body, dict)
    return body


async def test_mix_without_recording_file_config_records_hls(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    config = StartConfig(
        recording_config=RecordingConfig(
            max_idle_time=300, transcoding_config=TranscodingConfig(mixed_video_layout=1)
        ),
        storage_config=storage(),
    )
    rid, sid = await start(client, Mode.MIX, config)
    assert "recordingFileConfig" not in sent_start(emulator)
    emulator.clock.advance(60)
    result = await client.query(resource_id=rid, sid=sid, mode=Mode.MIX)
    assert result.file_list_mode == "string"  # the service's default: ["hls"]
    assert result.file_names == [f"show/day1/{sid}_{CNAME}.m3u8"]


@pytest.mark.parametrize(
    ("types", "stream_types"),
    [(["hls"], 2), (["hls", "mp4"], 2), (["mp3"], 0)],
    ids=["hls", "hls+mp4", "mp3 audio only"],
)
async def test_raw_mode_output_types(
    client: CloudRecordingClient, emulator: Emulator, types: list[str], stream_types: int
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    config = StartConfig(
        recording_config=RecordingConfig(
            stream_types=stream_types, subscribe_uid_group=0, max_idle_time=300
        ),
        recording_file_config=RecordingFileConfig.model_validate({"avFileType": types}),
        storage_config=storage(),
    )
    rid, sid = await start(client, Mode.RAW, config)
    assert "/mode/raw/start" in emulator.requests("start")[-1].path
    assert sent_start(emulator)["recordingFileConfig"] == {"avFileType": types}
    assert "streamMode" not in sent_start(emulator)["recordingConfig"]
    emulator.clock.advance(60)
    stopped = await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode=Mode.RAW)
    assert stopped.uploading_status == "uploaded"


async def test_individual_screenshots_only_sends_no_recording_file_config(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    config = individual_config().model_copy(
        update={"recording_file_config": None, "snapshot_config": SnapshotConfig()}
    )
    assert config.screenshots_only
    await start(client, Mode.INDIVIDUAL, config)
    assert "recordingFileConfig" not in sent_start(emulator)
    assert sent_start(emulator)["snapshotConfig"] == {"captureInterval": 10, "fileType": ["jpg"]}


async def test_a_pasted_body_is_sent_without_its_unknown_fields(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    pasted = {
        "cname": CNAME,
        "uid": BOT,
        "clientRequest": {
            "recordingConfig": {
                "channelType": 0,
                "streamTypes": 2,
                "maxIdleTime": 300,
                "subscribeAudioUids": ["#allstream#"],
                "transcodingConfig": {
                    "width": 640,
                    "height": 360,
                    "fps": 15,
                    "bitrate": 500,
                    "mixedVideoLayout": 1,
                    "backgroudColor": "#FF0000",
                },
            },
            "storageConfig": storage().to_wire(),
        },
    }
    config, warnings = StartConfig.from_body(pasted)
    assert len(warnings) == 1 and "did you mean backgroundColor?" in warnings[0]
    # audio listed, video not: video would not be recorded. A question, not an error.
    assert config.recording_config is not None
    assert config.recording_config.one_sided_whitelist() == "video"
    await start(client, Mode.MIX, config)
    sent = sent_start(emulator)["recordingConfig"]["transcodingConfig"]
    assert "backgroudColor" not in sent


REFUSED_BEFORE_SENDING: list[tuple[str, Mode, StartConfig, str]] = [
    (
        "raw with streamMode",
        Mode.RAW,
        individual_config().model_copy(
            update={
                "recording_config": RecordingConfig(subscribe_uid_group=0, stream_mode="standard")
            }
        ),
        "recordingConfig.streamMode: was removed in raw mode",
    ),
    (
        "legacy individual with mp4",
        Mode.INDIVIDUAL,
        individual_config().model_copy(
            update={"recording_file_config": RecordingFileConfig(av_file_type=["hls", "mp4"])}
        ),
        "mp4 is only for raw, mix and web modes",
    ),
    (
        "mp3 outside raw",
        Mode.INDIVIDUAL,
        individual_config().model_copy(
            update={
                "recording_config": RecordingConfig(subscribe_uid_group=0, stream_types=0),
                "recording_file_config": RecordingFileConfig(av_file_type=["mp3"]),
            }
        ),
        "exists only in raw mode",
    ),
]


@pytest.mark.parametrize(
    ("mode", "config", "match"),
    [case[1:] for case in REFUSED_BEFORE_SENDING],
    ids=[case[0] for case in REFUSED_BEFORE_SENDING],
)
async def test_refused_before_sending(
    client: CloudRecordingClient, emulator: Emulator, mode: Mode, config: StartConfig, match: str
) -> None:
    with pytest.raises(e.RequestValidationError) as info:
        await client.start(cname=CNAME, uid=BOT, resource_id="rid", mode=mode, config=config)
    assert match in str(info.value)
    assert emulator.requests("start") == []


async def test_acquire_scene_0_is_sent_for_raw(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    await client.acquire(cname=CNAME, uid=BOT, mode=Mode.RAW, config=AcquireConfig())
    assert emulator.last_body("acquire")["clientRequest"]["scene"] == 0
