"""The relay's settings: secrets from the environment only, the database, retention, limits.

Secrets are held in :class:`Secret`, whose ``repr``/``str`` never show the value, so no log
line, exception or dataclass repr can print one by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

NCS_SECRET_ENV = "RECORDER_RELAY_NCS_SECRET"
READ_TOKEN_ENV = "RECORDER_RELAY_TOKEN"
CUSTOMER_ID_ENV = "RECORDER_RELAY_CUSTOMER_ID"
CUSTOMER_SECRET_ENV = "RECORDER_RELAY_CUSTOMER_SECRET"
#: The app's own data-dir override (tests and portable installs use it).
DATA_DIR_ENV = "RECORDER_GUI_DATA_DIR"

NCS_IP_URL = "https://api.agora.io/v1/ncs/ip"
MAX_BODY_BYTES = 1024 * 1024
DEFAULT_RETENTION_DAYS = 30
DAY_SECONDS = 24 * 3600.0


class ConfigError(ValueError):
    """A setting that cannot be used; the message is a plain sentence without any secret."""


class Secret:
    """A secret string that never shows itself; ``reveal()`` is the only way to read it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


@dataclass(frozen=True)
class IpListSource:
    """Where and how the NCS address allow-list is fetched (``--allow-ncs-ips``)."""

    customer_id: Secret
    customer_secret: Secret
    url: str = NCS_IP_URL
    refresh_seconds: float = DAY_SECONDS
    timeout: float = 10.0


@dataclass(frozen=True, repr=False)
class RelayConfig:
    ncs_secret: Secret
    read_token: Secret
    db: str
    retention_days: float = DEFAULT_RETENTION_DAYS
    prune_interval: float = DAY_SECONDS
    ip_list: IpListSource | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    body_timeout: float = 10.0
    max_wait: float = 30.0

    def __post_init__(self) -> None:
        if not self.ncs_secret:
            raise ConfigError("The NCS secret is empty.")
        if not self.read_token:
            raise ConfigError("The read token is empty.")
        if self.ncs_secret == self.read_token:
            raise ConfigError("The read token must differ from the NCS secret.")
        if not self.retention_days > 0:
            raise ConfigError("The retention must be more than 0 days.")
        if not self.db:
            raise ConfigError("The database is empty.")

    def __repr__(self) -> str:
        """Without secrets, and with the database URL's password left out."""
        return (
            f"RelayConfig(db={describe_db(self.db)!r}, retention_days={self.retention_days!r}, "
            f"allow_ncs_ips={self.ip_list is not None})"
        )


def default_db() -> str:
    """``relay.sqlite3`` in the platform data dir (``RECORDER_GUI_DATA_DIR`` overrides)."""
    override = os.environ.get(DATA_DIR_ENV)
    folder = (
        Path(override).expanduser()
        if override
        else Path(platformdirs.user_data_dir("recorder-gui", appauthor=False))
    )
    return str(folder / "relay.sqlite3")


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def describe_db(db: str) -> str:
    """The database for people: a path, or a PostgreSQL URL without its password."""
    if not is_postgres(db):
        return db
    parts = urlsplit(db)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, f"{user}{host}", parts.path, "", ""))


def secrets_from_env(environ: Mapping[str, str]) -> tuple[Secret, Secret]:
    """(NCS secret, read token) from the environment, or a :class:`ConfigError` naming both."""
    missing = [name for name in (NCS_SECRET_ENV, READ_TOKEN_ENV) if not environ.get(name)]
    if missing:
        raise ConfigError(
            "The relay needs its secrets in the environment: set "
            + " and ".join(missing)
            + " (never on the command line)."
        )
    return Secret(environ[NCS_SECRET_ENV]), Secret(environ[READ_TOKEN_ENV])


def ip_list_from_env(environ: Mapping[str, str], url: str = NCS_IP_URL) -> IpListSource:
    missing = [name for name in (CUSTOMER_ID_ENV, CUSTOMER_SECRET_ENV) if not environ.get(name)]
    if missing:
        raise ConfigError(
            "--allow-ncs-ips needs the Agora RESTful credentials in the environment: set "
            + " and ".join(missing)
            + "."
        )
    return IpListSource(
        customer_id=Secret(environ[CUSTOMER_ID_ENV]),
        customer_secret=Secret(environ[CUSTOMER_SECRET_ENV]),
        url=url,
    )
