"""Secrets in the OS keyring, one keyring service per profile, with a visible in-memory fallback.

Where no usable keyring exists (keyring's ``fail`` backend, a locked keyring, a D-Bus error,
the plaintext ``keyrings.alt`` backends), secrets are kept in memory for this run only and
``status_sentence`` says so. Nothing here ever writes a secret to a file, a log or a message.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from enum import StrEnum

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import PasswordDeleteError

from recorder_gui.api.observers import Observers
from recorder_gui.store.names import check_profile_name

__all__ = [
    "SERVICE_PREFIX",
    "CredentialError",
    "CredentialStore",
    "MemoryBackend",
    "MissingSecretError",
    "SecretField",
    "service_name",
]

log = logging.getLogger(__name__)

SERVICE_PREFIX = "recorder-gui/"

_SYSTEM_BACKENDS = {
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "libsecret",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}
_MEMORY_NAME = "memory"


class SecretField(StrEnum):
    """The secrets a profile can hold; the value is the keyring user name."""

    CUSTOMER_ID = "customer_id"
    CUSTOMER_SECRET = "customer_secret"
    STORAGE_ACCESS_KEY = "storage_access_key"
    STORAGE_SECRET_KEY = "storage_secret_key"
    STORAGE_STS_TOKEN = "storage_sts_token"
    APP_CERTIFICATE = "app_certificate"
    CALLBACK_SECRET = "callback_secret"
    RELAY_TOKEN = "relay_token"

    @property
    def label(self) -> str:
        """A name for people, e.g. ``"Customer Secret"``."""
        return _LABELS[self]


_LABELS = {
    SecretField.CUSTOMER_ID: "Customer ID",
    SecretField.CUSTOMER_SECRET: "Customer Secret",
    SecretField.STORAGE_ACCESS_KEY: "storage access key",
    SecretField.STORAGE_SECRET_KEY: "storage secret key",
    SecretField.STORAGE_STS_TOKEN: "storage STS token",
    SecretField.APP_CERTIFICATE: "App Certificate",
    SecretField.CALLBACK_SECRET: "callback (NCS) secret",
    SecretField.RELAY_TOKEN: "relay read token",
}


def service_name(profile: str) -> str:
    """The keyring service that holds a profile's secrets."""
    return SERVICE_PREFIX + check_profile_name(profile)


class CredentialError(Exception):
    """Base of the credential store's errors."""


class MissingSecretError(CredentialError, LookupError):
    """A secret the caller needs is not stored for this profile."""

    def __init__(self, profile: str, field: SecretField) -> None:
        self.profile = profile
        self.field = field
        super().__init__(
            f"The {field.label} of profile {profile!r} is not set; "
            f"enter it in the profile's credentials."
        )


class MemoryBackend(KeyringBackend):
    """A keyring that lives in this process only (fallback, demo mode and unit tests).

    Its negative priority keeps keyring from ever choosing it by itself.
    """

    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._items: dict[tuple[str, str], str] = {}

    def __repr__(self) -> str:
        return f"<MemoryBackend with {len(self._items)} item(s)>"

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self._items[(service, username)]
        except KeyError:
            raise PasswordDeleteError("No such password") from None

    def services(self) -> set[str]:
        """The services holding at least one item (for tests and diagnostics)."""
        return {service for service, _ in self._items}


def _module(backend: KeyringBackend) -> str:
    return type(backend).__module__


