"""Every file the store writes (profiles, exports, last-used, set-aside files, logs) is free of
the secrets held in the CredentialStore, including after a fallback to memory."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from recorder_gui.store import CredentialStore, ProfileError, ProfileStore, SecretField, paths
from tests.store.test_profiles import make_profile

SECRETS = {field: f"known-{field.value}-9f8e7d6c5b4a" for field in SecretField}


def no_keyring() -> KeyringBackend:
    """keyring's ``fail`` backend, as keyring picks it when no keyring exists."""
    return fail.Keyring()  # type: ignore[no-untyped-call]


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = paths.log_dir() / "recorder-gui.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    logger = logging.getLogger("recorder_gui")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield path
    logger.removeHandler(handler)
    handler.close()
    logger.setLevel(old_level)


def _written_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("backend", ["memory keyring", "no keyring"])
def test_no_known_secret_in_any_written_file(
    backend: str, private_app_dirs: Path, log_file: Path
) -> None:
    creds = CredentialStore(backend=no_keyring()) if backend == "no keyring" else CredentialStore()
    store = ProfileStore(credentials=creds)
    store.save(make_profile("Show"))
    for field, value in SECRETS.items():
        creds.set("Show", field, value)
    store.set_last_used("Show")
    store.duplicate("Show", "Show copy")
    store.rename("Show copy", "Show B")
    (paths.data_dir() / "shared").mkdir()
    store.export_profile("Show", paths.data_dir() / "shared" / "Show.json")
    store.import_profile(paths.data_dir() / "shared" / "Show.json", name="Show imported")
    store.delete("Show imported")
    store.path_for("Broken").write_text("{", encoding="utf-8")
    with pytest.raises(ProfileError):
        store.load("Broken")
    for field, value in SECRETS.items():
        assert creds.get("Show B", field) == value

    files = _written_files(private_app_dirs)
    names = {p.name for p in files}
    assert {"Show.json", "Show B.json", ".last-used", "recorder-gui.log"} <= names
    assert any(n.startswith("Broken.corrupt-") for n in names)
    assert log_file.read_text(encoding="utf-8").strip(), "the store logged nothing"
    for path in files:
        content = path.read_bytes()
        for value in SECRETS.values():
            assert value.encode() not in content, f"{value} leaked into {path}"
