"""The log file records requests and never a secret, even when code logs one by mistake."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from recorder_gui.api import CloudRecordingClient
from recorder_gui.emulator import EmulatorServer
from recorder_gui.logging_setup import configure_logging, remove_logging
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET


@pytest.fixture
def log_file(private_app_dirs: Path) -> Iterator[Path]:
    path = configure_logging()
    yield path
    remove_logging()


@pytest.mark.asyncio
async def test_log_file_has_requests_and_no_secret(
    log_file: Path, emulator_server: EmulatorServer
) -> None:
    assert log_file.parent == Path(os.environ["RECORDER_GUI_LOG_DIR"])
    async with CloudRecordingClient(
        DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET, base_urls=[emulator_server.url]
    ) as client:
        await client.acquire(cname="logged", uid="5", mode="mix")
        logging.getLogger("recorder_gui.careless").warning(
            "oops, printing the secret %s", DEMO_CUSTOMER_SECRET
        )
    text = await asyncio.to_thread(log_file.read_text, encoding="utf-8")
    assert "POST http://127.0.0.1" in text
    assert "/cloud_recording/acquire -> 200" in text
    assert "request_id=" in text
    assert "oops, printing the secret ***" in text
    assert DEMO_CUSTOMER_SECRET not in text


def test_configure_is_idempotent(log_file: Path) -> None:
    configure_logging()
    marked = [h for h in logging.getLogger().handlers if getattr(h, "_recorder_gui_handler", 0)]
    assert len(marked) == 1
