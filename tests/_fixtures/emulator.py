"""Fixtures for the local Cloud Recording emulator: a frozen-clock ``emulator`` and a served one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.emulator.config import DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

DEMO_APP_ID = "0123456789abcdef0123456789abcdef"

__all__ = ["DEMO_APP_ID", "DEMO_CUSTOMER_ID", "DEMO_CUSTOMER_SECRET"]


@pytest.fixture
def emulator() -> Emulator:
    """A fresh emulator whose clock is frozen: tests drive time with ``clock.advance``.

    The rate limit stays at its default (10 requests/s per App ID).
    """
    emu = Emulator()
    emu.clock.freeze()
    return emu


@pytest.fixture
def emulator_server(emulator: Emulator) -> Iterator[EmulatorServer]:
    """``emulator`` served on a free loopback port for the duration of the test."""
    with EmulatorServer(emulator) as server:
        yield server
