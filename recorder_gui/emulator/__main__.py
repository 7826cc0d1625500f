"""Command line: ``recorder-gui-emulator`` serves the emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence

from recorder_gui import distribution_version
from recorder_gui.emulator.config import (
    DEMO_CUSTOMER_ID,
    DEMO_CUSTOMER_SECRET,
    RATE_LIMIT_SCOPES,
    EmulatorConfig,
    check_certificate,
    parse_storage_key,
)
from recorder_gui.emulator.emulator import Emulator
from recorder_gui.emulator.ncs_sender import public_url
from recorder_gui.emulator.server import EmulatorServer, EmulatorServerError

DEMO_APP_ID = "0123456789abcdef0123456789abcdef"
CONTROL_TOKEN_ENV = "RECORDER_EMULATOR_CONTROL_TOKEN"
NCS_SECRET_ENV = "RECORDER_EMULATOR_NCS_SECRET"


def _certificate(text: str) -> str:
    try:
        check_certificate(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _storage_key(text: str) -> tuple[str, str]:
    try:
        return parse_storage_key(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recorder-gui-emulator",
        description="Local emulator of the Agora Cloud Recording REST API (loopback only).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--customer-id", default=DEMO_CUSTOMER_ID)
    parser.add_argument("--customer-secret", default=DEMO_CUSTOMER_SECRET)
    parser.add_argument("--app-id", action="append", help="allow only this App ID (repeatable)")
    parser.add_argument(
        "--app-certificate",
        type=_certificate,
        metavar="HEX",
        help="App Certificate (32 hex characters) of every App ID: starts are still accepted, "
        "but the recording bot joins only with a valid AccessToken2 for the App ID, channel and "
        "bot uid; otherwise the task dies a few seconds later (query 404, NCS events)",
    )
    parser.add_argument(
        "--storage-keys",
        action="append",
        type=_storage_key,
        metavar="ACCESS:SECRET",
        help="a storage key pair that works (repeatable); a start with any other pair is "
        "accepted, uploads nothing and dies about 15 s later (default: every pair works)",
    )
    parser.add_argument("--no-rate-limit", action="store_true", help="no 10 requests/s limit")
    parser.add_argument(
        "--rate-limit-scope",
        choices=RATE_LIMIT_SCOPES,
        default="account",
        help="account: one 10 requests/s budget for all App IDs of a customer ID (default); "
        "app: one budget per App ID",
    )
    parser.add_argument(
        "--control-token",
        default=os.environ.get(CONTROL_TOKEN_ENV) or None,
        metavar="TOKEN",
        help=f"/_emulator requests need 'Authorization: Bearer TOKEN' (env {CONTROL_TOKEN_ENV})",
    )
    parser.add_argument(
        "--ncs-url",
        metavar="URL",
        help="POST every NCS callback (event) to this http(s) URL, signed like Agora's with "
        f"the secret in the environment variable {NCS_SECRET_ENV}",
    )
    parser.add_argument(
        "--demo-channel",
        action="append",
        default=[],
        metavar="CNAME",
        help="a channel whose users come and go by themselves (repeatable)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {distribution_version()}")
    return parser


def main(argv: Sequence[str] | None = None, *, stop_event: threading.Event | None = None) -> int:
    args = build_parser().parse_args(argv)
    ncs_secret = os.environ.get(NCS_SECRET_ENV) or None
    if args.ncs_url is not None and ncs_secret is None:
        sys.stderr.write(
            f"recorder-gui-emulator: --ncs-url needs the NCS secret in the environment "
            f"variable {NCS_SECRET_ENV}.\n"
        )
        return 2
    config = EmulatorConfig(
        credentials={args.customer_id: args.customer_secret},
        app_ids=set(args.app_id) if args.app_id else None,
        rate_limit_per_second=None if args.no_rate_limit else 10,
        rate_limit_scope=args.rate_limit_scope,
        app_certificate=args.app_certificate,
        storage_keys=None if args.storage_keys is None else frozenset(args.storage_keys),
        control_token=args.control_token,
        ncs_url=args.ncs_url,
    )
    try:
        emulator = Emulator(config, ncs_secret=ncs_secret)
    except ValueError as err:  # an unusable --ncs-url
        sys.stderr.write(f"recorder-gui-emulator: {err}.\n")
        return 2
    demo_app = args.app_id[0] if args.app_id else DEMO_APP_ID
    for seed, cname in enumerate(args.demo_channel):
        emulator.simulate_channel(demo_app, cname, seed=seed)
    try:
        server = EmulatorServer(emulator, host=args.host, port=args.port)
    except EmulatorServerError as err:  # a host that is not loopback
        emulator.close()
        sys.stderr.write(f"recorder-gui-emulator: {err}\n")
        return 2
    waiter = stop_event if stop_event is not None else threading.Event()
    # A Ctrl-C anywhere from here stops cleanly: while the server starts (on a loaded machine
    # it can answer a request before start() has seen it ready), right after the first line,
    # or while waiting.
    try:
        try:
            server.start()
        except EmulatorServerError as err:
            sys.stderr.write(f"recorder-gui-emulator: {err}\n")
            return 2
        sys.stdout.write(
            f"Agora Cloud Recording emulator on {server.url} (customer id {args.customer_id!r})\n"
        )
        if args.ncs_url is not None:
            sys.stdout.write(f"NCS callbacks are POSTed to {public_url(args.ncs_url)}\n")
        sys.stdout.flush()
        while not waiter.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        emulator.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