def _unusable_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold our secrets, or None if it may."""
    if isinstance(backend, fail.Keyring):
        return "no keyring backend was found"
    members = list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else [backend]
    if not members:
        return "no keyring backend was found"
    for member in members:
        if _module(member).startswith("keyrings.alt"):
            return "the only keyring found (keyrings.alt) would write secrets to a file"
    return None


def _backend_label(backend: KeyringBackend) -> str:
    if type(backend) is MemoryBackend:
        return _MEMORY_NAME
    if isinstance(backend, chainer.ChainerBackend):
        return " + ".join(_backend_label(b) for b in backend.backends)
    return _SYSTEM_BACKENDS.get(_module(backend), f"{_module(backend)}.{type(backend).__name__}")


def _is_system(backend: KeyringBackend) -> bool:
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends) and all(_is_system(b) for b in backend.backends)
    return _module(backend) in _SYSTEM_BACKENDS


def _describe(exc: BaseException, secret: str | None) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if secret:
        text = text.replace(secret, "***")
    return text


class CredentialStore:
    """Per-profile secrets: get, set, delete, rename and delete a whole profile.

    ``backend`` defaults to keyring's active backend. Every value set or read this run is
    also remembered in memory, so a keyring that locks or disappears mid-run costs nothing
    already entered; from then on secrets live in memory only and ``status_sentence`` says so.
    """

    def __init__(self, *, backend: KeyringBackend | None = None) -> None:
        self._lock = threading.RLock()
        self._memory = MemoryBackend()
        self._listeners: Observers[str] = Observers("keyring status")
        self._fallback_reason: str | None = None
        chosen = backend if backend is not None else keyring.get_keyring()
        self._backend: KeyringBackend | None = None
        if type(chosen) is MemoryBackend:
            self._memory = chosen
            return
        reason = _unusable_reason(chosen)
        if reason is None:
            reason = self._probe(chosen)
        if reason is None:
            self._backend = chosen
        else:
            self._fallback_reason = reason
            log.warning("No usable keyring (%s); secrets are kept in memory this run.", reason)

    @staticmethod
    def _probe(backend: KeyringBackend) -> str | None:
        try:
            backend.get_password(SERVICE_PREFIX + "probe", "probe")
        except Exception as exc:  # any backend failure means: do not use it
            return f"{_backend_label(backend)} did not answer: {_describe(exc, None)}"
        return None

    def __repr__(self) -> str:
        return f"CredentialStore(backend={self.backend_name!r}, persistent={self.is_persistent})"

    # -- status -------------------------------------------------------------------------

    @property
    def backend_name(self) -> str:
        """The backend actually holding secrets now, e.g. ``"Secret Service"`` or ``"memory"``."""
        with self._lock:
            return _backend_label(self._backend) if self._backend else _MEMORY_NAME

    @property
    def is_system_keyring(self) -> bool:
        """True while secrets go to an OS keyring (Secret Service, Keychain, ...)."""
        with self._lock:
            return self._backend is not None and _is_system(self._backend)

    @property
    def is_persistent(self) -> bool:
        """True while secrets outlive this run."""
        with self._lock:
            return self._backend is not None

    @property
    def fallback_reason(self) -> str | None:
        """Why secrets are in memory although a keyring was wanted; None otherwise."""
        with self._lock:
            return self._fallback_reason

    @property
    def status_sentence(self) -> str:
        """One sentence for the UI saying where secrets are kept."""
        with self._lock:
            if self._backend is not None:
                if _is_system(self._backend):
                    return f"Secrets are kept in the system keyring ({self.backend_name})."
                return f"Secrets are kept in the keyring backend {self.backend_name}."
            if self._fallback_reason is None:
                return (
                    "Secrets are kept in memory for this run only (demo mode) "
                    "and will be forgotten when you quit."
                )
            return (
                f"No system keyring is available ({self._fallback_reason}): secrets are kept "
                "in memory and will be forgotten when you quit."
            )

    def add_status_listener(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call ``callback(status_sentence)`` whenever the store falls back to memory; returns
        the function that removes it."""
        return self._listeners.subscribe(callback)

    def _fall_back(self, exc: BaseException, secret: str | None) -> None:
        assert self._backend is not None
        label = _backend_label(self._backend)
        self._fallback_reason = f"{label} stopped working: {_describe(exc, secret)}"
        self._backend = None
        log.warning("Keyring failed (%s); secrets are kept in memory from now on.", label)
        self._listeners.notify(self.status_sentence)

    # -- single secrets -----------------------------------------------------------------

    def get(self, profile: str, field: SecretField) -> str:
        """The secret, or MissingSecretError naming the profile and the field."""
        value = self.get_optional(profile, field)
        if value is None:
            raise MissingSecretError(profile, field)
        return value

    def get_optional(self, profile: str, field: SecretField) -> str | None:
        """The secret, or None when it is not stored."""
        service = service_name(profile)
        user = SecretField(field).value
        with self._lock:
            if self._backend is not None:
                try:
                    value = self._backend.get_password(service, user)
                except Exception as exc:  # locked keyring, D-Bus error, ...
                    self._fall_back(exc, None)
                else:
                    if value is None:
                        self._forget(service, user)
                    else:
                        self._memory.set_password(service, user, value)
                    return value
            return self._memory.get_password(service, user)

    def has(self, profile: str, field: SecretField) -> bool:
        """True when the secret is stored."""
        return self.get_optional(profile, field) is not None

    def set(self, profile: str, field: SecretField, value: str) -> None:
        """Store a secret (surrounding whitespace from pasting is removed)."""
        service = service_name(profile)
        field = SecretField(field)
        if not isinstance(value, str):
            raise TypeError(f"The {field.label} must be text, not {type(value).__name__}.")
        value = value.strip()
        if not value:
            raise ValueError(f"The {field.label} is empty; to remove it, delete it instead.")
        with self._lock:
            if self._backend is not None:
                try:
                    self._backend.set_password(service, field.value, value)
                except Exception as exc:
                    self._fall_back(exc, value)
            self._memory.set_password(service, field.value, value)
        log.info("Stored the %s of profile %r in %s.", field.label, profile, self.backend_name)

    def delete(self, profile: str, field: SecretField) -> None:
        """Remove a secret; removing one that is not stored is not an error."""
        service = service_name(profile)
        user = SecretField(field).value
        with self._lock:
            if self._backend is not None:
                try:
                    self._backend.delete_password(service, user)
                except PasswordDeleteError:
                    pass  # already absent
                except Exception as exc:
                    self._fall_back(exc, None)
            self._forget(service, user)

    def _forget(self, service: str, user: str) -> None:
        with contextlib.suppress(PasswordDeleteError):
            self._memory.delete_password(service, user)

    # -- whole profiles -----------------------------------------------------------------

    def stored_fields(self, profile: str) -> list[SecretField]:
        """The fields this profile has a secret for."""
        return [field for field in SecretField if self.has(profile, field)]

    def copy_profile(self, source: str, target: str) -> None:
        """Make ``target`` hold exactly the secrets of ``source`` (used by duplicate)."""
        check_profile_name(target)
        for field in SecretField:
            value = self.get_optional(source, field)
            if value is None:
                self.delete(target, field)
            else:
                self.set(target, field, value)

    def rename_profile(self, old: str, new: str) -> None:
        """Move every secret of ``old`` to ``new``; ``old`` keeps nothing."""
        if old == new:
            return
        self.copy_profile(old, new)
        self.delete_profile(old)

    def delete_profile(self, profile: str) -> None:
        """Remove every secret of ``profile``."""
        for field in SecretField:
            self.delete(profile, field)
