"""Settings of one emulator instance: credentials, App IDs, quotas and timing rules."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from recorder_gui.emulator.regions import WORKER_REGIONS

DEMO_CUSTOMER_ID = "demo-customer-id"
DEMO_CUSTOMER_SECRET = "demo-customer-secret"
#: Largest request body accepted (413 above it); real requests are a few kB.
MAX_BODY_BYTES = 1 << 20
#: Request history bound, in wire bytes of the stored requests and responses.
HISTORY_MAX_BYTES = 2 << 20
#: ``rate_limit_scope`` values (docs/api-notes.md, "Rate limits"): per customer ID or App ID.
RATE_LIMIT_SCOPES = ("account", "app")
StorageKeys = frozenset[tuple[str, str]]
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")


def _demo_credentials() -> dict[str, str]:
    return {DEMO_CUSTOMER_ID: DEMO_CUSTOMER_SECRET}


@dataclass
class EmulatorConfig:
    """Mutable at run time (e.g. ``emulator.config.rate_limit_per_second = None``)."""

    credentials: dict[str, str] = field(default_factory=_demo_credentials, repr=False)
    app_ids: set[str] | None = None
    #: App Certificate of every App ID (None: no token is checked); ``app_certificates`` wins
    #: for the App IDs it names. With a certificate, starts are still accepted, but the bot
    #: joins only with a valid AccessToken2, else the task dies (see ``silent_failures``).
    app_certificate: str | None = field(default=None, repr=False)
    app_certificates: dict[str, str] = field(default_factory=dict, repr=False)
    #: The storage (accessKey, secretKey) pairs that work; None: any pair works.
    storage_keys: StorageKeys | None = field(default=None, repr=False)
    rate_limit_per_second: int | None = 10
    #: "account": one budget for all App IDs of a customer ID; "app": one per App ID.
    rate_limit_scope: str = "account"
    max_concurrent_tasks: int | None = 50
    #: Worker regions acquire may place a task in, nearest first (``regions.place``).
    worker_regions: tuple[str, ...] = WORKER_REGIONS
    status_step_seconds: float = 1.0
    slice_seconds: float = 15.0
    exiting_seconds: float = 3.0
    resource_ttl_seconds: float = 300.0
    ha_window_seconds: float = 90.0
    #: A bot whose token is refused gives up this long after start (the task then dies).
    join_failure_seconds: float = 3.0
    #: A task whose storage refuses the uploads records this long, then dies.
    storage_failure_seconds: float = 15.0
    resource_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_body_bytes: int = MAX_BODY_BYTES
    history_max_bytes: int = HISTORY_MAX_BYTES
    #: When set, every /_emulator request needs ``Authorization: Bearer <control_token>``.
    control_token: str | None = field(default=None, repr=False)
    #: NCS receiver every event is POSTed to (``Emulator.enable_ncs``); its secret is given to
    #: the Emulator apart and never kept here.
    ncs_url: str | None = field(default=None, repr=False)  # may carry user info or a key
    #: Seconds a receiver has to answer 200, and the delays before each resend (at most 3).
    ncs_ack_timeout: float = 10.0
    ncs_retry_delays: tuple[float, ...] = (0.0, 1.0, 3.0)

    def __post_init__(self) -> None:
        check_certificate(self.app_certificate)
        for certificate in self.app_certificates.values():
            check_certificate(certificate)
        check_scope(self.rate_limit_scope)

    def certificate_for(self, appid: str) -> str | None:
        """The App Certificate enabled for ``appid``, or None (tokens are not checked)."""
        return self.app_certificates.get(appid, self.app_certificate)


def check_certificate(value: object) -> None:
    if value is not None and not (isinstance(value, str) and _HEX32.fullmatch(value)):
        raise ValueError("an App Certificate is 32 hexadecimal characters")


def check_scope(value: object) -> None:
    if value not in RATE_LIMIT_SCOPES:
        raise ValueError(f"rate_limit_scope must be one of {list(RATE_LIMIT_SCOPES)}")


def parse_storage_key(text: str) -> tuple[str, str]:
    """``ACCESS:SECRET`` (split at the first colon) as an (accessKey, secretKey) pair."""
    access, sep, secret = text.partition(":")
    if not sep or not access or not secret:
        raise ValueError("a storage key pair is written ACCESS:SECRET")
    return access, secret


#: What the control API may change at run time (``POST /_emulator/config``).
SETTABLE = (
    "app_certificate",
    "app_certificates",
    "storage_keys",
    "rate_limit_scope",
    "rate_limit_per_second",
)
_MASK = "***"


def config_view(cfg: EmulatorConfig) -> dict[str, Any]:
    """The settable fields, secrets masked (a certificate or key pair shows as "***")."""
    keys = None if cfg.storage_keys is None else [_MASK] * len(cfg.storage_keys)
    return {
        "app_certificate": None if cfg.app_certificate is None else _MASK,
        "app_certificates": dict.fromkeys(sorted(cfg.app_certificates), _MASK),
        "storage_keys": keys,
        "rate_limit_scope": cfg.rate_limit_scope,
        "rate_limit_per_second": cfg.rate_limit_per_second,
    }


def update_config(cfg: EmulatorConfig, data: dict[str, Any]) -> None:
    """Apply the given settable fields (all checked before any is applied); ValueError if bad.

    ``storage_keys``: null (any pair works) or a list of "ACCESS:SECRET" strings or of
    ``{"accessKey", "secretKey"}`` objects. ``app_certificates``: App ID -> certificate, null
    removing one.
    """
    unknown = sorted(set(data) - set(SETTABLE))
    if unknown:
        raise ValueError(f"unknown config fields: {unknown} (settable: {list(SETTABLE)})")
    changes: dict[str, Any] = {}
    if "app_certificate" in data:
        check_certificate(data["app_certificate"])
        changes["app_certificate"] = data["app_certificate"]
    if "app_certificates" in data:
        given = data["app_certificates"]
        if not isinstance(given, dict):
            raise ValueError("app_certificates must map App IDs to certificates")
        merged = dict(cfg.app_certificates)
        for appid, certificate in given.items():
            check_certificate(certificate)
            if certificate is None:
                merged.pop(appid, None)
            else:
                merged[str(appid)] = certificate
        changes["app_certificates"] = merged
    if "storage_keys" in data:
        changes["storage_keys"] = _storage_keys(data["storage_keys"])
    if "rate_limit_scope" in data:
        check_scope(data["rate_limit_scope"])
        changes["rate_limit_scope"] = data["rate_limit_scope"]
    if "rate_limit_per_second" in data:
        limit = data["rate_limit_per_second"]
        bad = isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        if limit is not None and bad:
            raise ValueError("rate_limit_per_second must be a positive integer or null")
        changes["rate_limit_per_second"] = limit
    for name, value in changes.items():
        setattr(cfg, name, value)


def _storage_keys(value: object) -> StorageKeys | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("storage_keys must be null or a list of key pairs")
    pairs: set[tuple[str, str]] = set()
    for item in value:
        if isinstance(item, str):
            pairs.add(parse_storage_key(item))
        elif isinstance(item, dict) and set(item) == {"accessKey", "secretKey"}:
            access, secret = item["accessKey"], item["secretKey"]
            if not (isinstance(access, str) and access and isinstance(secret, str) and secret):
                raise ValueError("accessKey and secretKey must be non-empty strings")
            pairs.add((access, secret))
        else:
            raise ValueError('a storage key pair is "ACCESS:SECRET" or {accessKey, secretKey}')
    return frozenset(pairs)
