"""A faithful local emulator of the Agora Cloud Recording REST API, served over loopback HTTP."""

from recorder_gui.emulator.clock import EmulatorClock
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.emulator import Emulator, RecordedRequest
from recorder_gui.emulator.faults import Fault
from recorder_gui.emulator.server import EmulatorServer, EmulatorServerError

__all__ = [
    "Emulator",
    "EmulatorClock",
    "EmulatorConfig",
    "EmulatorServer",
    "EmulatorServerError",
    "Fault",
    "RecordedRequest",
]
