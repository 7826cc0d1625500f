"""Relays served on loopback for real HTTP tests, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from recorder_gui.relay import RelayServer
from tests.relay.helpers import SECRET, TOKEN


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "relay.sqlite3")
    dsn: str = request.getfixturevalue("postgres_dsn")
    return dsn


@pytest.fixture
def relay(db: str) -> Iterator[RelayServer]:
    with RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=db) as server:
        yield server


@pytest.fixture
def sqlite_relay(tmp_path: Path) -> Iterator[RelayServer]:
    """For checks that never reach the database (signatures, sizes, parameters)."""
    with RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "relay.sqlite3") as s:
        yield s


@pytest.fixture
def http(relay: RelayServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=relay.url, timeout=10) as client:
        yield client


@pytest.fixture
def sqlite_http(sqlite_relay: RelayServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sqlite_relay.url, timeout=10) as client:
        yield client
