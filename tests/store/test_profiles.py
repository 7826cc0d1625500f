"""ProfileStore: files, atomic writes, migration, corrupt files, sharing, and secrets in step."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from recorder_gui.store import (
    SCHEMA_VERSION,
    CredentialStore,
    MemoryBackend,
    Profile,
    ProfileExistsError,
    ProfileNameError,
    ProfileNotFoundError,
    ProfileStore,
    ProfileSyntaxError,
    ProfileValidationError,
    ProfileVersionError,
    ProfileWriteError,
    SecretField,
    StorageSettings,
    paths,
)

APP_ID = "970CA35de60c44645bbae8a215061b33"


def make_profile(name: str = "Morning Show", **changes: Any) -> Profile:
    data: dict[str, Any] = {
        "name": name,
        "app_id": APP_ID,
        "area": "EU",
        "storage": {"vendor": 1, "region": 7, "bucket": "shows", "file_name_prefix": ["am"]},
        "bot_uid": "4242",
    }
    data.update(changes)
    return Profile.model_validate(data)


@pytest.fixture
def store() -> ProfileStore:
    return ProfileStore()


def test_default_directory_is_under_the_config_dir(store: ProfileStore) -> None:
    assert store.directory == paths.config_dir() / "profiles"
    assert str(store.directory).startswith(os.environ["RECORDER_GUI_CONFIG_DIR"])


def test_paths_follow_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind, func in [
        ("CONFIG", paths.config_dir),
        ("DATA", paths.data_dir),
        ("LOG", paths.log_dir),
        ("STATE", paths.state_dir),
    ]:
        target = tmp_path / "x" / kind
        monkeypatch.setenv(f"RECORDER_GUI_{kind}_DIR", str(target))
        assert func() == target
        assert target.is_dir()


def test_save_load_list(store: ProfileStore) -> None:
    assert store.list_names() == []
    path = store.save(make_profile())
    store.save(make_profile("afternoon"))
    assert path == store.directory / "Morning Show.json"
    assert store.list_names() == ["afternoon", "Morning Show"]
    assert store.load("Morning Show") == make_profile()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == SCHEMA_VERSION
    assert saved["storage"]["region"] == 7
    leftovers = [p.name for p in store.directory.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_load_missing(store: ProfileStore) -> None:
    with pytest.raises(ProfileNotFoundError, match="no profile named 'Nope'"):
        store.load("Nope")


def test_bad_names_are_refused(store: ProfileStore) -> None:
    for bad in ["", " x", "a/b", "..", "CON", "tab\there", "x" * 65]:
        with pytest.raises(ProfileNameError):
            store.path_for(bad)


def test_failed_write_keeps_previous_file(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.save(make_profile())
    before = path.read_text(encoding="utf-8")

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ProfileWriteError, match="No space left on device"):
        store.save(make_profile(bot_uid="77"))
    assert path.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in store.directory.iterdir()) == ["Morning Show.json"]


def test_syntax_error_names_line_and_sets_file_aside(store: ProfileStore) -> None:
    path = store.path_for("Broken")
    path.write_text('{\n  "name": "Broken",\n  "app_id": \n}\n', encoding="utf-8")
    with pytest.raises(ProfileSyntaxError) as info:
        store.load("Broken")
    err = info.value
    assert err.line == 4
    assert str(path) in str(err)
    assert "line 4" in str(err)
    assert err.moved_to is not None
    assert err.moved_to.name.startswith("Broken.corrupt-")
    assert err.moved_to.read_text(encoding="utf-8").startswith('{\n  "name"')
    assert not path.exists()
    assert "Broken" not in store.list_names()
    # Saving afresh does not touch the set-aside copy.
    store.save(make_profile("Broken"))
    assert err.moved_to.exists()


def test_validation_error_names_file_field_and_rule(store: ProfileStore) -> None:
    data = make_profile("Bad").model_dump(mode="json")
    data["storage"]["region"] = 99
    data["recording"]["max_idle_time"] = 1
    path = store.path_for("Bad")
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProfileValidationError) as info:
        store.load("Bad")
    err = info.value
    fields = {p.field: p for p in err.problems}
    assert set(fields) == {"storage", "recording.max_idle_time"}
    assert "region 99 is not a region of Amazon S3" in fields["storage"].message
    assert "7 (EU_CENTRAL_1)" in fields["storage"].message
    assert fields["recording.max_idle_time"].rule == "greater_than_equal"
    text = str(err)
    assert str(path) in text and "recording.max_idle_time" in text and "set aside" in text
    assert err.moved_to is not None and err.moved_to.exists()


def test_two_corrupt_files_in_a_row_both_kept(store: ProfileStore) -> None:
    moved = []
    for _ in range(2):
        store.path_for("X").write_text("not json", encoding="utf-8")
        with pytest.raises(ProfileSyntaxError) as info:
            store.load("X")
        moved.append(info.value.moved_to)
    assert len({str(m) for m in moved}) == 2
    assert all(m is not None and m.exists() for m in moved)


def test_newer_version_is_left_alone(store: ProfileStore) -> None:
    path = store.path_for("Future")
    data = make_profile("Future").model_dump(mode="json")
    data["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProfileVersionError, match="update recorder-gui"):
        store.load("Future")
    assert path.exists()
    with pytest.raises(ProfileVersionError):
        store.save(make_profile("Future"))
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION + 1


def test_missing_version_is_a_field_problem(store: ProfileStore) -> None:
    data = make_profile("NoVersion").model_dump(mode="json")
    del data["schema_version"]
    store.path_for("NoVersion").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProfileValidationError) as info:
        store.load("NoVersion")
    assert info.value.problems[0].field == "schema_version"


def test_migration_from_version_1(store: ProfileStore) -> None:
    v1 = {
        "version": 1,
        "name": "Old",
        "app_id": APP_ID,
        "domain": "EU",
        "vendor": 2,
        "region": 16,
        "bucket": "old-bucket",
        "prefix": "news/2025",
        "mode": "individual",
        "max_idle_time": 120,
        "bot_uid": 1234,
    }
    store.path_for("Old").write_text(json.dumps(v1), encoding="utf-8")
    profile = store.load("Old")
    assert profile.schema_version == SCHEMA_VERSION
    assert profile.area == "EU"
    assert profile.storage.vendor == 2 and profile.storage.region == 16
    assert profile.storage.file_name_prefix == ["news", "2025"]
    assert profile.storage.label == "Alibaba Cloud OSS / EU_Central_1"
    assert profile.recording.max_idle_time == 120
    assert profile.bot_uid == "1234"
    assert profile.mode == "individual"


def test_migration_from_version_1_with_url_and_unknown_key(store: ProfileStore) -> None:
    v1 = {
        "version": 1,
        "name": "Local",
        "app_id": APP_ID,
        "domain": "http://127.0.0.1:8080/",
        "vendor": 1,
        "region": 0,
        "bucket": "b",
        "colour": "red",
    }
    store.path_for("Local").write_text(json.dumps(v1), encoding="utf-8")
    with pytest.raises(ProfileValidationError) as info:
        store.load("Local")
    assert [p.field for p in info.value.problems] == ["colour"]
    assert info.value.problems[0].rule == "extra_forbidden"


def test_file_name_wins_over_name_inside(store: ProfileStore) -> None:
    store.path_for("Renamed By Hand").write_text(
        make_profile("Original").model_dump_json(), encoding="utf-8"
    )
    assert store.load("Renamed By Hand").name == "Renamed By Hand"


@pytest.fixture
def creds() -> CredentialStore:
    return CredentialStore(backend=MemoryBackend())


def test_rename_moves_file_secrets_and_last_used(creds: CredentialStore) -> None:
    store = ProfileStore(credentials=creds)
    store.save(make_profile("A"))
    store.save(make_profile("Taken"))
    creds.set("A", SecretField.CUSTOMER_SECRET, "cs")
    store.set_last_used("A")
    with pytest.raises(ProfileExistsError, match="'Taken' exists already"):
        store.rename("A", "Taken")
    renamed = store.rename("A", "B")
    assert renamed.name == "B"
    assert store.list_names() == ["B", "Taken"]
    assert store.load("B").name == "B"
    assert creds.get("B", SecretField.CUSTOMER_SECRET) == "cs"
    assert not creds.has("A", SecretField.CUSTOMER_SECRET)
    assert store.last_used == "B"


def test_delete_removes_file_and_secrets(creds: CredentialStore) -> None:
    store = ProfileStore(credentials=creds)
    store.save(make_profile("A"))
    creds.set("A", SecretField.APP_CERTIFICATE, "cert")
    store.set_last_used("A")
    store.delete("A")
    assert store.list_names() == []
    assert creds.stored_fields("A") == []
    assert store.last_used is None
    with pytest.raises(ProfileNotFoundError):
        store.delete("A")


def test_duplicate_copies_settings_and_secrets(creds: CredentialStore) -> None:
    store = ProfileStore(credentials=creds)
    store.save(make_profile("A"))
    creds.set("A", SecretField.CUSTOMER_ID, "cid")
    copy = store.duplicate("A", "A copy")
    assert copy == make_profile("A copy")
    assert creds.get("A copy", SecretField.CUSTOMER_ID) == "cid"
    assert creds.get("A", SecretField.CUSTOMER_ID) == "cid"
    bare = store.duplicate("A", "A bare", with_secrets=False)
    assert bare.name == "A bare" and not creds.has("A bare", SecretField.CUSTOMER_ID)
    with pytest.raises(ProfileExistsError):
        store.duplicate("A", "A copy")


def test_export_and_import(store: ProfileStore, tmp_path: Path) -> None:
    store.save(make_profile("Show"))
    shared = store.export_profile("Show", tmp_path / "show-share.json")
    assert json.loads(shared.read_text(encoding="utf-8"))["name"] == "Show"
    with pytest.raises(ProfileExistsError):
        store.import_profile(shared)
    imported = store.import_profile(shared, name="Show (imported)")
    assert imported == make_profile("Show (imported)")
    assert store.load("Show (imported)") == imported
    assert shared.exists()
    with pytest.raises(ProfileWriteError, match="Could not write"):
        store.export_profile("Show", tmp_path / "no-such-dir" / "x.json")


def test_import_of_a_bad_file_names_it_and_leaves_it(store: ProfileStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2, "name": "X", "app_id": "nothex"}', encoding="utf-8")
    with pytest.raises(ProfileValidationError) as info:
        store.import_profile(bad)
    assert str(bad) in str(info.value)
    assert info.value.moved_to is None
    assert {p.field for p in info.value.problems} == {"app_id", "storage"}
    assert bad.exists()


def test_last_used(store: ProfileStore) -> None:
    assert store.last_used is None
    with pytest.raises(ProfileNotFoundError):
        store.set_last_used("Nope")
    store.save(make_profile("A"))
    store.set_last_used("A")
    assert ProfileStore().last_used == "A"
    store.path_for("A").unlink()
    assert store.last_used is None


def test_storage_model_offers_a_label() -> None:
    storage = StorageSettings(vendor=1, region=7, bucket="b", file_name_prefix=["a", "b"])
    assert storage.label == "Amazon S3 / EU_CENTRAL_1"
    assert storage.prefix_path == "a/b"
