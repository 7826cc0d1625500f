"""Command line: ``recorder-gui-relay`` receives NCS callbacks and serves them until stopped.

Secrets come from the environment only (never arguments, which other users can see in the
process list): ``RECORDER_RELAY_NCS_SECRET`` and ``RECORDER_RELAY_TOKEN``; with
``--allow-ncs-ips`` also ``RECORDER_RELAY_CUSTOMER_ID``/``RECORDER_RELAY_CUSTOMER_SECRET``.
See docs/relay.md.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from recorder_gui.asgi_thread import is_loopback
from recorder_gui.relay.config import (
    DEFAULT_RETENTION_DAYS,
    NCS_IP_URL,
    ConfigError,
    default_db,
    ip_list_from_env,
    secrets_from_env,
)
from recorder_gui.relay.server import RelayServer, RelayServerError

PROG = "recorder-gui-relay"


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of days, 1 or more")
    return int(text)


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError("must be a port number from 0 to 65535")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Receives Agora NCS callbacks over HTTPS, verifies and stores them, and "
        "serves them to recorder-gui panels. Secrets come from the environment: "
        "RECORDER_RELAY_NCS_SECRET (from Agora Console) and RECORDER_RELAY_TOKEN (for panels).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_port, default=8787, help="port (default 8787)")
    parser.add_argument(
        "--db",
        default=None,
        help="a SQLite file path or a postgresql:// URL (default: relay.sqlite3 in the "
        "platform data dir)",
    )
    parser.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate")
    parser.add_argument("--tls-key", metavar="FILE", help="the certificate's private key")
    parser.add_argument(
        "--retention-days",
        type=_days,
        default=DEFAULT_RETENTION_DAYS,
        help=f"keep events this many days (default {DEFAULT_RETENTION_DAYS})",
    )
    parser.add_argument(
        "--allow-ncs-ips",
        action="store_true",
        help="accept /ncs only from Agora's NCS addresses (fetched at start and daily; needs "
        "RECORDER_RELAY_CUSTOMER_ID and RECORDER_RELAY_CUSTOMER_SECRET)",
    )
    parser.add_argument("--ncs-ip-url", default=NCS_IP_URL, help=argparse.SUPPRESS)
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        metavar="IPS",
        help="proxies whose X-Forwarded-For is trusted (comma-separated; default 127.0.0.1)",
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    return parser


@contextlib.contextmanager
def _log_to_stderr(level: str) -> Iterator[None]:
    logger = logging.getLogger("recorder_gui.relay")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@contextlib.contextmanager
def _stop_on_sigterm(waiter: threading.Event) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: waiter.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(sentence: str) -> int:
    sys.stderr.write(f"{PROG}: {sentence}\n")
    return 2


def _server(args: argparse.Namespace, environ: Mapping[str, str]) -> RelayServer:
    """:class:`ConfigError`/:class:`RelayServerError` for anything that cannot work."""
    ncs_secret, read_token = secrets_from_env(environ)
    if (args.tls_cert is None) != (args.tls_key is None):
        raise ConfigError("--tls-cert and --tls-key go together.")
    for name in (args.tls_cert, args.tls_key):
        if name is not None and not Path(name).is_file():
            raise ConfigError(f"The TLS file {name} does not exist.")
    ip_list = ip_list_from_env(environ, args.ncs_ip_url) if args.allow_ncs_ips else None
    return RelayServer(
        ncs_secret=ncs_secret,
        read_token=read_token,
        db=args.db or default_db(),
        host=args.host,
        port=args.port,
        retention_days=args.retention_days,
        ip_list=ip_list,
        tls_certfile=args.tls_cert,
        tls_keyfile=args.tls_key,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    stop_event: threading.Event | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    env = os.environ if environ is None else environ
    waiter = stop_event if stop_event is not None else threading.Event()
    # SIGTERM is handled from before the server answers, so a supervisor that stops it as soon
    # as /healthz is up still gets a clean stop.
    with _log_to_stderr(args.log_level), _stop_on_sigterm(waiter):
        try:
            server = _server(args, env)
            server.start()
        except (ConfigError, RelayServerError) as err:
            return _fail(str(err))
        scheme_note = ""
        if not args.tls_cert and not is_loopback(args.host):
            scheme_note = " (plain HTTP: NCS calls HTTPS only, put a TLS proxy in front)"
        sys.stdout.write(
            f"{PROG} on {server.url}{scheme_note}; NCS posts to {server.url}/ncs; "
            f"database: {server.db_kind} {server.db}\n"
        )
        sys.stdout.flush()
        try:
            while not waiter.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
