"""``RelayServer``: the relay served by uvicorn from a daemon thread (tests, demo mode, the CLI).

``with RelayServer(ncs_secret=..., read_token=..., db=tmp / "relay.sqlite3") as relay:``
then NCS (or the emulator) posts to ``relay.url + "/ncs"`` and panels read
``relay.url + "/v1/events"``. The store is opened in the server's own event loop before the
first connection is accepted; a failure to open it (or to fetch the NCS address list) fails
:meth:`RelayServer.start` with a plain sentence.
"""

from __future__ import annotations

import os

from recorder_gui.asgi_thread import AsgiThread, ServedInThread, ServeHooks
from recorder_gui.relay.app import create_app
from recorder_gui.relay.config import (
    DAY_SECONDS,
    DEFAULT_RETENTION_DAYS,
    ConfigError,
    IpListSource,
    RelayConfig,
    Secret,
    default_db,
    describe_db,
    is_postgres,
)
from recorder_gui.relay.runtime import Relay

#: NCS asks receivers to keep connections alive at least 10 s.
KEEP_ALIVE_SECONDS = 15


class RelayServerError(RuntimeError):
    """The relay cannot start (bad settings, port in use, database or address list failure)."""


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


class RelayServer(ServedInThread):
    def __init__(
        self,
        *,
        ncs_secret: str | Secret,
        read_token: str | Secret,
        db: str | os.PathLike[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        retention_days: float = DEFAULT_RETENTION_DAYS,
        prune_interval: float = DAY_SECONDS,
        ip_list: IpListSource | None = None,
        tls_certfile: str | os.PathLike[str] | None = None,
        tls_keyfile: str | os.PathLike[str] | None = None,
        forwarded_allow_ips: str | None = None,
        body_timeout: float = 10.0,
    ) -> None:
        if not 0 <= port <= 65535:
            raise RelayServerError(f"The port must be from 0 to 65535, not {port}.")
        if (tls_certfile is None) != (tls_keyfile is None):
            raise RelayServerError("TLS needs both a certificate file and a key file.")
        try:
            self._config = RelayConfig(
                ncs_secret=_secret(ncs_secret),
                read_token=_secret(read_token),
                db=os.fspath(db) if db is not None else default_db(),
                retention_days=retention_days,
                prune_interval=prune_interval,
                ip_list=ip_list,
                body_timeout=body_timeout,
            )
        except ConfigError as err:
            raise RelayServerError(str(err)) from None
        self._relay = Relay(self._config)
        options: dict[str, object] = {"timeout_keep_alive": KEEP_ALIVE_SECONDS}
        if forwarded_allow_ips is not None:
            options["forwarded_allow_ips"] = forwarded_allow_ips
        self._thread = AsgiThread(
            lambda: create_app(self._relay),
            label="relay",
            host=host,
            port=port,
            error_type=RelayServerError,
            loopback_only=False,
            hooks=ServeHooks(
                startup=self._relay.startup,
                stopping=self._relay.stopping,
                shutdown=self._relay.shutdown,
            ),
            ssl_certfile=tls_certfile,
            ssl_keyfile=tls_keyfile,
            uvicorn_options=options,
            start_timeout=30.0 + (ip_list.timeout if ip_list is not None else 0.0),
        )

    def __repr__(self) -> str:
        return f"RelayServer(db={self.db!r})"

    @property
    def db(self) -> str:
        """The database, for people: a path, or a PostgreSQL URL without its password."""
        return describe_db(self._config.db)

    @property
    def db_kind(self) -> str:
        return "postgresql" if is_postgres(self._config.db) else "sqlite"

    @property
    def relay(self) -> Relay:
        return self._relay
