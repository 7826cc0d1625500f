"""``OnDemandTransport``: nothing is made before the first request; then requests go through
httpx's own transport to the served emulator, and closing closes what was made."""

from __future__ import annotations

import httpx
import pytest

from recorder_gui.api.on_demand import OnDemandTransport
from recorder_gui.emulator import EmulatorServer


class CountedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, counting how often it is closed."""

    closes = 0

    async def aclose(self) -> None:
        self.closes += 1
        await super().aclose()


@pytest.mark.asyncio
async def test_closing_before_any_request_makes_nothing() -> None:
    made: list[CountedTransport] = []

    def make() -> httpx.AsyncBaseTransport:
        made.append(CountedTransport())
        return made[-1]

    transport = OnDemandTransport(make)
    async with httpx.AsyncClient(transport=transport):
        assert not transport.made
    assert made == []


@pytest.mark.asyncio
async def test_the_first_request_makes_the_pool_and_closing_closes_it(
    emulator_server: EmulatorServer,
) -> None:
    made: list[CountedTransport] = []

    def make() -> httpx.AsyncBaseTransport:
        made.append(CountedTransport())
        return made[-1]

    transport = OnDemandTransport(make)
    async with httpx.AsyncClient(transport=transport, base_url=emulator_server.url) as http:
        first = await http.get("/v1/apps/unknown/cloud_recording/acquire")
        second = await http.get("/v1/apps/unknown/cloud_recording/acquire")
        assert transport.made and len(made) == 1  # made once, used by both requests
        assert first.status_code == second.status_code  # the service answered both
        assert made[0].closes == 0
    assert made[0].closes == 1
