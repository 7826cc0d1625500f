"""Where a recording's files are and with which keys: the start config's place, the profile's
keys from the keyring; every way it cannot be known is a sentence with a next step. Then the
whole path against real objects: the emulator records to moto, the engine checks them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recorder_gui.api.config_models import StorageConfig, StorageExtensionParams
from recorder_gui.emulator import Emulator
from recorder_gui.files import StorageCheckError
from recorder_gui.recording import SessionManager, SessionState
from recorder_gui.recording.storage_access import (
    checked_files,
    files_to_check,
    ran_seconds,
    storage_target,
)
from recorder_gui.store import (
    CredentialStore,
    MemoryBackend,
    Profile,
    SecretField,
    StorageExtension,
    StorageSettings,
)
from tests._fixtures.s3 import ACCESS_KEY as S3_ACCESS
from tests._fixtures.s3 import SECRET_KEY as S3_SECRET
from tests._fixtures.s3 import S3Bucket

from .conftest import ACCESS_KEY, APP, CREDS, SECRET_KEY, new_session, start_config

pytestmark = pytest.mark.asyncio


def keyring(profile: str = "demo", **values: str) -> CredentialStore:
    store = CredentialStore(backend=MemoryBackend())
    for field, value in values.items():
        store.set(profile, SecretField(field), value)
    return store


def profile(**storage: Any) -> Profile:
    settings = StorageSettings(
        vendor=11,
        region=0,
        bucket=storage.pop("bucket", "from-profile"),
        extension=StorageExtension(endpoint="https://s3.example.net"),
    )
    return Profile(name="demo", app_id=APP, storage=settings)


KEYS = {"storage_access_key": "PROFILEACCESS1", "storage_secret_key": "profile-secret-0001"}


async def test_the_place_is_the_start_configs_and_the_keys_the_profiles(
    manager: SessionManager,
) -> None:
    session = new_session(manager)
    target = storage_target(session, profile(), keyring(**KEYS))
    assert (target.vendor, target.region, target.bucket) == (1, 0, "bucket")  # start config
    assert (target.access_key, target.secret_key) == ("PROFILEACCESS1", "profile-secret-0001")
    assert ACCESS_KEY not in repr(target) and "PROFILEACCESS1" not in repr(target)


async def test_after_a_restart_the_profile_says_where(manager: SessionManager) -> None:
    session = new_session(manager)
    session.start_config = None  # what a reattached session knows
    target = storage_target(session, profile(), keyring(**KEYS))
    assert (target.vendor, target.bucket, target.endpoint) == (
        11,
        "from-profile",
        "https://s3.example.net",
    )


@pytest.mark.parametrize(
    ("keys", "no_profile", "no_config", "says"),
    [
        ({}, False, False, "has no storage access key in the keyring"),
        ({"storage_access_key": "A1"}, False, False, "has no storage secret key"),
        (KEYS, True, True, "does not know where this recording's files are"),
    ],
)
async def test_what_cannot_be_known_is_said(
    manager: SessionManager,
    keys: dict[str, str],
    no_profile: bool,
    no_config: bool,
    says: str,
) -> None:
    session = new_session(manager)
    if no_config:
        session.start_config = None
    with pytest.raises(StorageCheckError) as caught:
        storage_target(session, None if no_profile else profile(), keyring(**keys))
    assert caught.value.kind == "settings"
    assert says in caught.value.sentence
    assert caught.value.next_step
    for secret in (*keys.values(), ACCESS_KEY, SECRET_KEY):
        assert secret not in str(caught.value)


async def test_files_so_far_then_after_stop(
    manager: SessionManager, emu: Emulator, s3: S3Bucket
) -> None:
    """Against real objects: live, the open playlist is fine; after stop, all present."""
    config = start_config(mp4=False)
    config.storage_config = StorageConfig(
        vendor=11,
        region=0,
        bucket=s3.name,
        access_key=S3_ACCESS,
        secret_key=S3_SECRET,
        file_name_prefix=["show", "day1"],
        extension_params=StorageExtensionParams(endpoint=s3.endpoint),
    )
    emu.add_user(APP, "room9", 1001)
    session = manager.create_session(
        app_id=APP, credentials=CREDS, cname="room9", uid="527841", mode="mix",
        start_config=config, profile="demo",
    )  # fmt: skip
    await session.start()
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    keys = keyring(storage_access_key=S3_ACCESS, storage_secret_key=S3_SECRET)
    emu.clock.advance(40)
    await manager.timer.sleep(5)  # the poller reads the files listed so far
    assert emu.wait_uploads(10)
    live = files_to_check(session, now=emu.clock.now())
    assert live.live and live.names
    _, report = await checked_files(lambda: storage_target(session, None, keys), live)
    assert report.live and report.ok, report.rows
    assert "so far" in report.summary
    assert ran_seconds(session) is None  # still running

    emu.clock.advance(30)
    await session.stop()
    assert emu.wait_uploads(10)
    after = files_to_check(session)
    assert not after.live and not after.predicted and after.names
    assert after.recording_seconds is not None
    _, report = await checked_files(lambda: storage_target(session, None, keys), after)
    assert report.ok, report.rows
    assert report.summary.endswith("all present") or report.summary.endswith("present")
    assert all(r.closed for r in report.rows if r.is_playlist)


async def test_a_profile_without_keys_fails_before_any_request(
    manager: SessionManager, tmp_path: Path
) -> None:
    session = new_session(manager)
    wanted = files_to_check(session)
    with pytest.raises(StorageCheckError, match="no storage access key"):
        await checked_files(lambda: storage_target(session, profile(), keyring()), wanted)
