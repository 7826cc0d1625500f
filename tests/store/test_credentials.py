"""CredentialStore on in-memory backends: the API, the memory fallback, and secrecy."""

from __future__ import annotations

import logging

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError
from secretstorage.exceptions import SecretServiceNotAvailableException

from recorder_gui.store import (
    CredentialStore,
    MemoryBackend,
    MissingSecretError,
    ProfileNameError,
    SecretField,
    service_name,
)

SECRET = "s3cr3t-VALUE-0123456789abcdef"


def no_keyring() -> KeyringBackend:
    """keyring's ``fail`` backend, as keyring picks it when no keyring exists."""
    return fail.Keyring()  # type: ignore[no-untyped-call]


class FlakyBackend(MemoryBackend):
    """Works until ``broken`` is set, then raises ``error`` on every call."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise self.error

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        super().delete_password(service, username)


class LeakyLockedBackend(MemoryBackend):
    """Raises KeyringLocked on set with the password in the message (a badly behaved backend)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked(f"could not store {password} for {service}")


class ThirdPartyBackend(MemoryBackend):
    """Stands in for a keyring backend from another package."""


ThirdPartyBackend.__module__ = "keyrings.alt.file"


def test_fixture_installs_a_memory_backend(memory_keyring: MemoryBackend) -> None:
    assert keyring.get_keyring() is memory_keyring
    store = CredentialStore()
    store.set("Show", SecretField.CUSTOMER_SECRET, SECRET)
    assert memory_keyring.get_password("recorder-gui/Show", "customer_secret") == SECRET


def test_memory_backend_is_never_chosen_by_keyring_itself() -> None:
    assert MemoryBackend.priority < fail.Keyring.priority


def test_set_get_has_delete() -> None:
    store = CredentialStore(backend=MemoryBackend())
    assert not store.has("Show", SecretField.APP_CERTIFICATE)
    store.set("Show", SecretField.APP_CERTIFICATE, "  " + SECRET + "\n")
    assert store.get("Show", SecretField.APP_CERTIFICATE) == SECRET
    assert store.has("Show", SecretField.APP_CERTIFICATE)
    assert store.stored_fields("Show") == [SecretField.APP_CERTIFICATE]
    store.delete("Show", SecretField.APP_CERTIFICATE)
    store.delete("Show", SecretField.APP_CERTIFICATE)  # idempotent
    assert store.get_optional("Show", SecretField.APP_CERTIFICATE) is None


def test_missing_secret_names_profile_and_field() -> None:
    store = CredentialStore(backend=MemoryBackend())
    with pytest.raises(MissingSecretError) as info:
        store.get("Morning Show", SecretField.CUSTOMER_SECRET)
    assert "Customer Secret" in str(info.value)
    assert "'Morning Show'" in str(info.value)
    assert info.value.profile == "Morning Show"
    assert info.value.field is SecretField.CUSTOMER_SECRET
    assert isinstance(info.value, LookupError)


def test_empty_secret_and_bad_profile_name_are_refused() -> None:
    store = CredentialStore(backend=MemoryBackend())
    with pytest.raises(ValueError, match="empty"):
        store.set("Show", SecretField.CUSTOMER_ID, "   ")
    with pytest.raises(ProfileNameError, match="must not contain /"):
        store.set("a/b", SecretField.CUSTOMER_ID, SECRET)


def test_every_field_has_a_label() -> None:
    labels = {field.label for field in SecretField}
    assert len(labels) == len(SecretField)
    assert SecretField.CUSTOMER_SECRET.label == "Customer Secret"
    assert SecretField("app_certificate") is SecretField.APP_CERTIFICATE


def test_one_service_per_profile() -> None:
    backend = MemoryBackend()
    store = CredentialStore(backend=backend)
    store.set("A", SecretField.CUSTOMER_ID, "id-a")
    store.set("B", SecretField.CUSTOMER_ID, "id-b")
    assert backend.services() == {service_name("A"), service_name("B")}
    assert service_name("A") == "recorder-gui/A"
    assert store.get("A", SecretField.CUSTOMER_ID) == "id-a"


def test_rename_profile_moves_every_secret_and_clears_leftovers() -> None:
    backend = MemoryBackend()
    store = CredentialStore(backend=backend)
    for field in SecretField:
        store.set("Old", field, f"{field.value}-value")
    store.set("New", SecretField.CALLBACK_SECRET, "stale")
    store.delete("Old", SecretField.CALLBACK_SECRET)
    store.rename_profile("Old", "New")
    assert backend.services() == {"recorder-gui/New"}
    assert store.stored_fields("Old") == []
    assert not store.has("New", SecretField.CALLBACK_SECRET)  # leftover gone
    assert store.get("New", SecretField.STORAGE_SECRET_KEY) == "storage_secret_key-value"


def test_delete_and_copy_profile() -> None:
    backend = MemoryBackend()
    store = CredentialStore(backend=backend)
    store.set("A", SecretField.CUSTOMER_ID, "id")
    store.copy_profile("A", "B")
    assert store.get("B", SecretField.CUSTOMER_ID) == "id"
    store.delete_profile("A")
    assert backend.services() == {"recorder-gui/B"}


def test_memory_backend_delete_missing_raises_like_keyring() -> None:
    with pytest.raises(PasswordDeleteError):
        MemoryBackend().delete_password("s", "u")


