"""One whole run through every room that writes files, then a search of everything written.

Profile store, keyring fallback, pre-flight with a bot token, the engine's journal, and the
log file: none of the known secrets may appear in any file under the app's private dirs.
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import pytest

from recorder_gui.emulator import EmulatorServer
from recorder_gui.logging_setup import configure_logging, remove_logging
from recorder_gui.recording import Credentials, SessionManager, SessionState
from recorder_gui.recording.preflight import StartPlan, preflight
from recorder_gui.store import CredentialStore, MemoryBackend, Profile, ProfileStore, SecretField
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

SECRETS = {
    SecretField.CUSTOMER_ID: DEMO_CUSTOMER_ID,
    SecretField.CUSTOMER_SECRET: DEMO_CUSTOMER_SECRET,
    SecretField.STORAGE_ACCESS_KEY: "AKIA-DISK-SCAN-ACCESS-77",
    SecretField.STORAGE_SECRET_KEY: "disk-scan-storage-SECRET-5521",
    SecretField.APP_CERTIFICATE: "5CFd2fd1755d40ecb72977518be15d3b",
    SecretField.CALLBACK_SECRET: "ncs-callback-SECRET-9090",
}
APP_ID = DEMO_APP_ID


@pytest.mark.asyncio
async def test_nothing_written_holds_a_secret(
    private_app_dirs: Path, emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    emulator_server.emulator.clock.unfreeze()
    emulator_server.emulator.add_user(APP_ID, "diskscan", 101)
    log_path = configure_logging()
    try:
        store = CredentialStore(backend=MemoryBackend())
        profiles = ProfileStore(credentials=store)
        profile = Profile.model_validate(
            {
                "name": "scan",
                "app_id": APP_ID,
                "base_url": emulator_server.url,
                "storage": {"vendor": 1, "region": 7, "bucket": "rec", "file_name_prefix": ["x"]},
            }
        )
        profiles.save(profile)
        for field, value in SECRETS.items():
            store.set("scan", field, value)
        profiles.duplicate("scan", "scan copy")
        profiles.export_profile("scan", private_app_dirs / "exported.json")
        plan = StartPlan.from_profile(profile, "diskscan", planned_seconds=3600)
        checked = preflight(plan, profile, store)
        assert checked.ok, checked.problems
        assert checked.token_built
        assert checked.config is not None
        token = checked.config.token
        assert token is not None
        async with SessionManager(base_urls=[emulator_server.url], rate_limit=None) as manager:
            session = await manager.start_session(
                app_id=APP_ID,
                credentials=Credentials(DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET),
                cname="diskscan",
                uid=profile.bot_uid,
                mode="mix",
                start_config=checked.config,
                profile="scan",
            )
            assert session.sid is not None
            await session.stop()
            assert session.state is SessionState.STOPPED
    finally:
        remove_logging()
    basic = base64.b64encode(f"{DEMO_CUSTOMER_ID}:{DEMO_CUSTOMER_SECRET}".encode()).decode()
    needles = [v for f, v in SECRETS.items() if f is not SecretField.CUSTOMER_ID]
    needles += [basic, token.get_secret_value()]
    names, leaks = await asyncio.to_thread(scan, private_app_dirs, needles)
    assert log_path.name in names  # the log was written
    assert any(n.endswith(".json") for n in names)  # profiles were written
    assert any("journal" in n for n in names)  # the journal was written
    assert leaks == []


def scan(root: Path, needles: list[str]) -> tuple[list[str], list[str]]:
    """Names of the non-empty files under root, and 'secret-prefix in file' for each leak."""
    names, leaks = [], []
    for path in root.rglob("*"):
        if path.is_file() and path.stat().st_size:
            names.append(path.name)
            data = path.read_bytes()
            leaks += [f"{n[:6]}... in {path.name}" for n in needles if n.encode() in data]
    return names, leaks
