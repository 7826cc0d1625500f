"""The profile store on an unusable, read-only, unreadable or full config dir: every failure is
a typed ProfileError whose message names the path, the cause and a next step; never raw OSError.

Read-only as root: ``unprivileged.read_only`` (chmod, and root's permission override lowered
for the test's thread). Unusable: a config dir whose path runs through a regular file (ENOTDIR,
root too).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recorder_gui.store import (
    Profile,
    ProfileError,
    ProfileStore,
    ProfileStoreUnavailableError,
    ProfileSyntaxError,
    ProfileWriteError,
)

from .unprivileged import probe_read_only, read_only

APP_ID = "970CA35de60c44645bbae8a215061b33"
NEXT_STEP = "Make the folder readable and writable"


def make_profile(name: str) -> Profile:
    data: dict[str, Any] = {
        "name": name,
        "app_id": APP_ID,
        "storage": {"vendor": 1, "region": 7, "bucket": "shows", "file_name_prefix": ["am"]},
    }
    return Profile.model_validate(data)


def typed(exc: BaseException, *words: str) -> str:
    """The message of a store error, checked to be typed, plain and to name ``words``."""
    assert isinstance(exc, ProfileError) and not isinstance(exc, OSError)
    message = str(exc)
    assert "Errno" not in message, message
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.fixture
def blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """RECORDER_GUI_CONFIG_DIR runs through a regular file: nothing can be created there."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RECORDER_GUI_CONFIG_DIR", str(blocker / "config"))
    return blocker / "config" / "profiles"


def test_an_unusable_config_dir_raises_typed_errors_everywhere(blocked: Path) -> None:
    store = ProfileStore()
    assert str(blocked) in repr(store)  # naming it never creates it
    calls: dict[str, Callable[[], object]] = {
        "list": store.list_names,
        "load": lambda: store.load("show"),
        "save": lambda: store.save(make_profile("show")),
        "delete": lambda: store.delete("show"),
        "last_used": lambda: store.last_used,
        "set_last_used": lambda: store.set_last_used("show"),
        "exists": lambda: store.exists("show"),
    }
    for name, call in calls.items():
        with pytest.raises(ProfileStoreUnavailableError) as caught:
            call()
        message = typed(caught.value, str(blocked), "not a folder", NEXT_STEP)
        assert caught.value.path == blocked, name
        assert caught.value.next_step in message


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A profile folder holding a good profile (last used) and a broken one."""
    folder = tmp_path / "profiles"
    store = ProfileStore(folder)
    store.save(make_profile("good"))
    store.set_last_used("good")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder


def test_a_read_only_config_dir_with_a_broken_profile(profiles: Path) -> None:
    store = ProfileStore(profiles)
    broken = profiles / "broken.json"
    with read_only(profiles):
        assert probe_read_only(profiles)
        assert store.list_names() == ["broken", "good"]  # reading still works
        assert store.last_used == "good"
        assert store.load("good").name == "good"
        with pytest.raises(ProfileSyntaxError) as syntax:
            store.load("broken")  # setting it aside fails
        message = typed(syntax.value, str(broken), "not valid JSON", "could not be set aside")
        assert "permission denied" in message and syntax.value.moved_to is None
        with pytest.raises(ProfileWriteError) as deleting:
            store.delete("good")
        typed(deleting.value, str(profiles / "good.json"), "permission denied", NEXT_STEP)
        with pytest.raises(ProfileWriteError) as saving:
            store.save(make_profile("new"))
        typed(saving.value, str(profiles / "new.json"), "permission denied", NEXT_STEP)
        with pytest.raises(ProfileWriteError) as remembering:
            store.set_last_used("good")
        typed(remembering.value, str(profiles / ".last-used"), "previous file is unchanged")
        with pytest.raises(ProfileWriteError):
            store.rename("good", "better")
    assert broken.read_text(encoding="utf-8") == "{not json"  # left where it was
    assert sorted(p.name for p in profiles.iterdir()) == [".last-used", "broken.json", "good.json"]


def test_an_unreadable_config_dir_and_last_used_file(profiles: Path) -> None:
    store = ProfileStore(profiles)
    with read_only(profiles, mode=0o333):  # no read (list) permission, only enter and write
        with pytest.raises(ProfileStoreUnavailableError) as listing:
            store.list_names()
        typed(listing.value, str(profiles), "cannot be read", "permission denied", NEXT_STEP)
    with read_only(profiles / ".last-used", mode=0o000):
        with pytest.raises(ProfileStoreUnavailableError) as last:
            _ = store.last_used
        typed(last.value, str(profiles / ".last-used"), "permission denied")


def test_a_full_disk_on_save_keeps_the_previous_file(
    profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(profiles)
    before = (profiles / "good.json").read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ProfileWriteError) as caught:
        store.save(make_profile("good"))
    typed(caught.value, str(profiles / "good.json"), "the disk is full", NEXT_STEP)
    assert (profiles / "good.json").read_bytes() == before
    assert not [p for p in profiles.iterdir() if p.name.endswith(".tmp")]
