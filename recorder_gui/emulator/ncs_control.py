"""Turning NCS delivery on and off at run time (a mixin of ``emulator.Emulator``).

The secret lives in the ``NcsSender`` only: never in ``EmulatorConfig``, a repr, a log line or
anything the control API exports.
"""

from __future__ import annotations

import threading
from typing import Any

from recorder_gui.emulator.clock import EmulatorClock
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.ncs_sender import NcsSender, public_url
from recorder_gui.emulator.world import World


class NcsControls:
    """``enable_ncs``/``disable_ncs``/``close`` and inspection of the deliveries."""

    config: EmulatorConfig
    clock: EmulatorClock
    _lock: threading.RLock
    world: World

    def enable_ncs(self, url: str, secret: str) -> None:
        """POST every event emitted from now on to ``url`` (http:// or https://), signed with
        ``secret`` (both Agora signature headers), like Agora's NCS.

        Timing comes from ``config.ncs_ack_timeout`` and ``config.ncs_retry_delays``. Replaces
        a receiver set before (whose undelivered events are dropped). Sets ``config.ncs_url``;
        the secret is kept by the sender only. ValueError (a plain sentence) when the URL, the
        secret or the timing is unusable. Call ``close`` (or ``disable_ncs``) when done.
        """
        sender = NcsSender(
            url,
            secret,
            clock=self.clock.now,
            ack_timeout=self.config.ncs_ack_timeout,
            retry_delays=tuple(self.config.ncs_retry_delays),
        )
        with self._lock:
            old, self.world.sender = self.world.sender, sender
            self.config.ncs_url = url
        if old is not None:
            old.close()

    def disable_ncs(self) -> None:
        """Stop sending events (what is still undelivered is dropped); joins the sender's thread.

        The in-memory event log goes on. Safe to call when NCS is off.
        """
        with self._lock:
            old, self.world.sender = self.world.sender, None
            self.config.ncs_url = None
        if old is not None:
            old.close()

    def close(self) -> None:
        """Release what the emulator runs besides its state: stops NCS delivery (its thread and
        HTTP client). The emulator stays usable; ``enable_ncs`` starts delivery again."""
        self.disable_ncs()

    @property
    def ncs_sender(self) -> NcsSender | None:
        """The sender while NCS is enabled (tests wait on it: ``wait_idle``)."""
        return self.world.sender

    def ncs_status(self) -> dict[str, Any]:
        """Receiver (without user info or query), timing and each notification's outcome."""
        sender = self.world.sender
        if sender is None:
            return {"enabled": False, "url": None, "pending": 0, "deliveries": []}
        return {
            "enabled": True,
            "url": public_url(sender.url),
            "ack_timeout": sender.ack_timeout,
            "retry_delays": list(sender.retry_delays),
            "pending": sender.pending,
            "deliveries": sender.deliveries(),
        }
