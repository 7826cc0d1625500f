"""What one run owns besides the window: the engine, profiles, and in demo mode the emulator.

``demo_context`` serves the emulator on a free loopback port with a simulated channel and a
demo profile held in memory (no keyring writes, no profile files, a throw-away journal), and a
callback relay beside it that the emulator posts its signed callbacks to, as Agora would, and
(with the ``demo`` extra installed) a real S3-compatible storage on loopback, moto's server,
whose bucket the demo profile records to (vendor 11): the emulator really uploads the files;
``user_context`` uses the OS keyring, the profile store and the journal in the data dir.
Neither fails on a damaged, read-only or full disk: what it had to do instead (a journal set
aside or kept in memory, profiles it could not read) is in ``Context.notices`` for the window.
Heavy modules are imported inside the functions, after the window's first paint.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from recorder_gui.bridge import ProfileBridge
    from recorder_gui.emulator import Emulator, EmulatorServer
    from recorder_gui.recording import Journal, PollConfig, SessionManager, Timer
    from recorder_gui.relay.server import RelayServer
    from recorder_gui.store import Notice, Profile

DEMO_APP_ID = "0123456789abcdef0123456789abcdef"
DEMO_CERTIFICATE = "fedcba9876543210fedcba9876543210"
DEMO_CHANNEL = "demo-show"
DEMO_BUCKET = "demo-recordings"
DEMO_STORAGE_ACCESS_KEY = "DEMOACCESSKEY0000001"
DEMO_STORAGE_SECRET_KEY = "demo-storage-secret-key-0000000000000001"


@dataclass
class Context:
    """Everything one run owns besides the window."""

    manager: SessionManager
    profiles: ProfileBridge
    server: EmulatorServer | None = None
    relay: RelayServer | None = None
    temp: tempfile.TemporaryDirectory[str] | None = None
    default_channel: str = ""
    settings: QSettings | None = None
    closables: list[Journal] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    #: The demo's S3-compatible storage (moto's ``ThreadedMotoServer``), or None.
    storage_server: Any = None
    storage_url: str | None = None

    @property
    def manifests_dir(self) -> Path:
        """Where each recording's manifest is saved: the demo's temp dir, else the data dir."""
        if self.temp is not None:
            return Path(self.temp.name) / "manifests"
        from recorder_gui.store.paths import data_dir

        return data_dir(create=False) / "manifests"

    def close(self) -> None:
        for journal in self.closables:
            journal.close()
        if self.server is not None:
            self.server.emulator.close()  # its callbacks stop before the relay does
            self.server.stop()
        if self.relay is not None:
            self.relay.stop()
        if self.storage_server is not None:  # after the emulator: its uploads have stopped
            self.storage_server.stop()
        if self.temp is not None:
            self.temp.cleanup()


def demo_profile(
    base_url: str, relay_url: str | None = None, storage_url: str | None = None
) -> Profile:
    """The demo's profile; ``storage_url``: an S3-compatible endpoint to record to (vendor 11),
    else Amazon S3 settings the emulator only simulates."""
    from recorder_gui.store import (
        Profile,
        RecordingDefaults,
        StorageExtension,
        StorageSettings,
        TranscodingSettings,
    )

    if storage_url is not None:
        storage = StorageSettings(
            vendor=11,
            region=0,
            bucket=DEMO_BUCKET,
            file_name_prefix=["demo"],
            extension=StorageExtension(endpoint=storage_url),
        )
    else:
        storage = StorageSettings(vendor=1, region=7, bucket=DEMO_BUCKET, file_name_prefix=["demo"])
    return Profile(
        name="demo",
        app_id=DEMO_APP_ID,
        base_url=base_url,
        bot_uid="900001",
        relay_url=relay_url,
        storage=storage,
        recording=RecordingDefaults(
            max_idle_time=30,
            transcoding=TranscodingSettings(width=1280, height=720, fps=15, bitrate=1130),
        ),
    )


def demo_storage() -> tuple[Any, str]:
    """moto's S3 server on a free loopback port with the demo bucket: (server, URL).

    ImportError without the ``demo`` extra; OSError (or moto's own) when it cannot start.
    Imported by name so that a frozen build does not pull moto in.
    """
    import importlib
    import logging

    moto_server = importlib.import_module("moto.server")
    boto3 = importlib.import_module("boto3")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no log line per request
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=url,
            aws_access_key_id=DEMO_STORAGE_ACCESS_KEY,
            aws_secret_access_key=DEMO_STORAGE_SECRET_KEY,
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=DEMO_BUCKET)
    except BaseException:
        server.stop()
        raise
    return server, url


def demo_context(
    *,
    emulator: Emulator | None = None,
    timer: Timer | None = None,
    poll_config: PollConfig | None = None,
    simulate: bool = True,
    journal_path: Path | None = None,
    real_storage: bool = True,
) -> Context:
    """The emulator on a free loopback port, a demo profile in memory, a throw-away journal,
    a relay receiving the emulator's callbacks (its secret and read token made for this
    run only) and, with ``real_storage`` and the ``demo`` extra, an S3 server on loopback
    that the demo records to."""
    import secrets

    from recorder_gui.api.on_demand import OnDemandTransport
    from recorder_gui.bridge import ProfileBridge
    from recorder_gui.emulator import Emulator, EmulatorConfig, EmulatorServer
    from recorder_gui.recording import PollConfig, SessionManager, open_or_recover
    from recorder_gui.relay.server import RelayServer, RelayServerError
    from recorder_gui.store import CredentialStore, MemoryBackend, Notice, SecretField

    emu = emulator or Emulator(EmulatorConfig(status_step_seconds=0.5))
    emu.config.app_certificates[DEMO_APP_ID] = DEMO_CERTIFICATE
    if simulate:
        emu.simulate_channel(DEMO_APP_ID, DEMO_CHANNEL, seed=3, min_users=2, max_users=5)
    temp = tempfile.TemporaryDirectory(prefix="recorder-gui-demo-")
    ncs_secret, read_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    started = RelayServer(
        ncs_secret=ncs_secret, read_token=read_token, db=Path(temp.name) / "relay.sqlite3"
    )
    relay: RelayServer | None = started
    relay_notices: list[Notice] = []
    try:
        started.start()
        emu.enable_ncs(started.url + "/ncs", ncs_secret)
    except (RelayServerError, ValueError) as exc:  # the demo goes on, watched by query only
        started.stop()
        relay = None
        relay_notices.append(
            Notice("warning", f"The demo's callback relay did not start: {exc}", source="relay")
        )
    storage_server: Any = None
    storage_url: str | None = None
    if real_storage:
        try:
            storage_server, storage_url = demo_storage()
        except ImportError:  # no `demo` extra: the emulator simulates the storage
            pass
        except Exception as exc:  # the demo goes on with simulated storage
            relay_notices.append(
                Notice("warning", f"The demo's S3 storage did not start: {exc}", source="storage")
            )
    server = EmulatorServer(emu)
    try:
        server.start()
    except BaseException:
        emu.close()
        if relay is not None:
            relay.stop()
        if storage_server is not None:
            storage_server.stop()
        temp.cleanup()
        raise
    credentials = CredentialStore(backend=MemoryBackend())
    profile = demo_profile(server.url, relay.url if relay is not None else None, storage_url)
    for which, value in (
        (SecretField.CUSTOMER_ID, "demo-customer-id"),
        (SecretField.CUSTOMER_SECRET, "demo-customer-secret"),
        (SecretField.STORAGE_ACCESS_KEY, DEMO_STORAGE_ACCESS_KEY),
        (SecretField.STORAGE_SECRET_KEY, DEMO_STORAGE_SECRET_KEY),
        (SecretField.APP_CERTIFICATE, DEMO_CERTIFICATE),
        (SecretField.RELAY_TOKEN, read_token),
    ):
        credentials.set(profile.name, which, value)
    journal, notices = open_or_recover(journal_path or Path(temp.name) / "journal.sqlite3")
    manager = SessionManager(
        journal=journal,
        timer=timer,
        base_urls=[server.url],
        poll_config=poll_config or PollConfig(fast_interval=1.0, steady_interval=2.0),
        transport=OnDemandTransport(),  # the connection pool is made at the first request
    )
    profiles = ProfileBridge(credentials, None, memory_profiles=[profile])
    return Context(
        manager,
        profiles,
        server,
        relay,
        temp,
        DEMO_CHANNEL,
        closables=[journal],
        notices=relay_notices + notices,
        storage_server=storage_server,
        storage_url=storage_url,
    )


def user_context(profile_name: str | None) -> Context:
    from recorder_gui.api.on_demand import OnDemandTransport
    from recorder_gui.bridge import ProfileBridge
    from recorder_gui.recording import SessionManager, open_or_recover
    from recorder_gui.store import CredentialStore, Notice, ProfileError, ProfileStore
    from recorder_gui.store.paths import config_dir

    notices: list[Notice] = []
    credentials = CredentialStore()
    store = ProfileStore(credentials=credentials)
    if profile_name:
        try:
            store.set_last_used(profile_name)
        except ProfileError as exc:
            notices.append(Notice("warning", str(exc), source="profiles"))
    profiles = ProfileBridge(credentials, store)
    said = {n.sentence for n in notices}  # each message names its next step already
    notices += [Notice("warning", p, source="profiles") for p in profiles.problems if p not in said]
    current = profiles.current
    base_urls = [current.base_url] if current is not None and current.base_url else None
    journal, journal_notices = open_or_recover()
    notices += journal_notices
    # The connection pool (and its TLS context) is made at the first request, after start-up.
    manager = SessionManager(journal=journal, base_urls=base_urls, transport=OnDemandTransport())
    try:
        ini = config_dir() / "window.ini"
    except OSError:  # the profile notice says why; the window just forgets its size
        settings = None
    else:
        settings = QSettings(str(ini), QSettings.Format.IniFormat)
    return Context(manager, profiles, settings=settings, closables=[journal], notices=notices)
