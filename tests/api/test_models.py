"""Request models refuse what Agora's docs forbid, naming the field and the rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from recorder_gui.api import (
    AcquireConfig,
    ExtensionServiceConfig,
    LayoutRegion,
    LayoutUpdate,
    Mode,
    RecordingConfig,
    RecordingFileConfig,
    SnapshotConfig,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
    UpdateConfig,
    WebRecorderConfig,
)
from recorder_gui.api.identifiers import cname_problem, uid_problem

STORAGE = {"vendor": 1, "region": 7, "bucket": "b", "access_key": "AK12", "secret_key": "SK12"}


def storage(**kw: object) -> StorageConfig:
    return StorageConfig.model_validate({**STORAGE, **kw})


@given(st.integers(min_value=1, max_value=2**32 - 1))
def test_every_uid_in_range_is_accepted(n: int) -> None:
    assert uid_problem(str(n)) is None
    assert uid_problem(n) is None


@given(st.one_of(st.integers(max_value=0), st.integers(min_value=2**32)))
def test_uids_out_of_range_are_refused(n: int) -> None:
    problem = uid_problem(str(n))
    assert problem is not None
    assert "between 1 and 4294967295" in problem or "decimal" in problem


@pytest.mark.parametrize("bad", ["", "abc", "1.5", " 12", "012", "1e3", True, 3.0, None])
def test_malformed_uids_are_refused(bad: object) -> None:
    assert uid_problem(bad) is not None


ALLOWED = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,"
)


@given(st.text(alphabet=ALLOWED, min_size=1, max_size=63))
def test_cname_from_the_charset_is_accepted(cname: str) -> None:
    assert cname_problem(cname, Mode.MIX) is None


@given(st.text(min_size=1, max_size=80))
def test_cname_is_accepted_iff_charset_and_length_hold(cname: str) -> None:
    ok = all(c in ALLOWED for c in cname) and len(cname.encode()) < 64
    assert (cname_problem(cname, Mode.INDIVIDUAL) is None) == ok


def test_web_cname_allows_any_label_up_to_128_bytes() -> None:
    assert cname_problem("Show / Day 1 ✓", Mode.WEB) is None
    assert cname_problem("x" * 129, Mode.WEB) is not None


coord = st.floats(min_value=-0.5, max_value=1.5, allow_nan=False)


@given(coord, coord, coord, coord)
def test_layout_region_accepted_iff_on_canvas(x: float, y: float, w: float, h: float) -> None:
    rx, ry, rw, rh = (round(v, 6) for v in (x, y, w, h))
    valid = all(0 <= v <= 1 for v in (rx, ry, rw, rh)) and rx + rw <= 1 + 1e-9
    valid = valid and ry + rh <= 1 + 1e-9
    if valid:
        LayoutRegion(x_axis=x, y_axis=y, width=w, height=h)
    else:
        with pytest.raises(ValidationError):
            LayoutRegion(x_axis=x, y_axis=y, width=w, height=h)


def test_layout_region_error_names_the_rule() -> None:
    with pytest.raises(ValidationError, match=r"x_axis \+ width must be at most 1"):
        LayoutRegion(x_axis=0.6, y_axis=0, width=0.5, height=0.5)


def region(uid: int | None = None) -> LayoutRegion:
    return LayoutRegion(
        uid=None if uid is None else str(uid), x_axis=0, y_axis=0, width=0.1, height=0.1
    )


def test_layout_config_only_with_custom_layout() -> None:
    with pytest.raises(ValidationError, match="only with mixedVideoLayout 3"):
        LayoutUpdate(mixed_video_layout=1, layout_config=[region(1)])
    with pytest.raises(ValidationError, match="needs layoutConfig"):
        LayoutUpdate(mixed_video_layout=3)
    custom = LayoutUpdate(mixed_video_layout=3, layout_config=[region(1)])
    assert custom.mixed_video_layout == 3
    assert custom.layout_config is not None and len(custom.layout_config) == 1


@given(st.integers(min_value=1, max_value=30))
def test_at_most_17_regions(n: int) -> None:
    regions = [region(i + 1) for i in range(n)]
    if n <= 17:
        assert len(LayoutUpdate(mixed_video_layout=3, layout_config=regions).layout_config or [])
    else:
        with pytest.raises(ValidationError, match="at most 17 regions"):
            LayoutUpdate(mixed_video_layout=3, layout_config=regions)


def test_duplicate_region_uids_are_refused() -> None:
    with pytest.raises(ValidationError, match="same uid"):
        LayoutUpdate(mixed_video_layout=3, layout_config=[region(5), region(5)])


def test_layout_wire_uses_documented_names() -> None:
    body = LayoutUpdate(
        mixed_video_layout=3,
        background_color="#112233",
        layout_config=[
            LayoutRegion(
                uid="7", x_axis=0.1, y_axis=0.2, width=0.3, height=0.4, alpha=0.5, render_mode=1
            )
        ],
    ).to_wire()
    assert body == {
        "mixedVideoLayout": 3,
        "backgroundColor": "#112233",
        "layoutConfig": [
            {
                "uid": "7",
                "x_axis": 0.1,
                "y_axis": 0.2,
                "width": 0.3,
                "height": 0.4,
                "alpha": 0.5,
                "render_mode": 1,
            }
        ],
    }


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"width": 1920, "height": 1920}, "at most 1920x1080"),
        ({"bitrate": 6501}, "less than or equal to 6500"),
        ({"fps": 25}, "fps must be one of"),
        ({"background_color": "red"}, "#RRGGBB"),
    ],
)
def test_transcoding_ranges(kw: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        TranscodingConfig.model_validate(kw)


def test_storage_pairs_come_from_the_table() -> None:
    assert storage().region == 7
    with pytest.raises(ValidationError, match="valid regions: 0 \\(US_EAST_1\\)"):
        storage(region=17)
    with pytest.raises(ValidationError, match="region 0 only"):
        storage(vendor=5, region=2)
    with pytest.raises(ValidationError, match="unknown"):
        storage(vendor=9, region=0)
    with pytest.raises(ValidationError, match="needs extensionParams.endpoint"):
        storage(vendor=11, region=0)
    with pytest.raises(ValidationError, match="stsToken works only"):
        storage(vendor=6, region=0, sts_token="tok")


@pytest.mark.parametrize("prefix", [["a_b"], ["a/b"], ["x" * 129], [""]])
def test_file_name_prefix_rules(prefix: list[str]) -> None:
    with pytest.raises(ValidationError, match="fileNamePrefix"):
        storage(file_name_prefix=prefix)


def test_av_file_type_rules() -> None:
    with pytest.raises(ValidationError, match='must include "hls"'):
        RecordingFileConfig(av_file_type=["mp4"])
    cfg = StartConfig(
        storage_config=storage(),
        recording_config=RecordingConfig(subscribe_uid_group=0),
        recording_file_config=RecordingFileConfig(av_file_type=["hls", "mp4"]),
    )
    assert [p.field for p in cfg.problems(Mode.INDIVIDUAL)] == ["recordingFileConfig.avFileType"]
    assert cfg.problems(Mode.RAW) == []  # raw records MP4 too (docs/api-notes.md, "start")


def test_subscription_lists_are_exclusive_and_bounded() -> None:
    with pytest.raises(ValidationError, match="cannot both be set"):
        RecordingConfig(subscribe_audio_uids=["1"], unsubscribe_audio_uids=["2"])
    with pytest.raises(ValidationError, match="at most 32"):
        RecordingConfig(subscribe_video_uids=[str(i) for i in range(1, 34)])
    with pytest.raises(ValidationError, match="need streamTypes 0 or 2"):
        RecordingConfig(stream_types=1, subscribe_audio_uids=["1"])
    with pytest.raises(ValidationError, match="need streamTypes 1 or 2"):
        RecordingConfig(stream_types=0, subscribe_video_uids=["1"])
    assert RecordingConfig(subscribe_audio_uids=["#allstream#"]).subscribe_audio_uids


def test_unsubscribe_is_sent_with_the_documented_spelling() -> None:
    wire = RecordingConfig(unsubscribe_video_uids=["9"]).to_wire()
    assert wire["unSubscribeVideoUids"] == ["9"]
    parsed = RecordingConfig.model_validate({"unsubscribeAudioUids": ["3"]})
    assert parsed.unsubscribe_audio_uids == ["3"]


def test_mode_rules_name_each_problem() -> None:
    # recordingFileConfig is optional in every mode (docs/api-notes.md, "start").
    mix_only = StartConfig(storage_config=storage())
    assert {p.field for p in mix_only.problems(Mode.MIX)} == {"recordingConfig"}
    web = StartConfig(
        storage_config=storage(),
        snapshot_config=SnapshotConfig(),
        extension_service_config=ExtensionServiceConfig(
            web_recorder=WebRecorderConfig(url="https://example.com", max_recording_hour=2)
        ),
    )
    assert [p.field for p in web.problems(Mode.WEB)] == ["snapshotConfig"]
    screenshots_only = StartConfig(
        storage_config=storage(),
        recording_config=RecordingConfig(stream_types=1, subscribe_uid_group=0),
        snapshot_config=SnapshotConfig(capture_interval=5),
    )
    assert screenshots_only.problems(Mode.INDIVIDUAL) == []
    assert screenshots_only.screenshots_only
    assert [p.field for p in screenshots_only.problems(Mode.MIX)][0] == "snapshotConfig"


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"video_width": 200}, "greater than or equal to 240"),
        ({"video_width": 1920, "video_height": 1920}, "at most 1920x1080"),
        ({"max_recording_hour": 721}, "less than or equal to 720"),
        ({"ready_timeout": 61}, "less than or equal to 60"),
        ({"max_video_duration": 29}, "greater than or equal to 30"),
        ({"video_fps": 61}, "less than or equal to 60"),
        ({"url": "ftp://x"}, "http"),
    ],
)
def test_web_recorder_ranges(kw: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        WebRecorderConfig.model_validate(
            {"url": "https://example.com", "max_recording_hour": 1, **kw}
        )


def test_acquire_scene_follows_mode() -> None:
    assert AcquireConfig().for_mode(Mode.WEB).scene == 1
    assert AcquireConfig().for_mode(Mode.MIX).scene == 0
    assert AcquireConfig(scene=1).problems(Mode.MIX)[0].field == "scene"
    with pytest.raises(ValidationError, match="less than or equal to 720"):
        AcquireConfig(resource_expired_hour=721)


def test_update_must_change_something_for_its_mode() -> None:
    assert UpdateConfig().problems(Mode.MIX)[0].rule == "an update must change something"
    body = UpdateConfig.model_validate({"webRecordingConfig": {"onhold": True}})
    assert body.problems(Mode.MIX)[0].field == "webRecordingConfig"
    assert body.problems(Mode.WEB) == []
    assert body.to_wire() == {"webRecordingConfig": {"onhold": True}}


def test_secrets_never_show_in_reprs_dumps_or_errors() -> None:
    secret = "SUPER-SECRET-KEY-123"
    cfg = StartConfig(
        token="007eJxSECRETTOKEN",
        storage_config=storage(secret_key=secret),
        recording_config=RecordingConfig(decryption_mode=1, secret=secret),
        recording_file_config=RecordingFileConfig(),
    )
    for text in (repr(cfg), str(cfg), cfg.model_dump_json(), str(cfg.model_dump())):
        assert secret not in text
        assert "007eJxSECRETTOKEN" not in text
    assert cfg.to_wire()["storageConfig"]["secretKey"] == secret
    with pytest.raises(ValidationError) as info:
        StorageConfig.model_validate({**STORAGE, "secret_key": secret, "region": 999})
    assert secret not in str(info.value)
    assert secret not in repr(info.value.errors(include_input=False))
