"""Client fixtures: a real client over loopback HTTP to the emulator, with recorded waits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from recorder_gui.api import CloudRecordingClient, RetryPolicy
from recorder_gui.emulator import EmulatorServer
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

#: Jitter off so tests can assert the exact documented waits.
EXACT = RetryPolicy(jitter=0.0)


class Waits:
    """Stands in for asyncio.sleep: records each wait instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(round(seconds, 3))


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest_asyncio.fixture
async def client(
    emulator_server: EmulatorServer, waits: Waits
) -> AsyncIterator[CloudRecordingClient]:
    async with CloudRecordingClient(
        DEMO_APP_ID,
        DEMO_CUSTOMER_ID,
        DEMO_CUSTOMER_SECRET,
        base_urls=[emulator_server.url],
        retry=EXACT,
        sleep=waits,
        timeout=2.0,
    ) as c:
        yield c
