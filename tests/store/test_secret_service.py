"""The CredentialStore against a real Secret Service (gnome-keyring on a private D-Bus).

Run with:
    dbus-run-session -- bash tests/with-secret-service.sh .venv/bin/python -m pytest tests/store
Skipped unless RECORDER_GUI_SECRET_SERVICE=1; with it set, an unusable keyring FAILS the tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import keyring
import pytest

from recorder_gui.store import CredentialStore, SecretField

pytestmark = [
    pytest.mark.secret_service,
    pytest.mark.skipif(
        os.environ.get("RECORDER_GUI_SECRET_SERVICE") != "1",
        reason="needs a real Secret Service: see tests/with-secret-service.sh",
    ),
]


@pytest.fixture
def store() -> CredentialStore:
    store = CredentialStore()
    assert store.is_system_keyring, (
        f"RECORDER_GUI_SECRET_SERVICE=1 but the keyring is unusable: {store.status_sentence} "
        f"(keyring backend: {keyring.get_keyring()})"
    )
    return store


@pytest.fixture
def names(store: CredentialStore) -> Iterator[tuple[str, str]]:
    tag = uuid.uuid4().hex[:8]
    pair = (f"ss-test-{tag}-a", f"ss-test-{tag}-b")
    yield pair
    for name in pair:
        store.delete_profile(name)


class TestRealSecretService:
    def test_backend_is_secret_service(self, store: CredentialStore) -> None:
        assert store.backend_name == "Secret Service"
        assert store.is_persistent
        assert store.status_sentence == "Secrets are kept in the system keyring (Secret Service)."

    def test_set_get_delete(self, store: CredentialStore, names: tuple[str, str]) -> None:
        profile, _ = names
        store.set(profile, SecretField.CUSTOMER_SECRET, "real-secret-1")
        assert store.get(profile, SecretField.CUSTOMER_SECRET) == "real-secret-1"
        # A second store (a new run) reads it from the keyring, not from our memory.
        assert CredentialStore().get(profile, SecretField.CUSTOMER_SECRET) == "real-secret-1"
        assert keyring.get_password(f"recorder-gui/{profile}", "customer_secret") == (
            "real-secret-1"
        )
        store.set(profile, SecretField.CUSTOMER_SECRET, "real-secret-2")
        assert CredentialStore().get(profile, SecretField.CUSTOMER_SECRET) == "real-secret-2"
        store.delete(profile, SecretField.CUSTOMER_SECRET)
        store.delete(profile, SecretField.CUSTOMER_SECRET)
        assert keyring.get_password(f"recorder-gui/{profile}", "customer_secret") is None
        assert not CredentialStore().has(profile, SecretField.CUSTOMER_SECRET)
        assert store.is_system_keyring

    def test_rename_profile_cleans_up(self, store: CredentialStore, names: tuple[str, str]) -> None:
        old, new = names
        for field in SecretField:
            store.set(old, field, f"{field.value}-{old}")
        store.rename_profile(old, new)
        fresh = CredentialStore()
        assert fresh.stored_fields(old) == []
        for field in SecretField:
            assert keyring.get_password(f"recorder-gui/{old}", field.value) is None
            assert fresh.get(new, field) == f"{field.value}-{old}"

    def test_delete_profile_cleans_up(self, store: CredentialStore, names: tuple[str, str]) -> None:
        profile, other = names
        store.set(profile, SecretField.STORAGE_ACCESS_KEY, "ak")
        store.set(profile, SecretField.STORAGE_SECRET_KEY, "sk")
        store.set(other, SecretField.STORAGE_SECRET_KEY, "other-sk")
        store.delete_profile(profile)
        fresh = CredentialStore()
        assert fresh.stored_fields(profile) == []
        assert fresh.get(other, SecretField.STORAGE_SECRET_KEY) == "other-sk"
