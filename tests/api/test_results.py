"""Results parse every variation the service is known to send."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.api import ChannelUsers, QueryResult, StopResult


def test_mix_string_file_list() -> None:
    body = {
        "resourceId": "r",
        "sid": "s",
        "serverResponse": {
            "status": 5,
            "fileListMode": "string",
            "fileList": "show/s_demo.m3u8",
            "sliceStartTime": 1700000000123,
        },
    }
    result = QueryResult.from_body(body)
    assert result.status == 5 and result.is_running
    assert result.status_meaning == "recording in progress"
    assert result.file_names == ["show/s_demo.m3u8"]
    assert result.slice_start_time == 1700000000123


def test_json_file_list_with_strings_for_numbers() -> None:
    body = {
        "serverResponse": {
            "status": "4",
            "fileListMode": "json",
            "fileList": [
                {
                    "fileName": "a.m3u8",
                    "trackType": "audio_and_video",
                    "uid": 0,
                    "mixedAllUser": True,
                    "isPlayable": True,
                    "sliceStartTime": "1700000000000",
                    "extra": "ignored",
                }
            ],
            "sliceStartTime": "1700000000000",
        },
        "unexpected": {"nested": 1},
    }
    result = QueryResult.from_body(body)
    assert result.status == 4
    (f,) = result.files
    assert (f.file_name, f.uid, f.slice_start_time, f.is_playable) == (
        "a.m3u8",
        "0",
        1700000000000,
        True,
    )


def test_web_query_uses_lowercase_filename() -> None:
    body = {
        "serverResponse": {
            "status": 5,
            "extensionServiceState": [
                {
                    "serviceName": "web_recorder_service",
                    "payload": {
                        "fileList": [{"filename": "w.m3u8", "sliceStartTime": 17}],
                        "onhold": False,
                        "state": "inProgress",
                    },
                },
                {
                    "serviceName": "rtmp_publish_service",
                    "payload": {"outputs": [{"rtmpUrl": "rtmp://x/y", "status": "publishing"}]},
                },
            ],
        }
    }
    result = QueryResult.from_body(body)
    assert result.file_names == ["w.m3u8"]
    assert result.web_state == "inProgress" and result.web_onhold is False
    assert result.rtmp_outputs[0].status == "publishing"
    assert result.slice_start_time == 17


def test_stop_accepts_playload_and_unknow() -> None:
    body = {
        "serverResponse": {
            "extensionServiceState": [
                {"serviceName": "upload_service", "playload": {"uploadingStatus": "unknow"}},
                {
                    "serviceName": "web_recorder_service",
                    "playload": {"fileList": [{"fileName": "x.mp4", "sliceStartTime": 1}]},
                },
            ]
        }
    }
    result = StopResult.from_body(body)
    assert result.uploading_status == "unknown"
    assert result.file_names == ["x.mp4"]


def test_stop_uploaded_and_backuped() -> None:
    for status in ("uploaded", "backuped"):
        body = {"serverResponse": {"uploadingStatus": status, "fileList": "a.m3u8"}}
        assert StopResult.from_body(body).uploading_status == status


def test_stop_without_file_list_is_incomplete() -> None:
    result = StopResult.from_body({"sid": "s"}, complete=False)
    assert not result.complete and result.files == [] and result.uploading_status == "unknown"


def test_channel_users_both_profiles() -> None:
    comm = ChannelUsers.from_body(
        {"success": True, "data": {"channel_exist": True, "mode": 1, "total": 2, "users": [1, 2]}}
    )
    assert comm.present_uids == [1, 2] and not comm.counts_as_idle
    live = ChannelUsers.from_body(
        {
            "success": True,
            "data": {
                "channel_exist": True,
                "mode": 2,
                "broadcasters": [],
                "audience": [5],
                "audience_total": 1,
            },
        }
    )
    assert live.present_uids == [] and live.counts_as_idle
    gone = ChannelUsers.from_body({"success": True, "data": {"channel_exist": False}})
    assert gone.counts_as_idle


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))
json_value = st.recursive(
    json_leaf,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
server_keys = st.sampled_from(
    [
        "status",
        "fileList",
        "fileListMode",
        "sliceStartTime",
        "extensionServiceState",
        "uploadingStatus",
    ]
)


@given(st.dictionaries(server_keys, json_value, max_size=6))
def test_parsing_never_crashes_on_odd_shapes(server: dict[str, Any]) -> None:
    body = {"serverResponse": server, "sid": "s"}
    try:
        QueryResult.from_body(body)
        StopResult.from_body(body)
    except ValueError:
        pass  # a typed refusal (pydantic) is fine; anything else is a bug
