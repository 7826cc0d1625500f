"""Profile validation rules, with hypothesis where a rule has a shape."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from recorder_gui.api import storage_catalog
from recorder_gui.store import (
    Profile,
    ProfileStore,
    RecordingDefaults,
    StorageSettings,
    TranscodingSettings,
    problems_from,
)
from recorder_gui.store.names import profile_name_problem

APP_ID = "970CA35de60c44645bbae8a215061b33"
STORAGE = {"vendor": 1, "region": 0, "bucket": "b"}


def profile(**changes: Any) -> Profile:
    data: dict[str, Any] = {"name": "P", "app_id": APP_ID, "storage": STORAGE}
    data.update(changes)
    return Profile.model_validate(data)


def problems(**changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        profile(**changes)
    return {p.field: p.message for p in problems_from(info.value)}


def test_defaults() -> None:
    p = profile()
    assert p.schema_version == 2
    assert p.area == "GLOBAL"
    assert p.mode == "mix"
    assert p.recording.max_idle_time == 300
    assert p.recording.av_file_type == ["hls"]
    assert p.recording.transcoding.fps == 15
    assert p.base_url is None


def _field_names(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= _field_names(annotation)
    return names


def test_profile_has_no_secret_fields() -> None:
    names = _field_names(Profile)
    assert {"storage", "recording", "transcoding", "extension"} <= names
    for name in names:
        assert not re.search(r"secret|key|certificate|token|password|customer", name), name


@given(st.text(max_size=40))
def test_app_id_is_32_hex(text: str) -> None:
    valid = re.fullmatch(r"[0-9a-fA-F]{32}", text.strip()) is not None
    if valid:
        assert profile(app_id=text).app_id == text.strip()
    else:
        assert "32 hexadecimal" in problems(app_id=text)["app_id"]


@given(st.integers(min_value=-10, max_value=2**33))
def test_bot_uid_range(uid: int) -> None:
    valid = 1 <= uid <= 2**32 - 1
    for value in (uid, str(uid)):
        try:
            assert profile(bot_uid=value).bot_uid == str(uid)
        except ValidationError:
            assert not valid
        else:
            assert valid


def test_bot_uid_rejects_leading_zero_and_words() -> None:
    for bad in ["007", "0", "", "12a", "１２", True, 1.5]:
        assert "bot_uid" in problems(bot_uid=bad)


_SEGMENT_CHARS = st.sampled_from("abcXYZ019_-/ .é")


@given(st.lists(st.text(_SEGMENT_CHARS, max_size=50), max_size=6))
def test_prefix_segment_rules(segments: list[str]) -> None:
    stripped = [s.strip() for s in segments]  # pasted surrounding spaces are dropped
    valid = all(re.fullmatch(r"[A-Za-z0-9]+", s) for s in stripped) and (
        len("/".join(stripped)) <= 128
    )
    try:
        storage = StorageSettings(vendor=1, region=0, bucket="b", file_name_prefix=segments)
    except ValidationError:
        assert not valid
    else:
        assert valid
        assert storage.file_name_prefix == stripped


@given(st.integers(min_value=-1, max_value=12), st.integers(min_value=-1, max_value=30))
def test_vendor_region_pairs_follow_the_catalog(vendor: int, region: int) -> None:
    expected = storage_catalog.pair_problem(vendor, region)
    data = {"vendor": vendor, "region": region, "bucket": "b", "extension": _ext_for(vendor)}
    if expected is None:
        assert StorageSettings.model_validate(data).label
    else:
        assert problems(storage=data) == {"storage": expected}


def _ext_for(vendor: int) -> dict[str, str]:
    return {"endpoint": "s3.example.net"} if vendor == storage_catalog.S3_COMPATIBLE else {}


def test_invalid_pair_lists_valid_choices() -> None:
    found = problems(storage={"vendor": 5, "region": 3, "bucket": "b"})
    assert found == {"storage": "Microsoft Azure (vendor 5) takes region 0 only, not 3"}
    found = problems(storage={"vendor": 9, "region": 0, "bucket": "b"})
    assert "1 (Amazon S3)" in found["storage"]


def test_extension_rules() -> None:
    assert "needs extension.endpoint" in problems(storage={**STORAGE, "vendor": 11})["storage"]
    ok = StorageSettings.model_validate(
        {"vendor": 11, "region": 0, "bucket": "b", "extension": {"endpoint": "minio.lan"}}
    )
    assert ok.extension.endpoint == "minio.lan"
    endpoint_elsewhere = {**STORAGE, "extension": {"endpoint": "x"}}
    assert "only to S3-compatible" in problems(storage=endpoint_elsewhere)["storage"]
    sse_on_oss = {**STORAGE, "vendor": 2, "extension": {"sse": "kms"}}
    assert "only to Amazon S3" in problems(storage=sse_on_oss)["storage"]
    bad_sse = problems(storage={**STORAGE, "extension": {"sse": "des"}})
    assert set(bad_sse) == {"storage.extension.sse"}
    tag_on_cos = {**STORAGE, "vendor": 3, "region": 0, "extension": {"tag": "t"}}
    assert "Alibaba" in problems(storage=tag_on_cos)["storage"]


def test_bucket_must_be_plain() -> None:
    assert "storage.bucket" in problems(storage={**STORAGE, "bucket": "two words"})
    assert "storage.bucket" in problems(storage={**STORAGE, "bucket": ""})


@given(st.integers(min_value=-5, max_value=3_000_000))
def test_max_idle_time_range(seconds: int) -> None:
    valid = 5 <= seconds <= 2_592_000
    try:
        RecordingDefaults(max_idle_time=seconds)
    except ValidationError:
        assert not valid
    else:
        assert valid


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.sd-rtn.com", True),
        ("https://api.agora.io/", True),
        ("http://127.0.0.1:8123", True),
        ("http://localhost:9000", True),
        ("http://[::1]:9000", True),
        ("http://api.agora.io", False),
        ("ftp://x", False),
        ("https://user:pw@api.agora.io", False),
        ("https://api.agora.io?x=1", False),
        ("https://", False),
        ("https://host:99999", False),
    ],
)
def test_base_url(url: str, ok: bool) -> None:
    if ok:
        assert profile(base_url=url).base_url == url.rstrip("/")
    else:
        assert "base_url" in problems(base_url=url)


def test_area_choices() -> None:
    assert profile(area="CN").area == "CN"
    assert "area" in problems(area="MARS")


def test_transcoding_rules() -> None:
    TranscodingSettings(width=1920, height=1080, fps=30, bitrate=6500)
    TranscodingSettings(width=1080, height=1920)
    with pytest.raises(ValidationError, match="larger than 1920x1080"):
        TranscodingSettings(width=1920, height=1920)
    with pytest.raises(ValidationError, match="choose one of 1, 7, 10, 15, 24, 30, 60"):
        TranscodingSettings(fps=25)
    with pytest.raises(ValidationError, match="#RRGGBB"):
        TranscodingSettings(background_color="red")
    with pytest.raises(ValidationError):
        TranscodingSettings(bitrate=6501)


def test_file_types() -> None:
    assert RecordingDefaults(av_file_type=["hls", "mp4"]).av_file_type == ["hls", "mp4"]
    with pytest.raises(ValidationError, match="MP4 alone"):
        RecordingDefaults(av_file_type=["mp4"])


def test_assignment_is_validated() -> None:
    p = profile()
    with pytest.raises(ValidationError):
        p.bot_uid = "0"


_profiles = st.builds(
    lambda name, vendor_region, prefix, mode, idle, uid, fps, area: profile(
        name=name,
        storage={
            "vendor": vendor_region[0],
            "region": vendor_region[1],
            "bucket": "bucket1",
            "file_name_prefix": prefix,
            "extension": _ext_for(vendor_region[0]),
        },
        mode=mode,
        recording={"max_idle_time": idle, "transcoding": {"fps": fps}},
        bot_uid=uid,
        area=area,
    ),
    # valid names only (e.g. not "LPT1", a reserved file name on Windows)
    st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=20).filter(
        lambda n: profile_name_problem(n) is None
    ),
    st.sampled_from([(v.number, r) for v in storage_catalog.VENDORS.values() for r in v.regions]),
    st.lists(st.text("abcXYZ0123456789", min_size=1, max_size=10), max_size=4),
    st.sampled_from(["mix", "individual", "web"]),
    st.integers(5, 2_592_000),
    st.integers(1, 2**32 - 1),
    st.sampled_from([1, 7, 10, 15, 24, 30, 60]),
    st.sampled_from(["US", "EU", "AP", "CN", "GLOBAL"]),
)


@settings(max_examples=60, deadline=None)
@given(_profiles)
def test_valid_profiles_round_trip_through_files(p: Profile) -> None:
    assert Profile.model_validate(json.loads(p.model_dump_json())) == p
    with tempfile.TemporaryDirectory() as tmp:
        store = ProfileStore(Path(tmp))
        store.save(p)
        assert store.load(p.name) == p
        assert store.list_names() == [p.name]
