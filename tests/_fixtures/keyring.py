"""Every test gets a fresh in-memory keyring backend, except those marked ``secret_service``."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from recorder_gui.store.credentials import MemoryBackend


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryBackend | None]:
    """Install a MemoryBackend as keyring's backend for the test, then restore the old one.

    Yields the backend (None for tests marked ``secret_service``, which use the real one).
    """
    if request.node.get_closest_marker("secret_service") is not None:
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryBackend()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
