"""The client against the emulator over loopback HTTP: every endpoint, every mode."""

from __future__ import annotations

import pytest

from recorder_gui.api import (
    CloudRecordingClient,
    LayoutRegion,
    LayoutUpdate,
    Mode,
    StreamSubscribe,
    UpdateConfig,
    VideoUidList,
    WebRecordingUpdate,
)
from recorder_gui.api import errors as e
from recorder_gui.emulator import Emulator
from tests._fixtures.emulator import DEMO_APP_ID

from .helpers import individual_config, mix_config, web_config

pytestmark = pytest.mark.asyncio

CNAME = "show-1"
BOT = "999001"


async def start_running(
    client: CloudRecordingClient, emulator: Emulator, mode: Mode, config: object
) -> tuple[str, str]:
    acquired = await client.acquire(cname=CNAME, uid=BOT, mode=mode)
    started = await client.start(
        cname=CNAME,
        uid=BOT,
        resource_id=acquired.resource_id,
        mode=mode,
        config=config,  # type: ignore[arg-type]
    )
    assert len(started.sid) == 32
    assert started.resource_id == acquired.resource_id
    return acquired.resource_id, started.sid


async def test_mix_lifecycle_with_layout_and_files(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    emulator.add_user(DEMO_APP_ID, CNAME, 102)
    rid, sid = await start_running(client, emulator, Mode.MIX, mix_config())

    first = await client.query(resource_id=rid, sid=sid, mode="mix")
    assert first.status is not None
    assert first.status < 4
    assert first.files == []

    emulator.clock.advance(60)
    running = await client.query(resource_id=rid, sid=sid, mode="mix")
    assert running.status == 5
    assert running.is_running
    assert running.file_list_mode == "string"
    assert running.file_names == [f"show/day1/{sid}_{CNAME}.m3u8"]
    assert running.slice_start_time is not None
    assert running.slice_start_time > 10**12  # milliseconds

    layout = LayoutUpdate(
        mixed_video_layout=3,
        background_color="#202020",
        layout_config=[
            LayoutRegion(uid="102", x_axis=0, y_axis=0, width=0.5, height=1),
            LayoutRegion(uid="101", x_axis=0.5, y_axis=0, width=0.5, height=1, alpha=0.9),
        ],
    )
    done = await client.update_layout(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, layout=layout)
    assert done.sid == sid
    applied = emulator.task(sid)["layout"]
    assert applied["mixedVideoLayout"] == 3
    assert applied["backgroundColor"] == "#202020"
    assert [r["uid"] for r in applied["layoutConfig"]] == ["102", "101"]

    # A full replace: leaving the colour out sends it back to black.
    await client.update_layout(
        cname=CNAME, uid=BOT, resource_id=rid, sid=sid, layout=LayoutUpdate(mixed_video_layout=1)
    )
    applied = emulator.task(sid)["layout"]
    assert applied["mixedVideoLayout"] == 1
    assert applied.get("backgroundColor", "#000000") == "#000000"
    assert not applied.get("layoutConfig")

    sub = UpdateConfig(
        stream_subscribe=StreamSubscribe(
            video_uid_list=VideoUidList(unsubscribe_video_uids=["102"])
        )
    )
    await client.update(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix", config=sub)
    sent = emulator.last_body("update")
    assert sent["clientRequest"]["streamSubscribe"]["videoUidList"] == {
        "unSubscribeVideoUids": ["102"]
    }

    stopped = await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix")
    assert stopped.complete
    assert stopped.uploading_status == "uploaded"
    assert f"show/day1/{sid}_{CNAME}.m3u8" in stopped.file_names

    with pytest.raises(e.AlreadyStoppedError) as again:
        await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix")
    assert again.value.code == 49
    emulator.clock.advance(30)
    with pytest.raises(e.NotFoundError):
        await client.query(resource_id=rid, sid=sid, mode="mix")


async def test_mix_with_mp4_lists_json_files(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    rid, sid = await start_running(client, emulator, Mode.MIX, mix_config(mp4=True))
    emulator.clock.advance(60)
    result = await client.query(resource_id=rid, sid=sid, mode=Mode.MIX)
    assert result.file_list_mode == "json"
    assert any(n.endswith(".m3u8") for n in result.file_names)
    assert all(f.uid == "0" and f.mixed_all_user for f in result.files)
    stopped = await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix")
    assert any(n.endswith(".mp4") for n in stopped.file_names)


@pytest.mark.parametrize("mode", [Mode.INDIVIDUAL, Mode.RAW])
async def test_individual_files_per_uid_and_track(
    client: CloudRecordingClient, emulator: Emulator, mode: Mode
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    emulator.add_user(DEMO_APP_ID, CNAME, 102, video=False)
    rid, sid = await start_running(client, emulator, mode, individual_config())
    emulator.clock.advance(90)
    result = await client.query(resource_id=rid, sid=sid, mode=mode)
    assert result.status == 5
    assert result.file_list_mode == "json"
    by_uid = {(f.uid, f.track_type) for f in result.files}
    assert ("101", "audio") in by_uid
    assert ("101", "video") in by_uid
    assert ("102", "audio") in by_uid
    assert ("102", "video") not in by_uid
    for f in result.files:
        assert f.file_name.startswith(f"show/day1/{sid}_{CNAME}__uid_s_{f.uid}__uid_e_")
    stopped = await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode=mode)
    assert stopped.uploading_status == "uploaded"


async def test_web_mode_state_onhold_and_stop(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    rid, sid = await start_running(client, emulator, Mode.WEB, web_config())
    assert emulator.last_body("acquire")["clientRequest"]["scene"] == 1
    emulator.clock.advance(60)
    result = await client.query(resource_id=rid, sid=sid, mode="web")
    assert result.status == 5
    assert result.web_state == "inProgress"
    assert result.file_names
    await client.update(
        cname=CNAME,
        uid=BOT,
        resource_id=rid,
        sid=sid,
        mode="web",
        config=UpdateConfig(web_recording_config=WebRecordingUpdate(onhold=True)),
    )
    held = await client.query(resource_id=rid, sid=sid, mode="web")
    assert held.web_onhold is True
    stopped = await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="web")
    assert stopped.uploading_status == "uploaded"
    assert stopped.file_names


async def test_stop_with_nobody_publishing_is_no_recorded_data(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101, audio=False, video=False)
    rid, sid = await start_running(client, emulator, Mode.MIX, mix_config())
    emulator.clock.advance(20)
    with pytest.raises(e.NoRecordedDataError) as info:
        await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix")
    assert info.value.http_status == 206
    assert info.value.code == 435
    assert "nobody published" in str(info.value)


async def test_backuped_upload_status(client: CloudRecordingClient, emulator: Emulator) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    rid, sid = await start_running(client, emulator, Mode.MIX, mix_config())
    emulator.clock.advance(60)
    emulator.set_backup_upload(sid, True)
    stopped = await client.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix")
    assert stopped.uploading_status == "backuped"


async def test_channel_users(client: CloudRecordingClient, emulator: Emulator) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 7)
    emulator.add_user(DEMO_APP_ID, CNAME, 8)
    users = await client.channel_users(CNAME)
    assert users.channel_exists
    assert sorted(users.present_uids) == [7, 8]
    empty = await client.channel_users("nobody-here")
    assert empty.counts_as_idle


async def test_idle_exit_ends_the_task(client: CloudRecordingClient, emulator: Emulator) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 101)
    rid, sid = await start_running(client, emulator, Mode.MIX, mix_config(idle=30))
    emulator.clock.advance(20)
    assert (await client.query(resource_id=rid, sid=sid, mode="mix")).status is not None
    emulator.remove_user(DEMO_APP_ID, CNAME, 101)
    emulator.clock.advance(31)
    with pytest.raises(e.NotFoundError):
        await client.query(resource_id=rid, sid=sid, mode="mix")