def test_memory_status_is_honest() -> None:
    store = CredentialStore(backend=MemoryBackend())
    assert store.backend_name == "memory"
    assert not store.is_system_keyring
    assert not store.is_persistent
    assert store.fallback_reason is None
    assert "forgotten when you quit" in store.status_sentence


class TestNoBackendFallback:
    """No usable keyring: memory for this run, said in a sentence, nothing on disk."""

    def test_fail_backend_falls_back_to_memory(self) -> None:
        store = CredentialStore(backend=no_keyring())
        assert store.backend_name == "memory"
        assert not store.is_system_keyring
        assert not store.is_persistent
        assert store.fallback_reason == "no keyring backend was found"
        assert store.status_sentence == (
            "No system keyring is available (no keyring backend was found): secrets are kept "
            "in memory and will be forgotten when you quit."
        )
        store.set("Show", SecretField.CUSTOMER_SECRET, SECRET)
        assert store.get("Show", SecretField.CUSTOMER_SECRET) == SECRET

    def test_default_fail_backend_is_detected(self) -> None:
        keyring.set_keyring(no_keyring())  # the autouse fixture restores the old one
        assert not CredentialStore().is_persistent

    def test_probe_failure_at_start_falls_back(self) -> None:
        backend = FlakyBackend(SecretServiceNotAvailableException("no D-Bus session"))
        backend.broken = True
        store = CredentialStore(backend=backend)
        assert not store.is_persistent
        assert "no D-Bus session" in store.status_sentence
        store.set("Show", SecretField.CUSTOMER_ID, SECRET)
        assert store.get("Show", SecretField.CUSTOMER_ID) == SECRET

    def test_plaintext_keyrings_alt_is_refused(self) -> None:
        store = CredentialStore(backend=ThirdPartyBackend())
        assert not store.is_persistent
        assert "keyrings.alt" in store.status_sentence

    def test_other_third_party_backend_is_used_but_not_called_system(self) -> None:
        class Custom(MemoryBackend):
            pass

        Custom.__module__ = "somevendor.keyring"
        store = CredentialStore(backend=Custom())
        assert store.is_persistent
        assert not store.is_system_keyring
        assert store.backend_name == "somevendor.keyring.Custom"

    @pytest.mark.parametrize(
        "error",
        [
            KeyringLocked("Failed to unlock the collection!"),
            SecretServiceNotAvailableException("gone"),
        ],
        ids=["locked", "dbus"],
    )
    def test_runtime_error_keeps_what_was_set_this_run(self, error: Exception) -> None:
        backend = FlakyBackend(error)
        store = CredentialStore(backend=backend)
        heard: list[str] = []
        store.add_status_listener(heard.append)
        store.set("Show", SecretField.CUSTOMER_ID, "cid")
        backend.set_password("recorder-gui/Show", "customer_secret", "read-before")
        assert store.get("Show", SecretField.CUSTOMER_SECRET) == "read-before"
        assert store.is_persistent
        backend.broken = True
        store.set("Show", SecretField.APP_CERTIFICATE, SECRET)
        assert not store.is_persistent
        assert store.backend_name == "memory"
        assert heard == [store.status_sentence]
        assert "stopped working" in store.status_sentence
        assert type(error).__name__ in store.status_sentence
        assert store.get("Show", SecretField.CUSTOMER_ID) == "cid"
        assert store.get("Show", SecretField.CUSTOMER_SECRET) == "read-before"
        assert store.get("Show", SecretField.APP_CERTIFICATE) == SECRET
        store.delete("Show", SecretField.CUSTOMER_ID)
        assert not store.has("Show", SecretField.CUSTOMER_ID)

    def test_error_on_get_falls_back(self) -> None:
        backend = FlakyBackend(KeyringLocked("locked"))
        store = CredentialStore(backend=backend)
        backend.broken = True
        assert store.get_optional("Show", SecretField.CUSTOMER_ID) is None
        assert not store.is_persistent

    def test_error_on_delete_falls_back(self) -> None:
        backend = FlakyBackend(KeyringLocked("locked"))
        store = CredentialStore(backend=backend)
        store.set("Show", SecretField.CUSTOMER_ID, "x")
        backend.broken = True
        store.delete("Show", SecretField.CUSTOMER_ID)
        assert not store.is_persistent
        assert not store.has("Show", SecretField.CUSTOMER_ID)


def test_no_secret_in_repr_status_exceptions_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = CredentialStore(backend=LeakyLockedBackend())
    store.set("Show", SecretField.CUSTOMER_SECRET, SECRET)
    texts = [
        repr(store),
        str(store),
        store.status_sentence,
        str(store.fallback_reason),
        caplog.text,
        repr(store._memory),
    ]
    with pytest.raises(MissingSecretError) as info:
        store.get("Show", SecretField.STORAGE_SECRET_KEY)
    texts += [str(info.value), repr(info.value)]
    with pytest.raises(ValueError, match="cannot be used") as bad:
        store.set("a/b", SecretField.CUSTOMER_SECRET, SECRET)
    texts += [str(bad.value)]
    assert store.get("Show", SecretField.CUSTOMER_SECRET) == SECRET
    for text in texts:
        assert SECRET not in text
    assert "***" in store.status_sentence
