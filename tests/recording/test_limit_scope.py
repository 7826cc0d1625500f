"""Whose 10 requests/second: one budget per Agora account (the default) or per App ID.

The API pages put the limit on the account, the best-practices page on the App ID
(docs/api-notes.md, "Rate limits"). Under ``account`` scope the budget is found from the
customer ID in the request's Basic Authorization header, without ever decoding or keeping the
customer secret.
"""

from __future__ import annotations

import asyncio
import base64
import time
from pathlib import Path

import httpx
import pytest

from recorder_gui.api import CloudRecordingClient
from recorder_gui.api.ratelimit import (
    LimiterRegistry,
    LimitScope,
    RateLimitedTransport,
    customer_id_of,
)
from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.recording import Journal, SessionManager

from .conftest import APP, CREDS, NO_JITTER

OTHER_APP = "fedcba9876543210fedcba9876543210"
OTHER_CUSTOMER = ("second-customer-id", "second-customer-SECRET-77")


async def acquire(client: CloudRecordingClient, n: int) -> object:
    return await client.acquire(cname=f"room{n}", uid="4242", mode="mix")


class FakeClock:
    """Limiter time: ``sleep`` moves it on at once (and lets the loop run)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


# (case, scope, App IDs used, customers used, does the 11th request wait a second?)
SCOPES = [
    ("account: two App IDs of one customer share", LimitScope.ACCOUNT, 2, 1, True),
    ("app: two App IDs of one customer do not", LimitScope.APP, 2, 1, False),
    ("account: two customers on one App ID do not", LimitScope.ACCOUNT, 1, 2, False),
    ("app: two customers on one App ID share", LimitScope.APP, 1, 2, True),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("scope", "apps", "customers", "shared"),
    [case[1:] for case in SCOPES],
    ids=[case[0] for case in SCOPES],
)
async def test_twenty_requests_and_whose_budget_they_spend(
    emu: Emulator,
    server: EmulatorServer,
    scope: LimitScope,
    apps: int,
    customers: int,
    shared: bool,
) -> None:
    emu.config.credentials[OTHER_CUSTOMER[0]] = OTHER_CUSTOMER[1]
    clock = FakeClock()
    registry = LimiterRegistry(10, scope=scope, clock=clock, sleep=clock.sleep)
    http = httpx.AsyncClient(transport=RateLimitedTransport(httpx.AsyncHTTPTransport(), registry))
    owners = [(CREDS.customer_id, CREDS.customer_secret), OTHER_CUSTOMER][:customers]
    app_ids = [APP, OTHER_APP][:apps]
    clients = [
        CloudRecordingClient(app, cid, secret, base_urls=[server.url], http_client=http)
        for app in app_ids
        for cid, secret in owners
    ]
    per_client = 20 // len(clients)
    async with http:
        results = await asyncio.gather(
            *(
                c.acquire(cname=f"room{i}", uid="4242", mode="mix")
                for c in clients
                for i in range(per_client)
            )
        )
    assert len({r.resource_id for r in results}) == 20
    waited = sum(limiter.waited for limiter in registry.budgets.values())
    if shared:
        assert clock.now >= 1.0  # the 11th waited for the first answer + 1 s
        assert waited >= 1.0
    else:
        assert clock.now == 0.0  # two budgets of 10: nobody waited
        assert waited == 0.0
    assert len(registry.budgets) == (1 if shared else 2)
    for secret in (CREDS.customer_secret, OTHER_CUSTOMER[1]):
        assert secret not in repr(registry)
        assert all(secret not in key for _, key in registry.budgets)


@pytest.mark.asyncio
@pytest.mark.timeout(60)
async def test_session_manager_spends_one_budget_per_customer_by_default(
    emulator: Emulator, emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    """Real seconds, the emulator's own limit on (per account): no request is refused."""
    assert emulator.config.rate_limit_per_second == 10
    emulator.config.rate_limit_scope = "account"
    manager = SessionManager(
        journal=Journal(tmp_path / "j.sqlite3"), base_urls=[emulator_server.url], retry=NO_JITTER
    )
    assert manager.limiters.scope is LimitScope.ACCOUNT
    try:
        clients = [manager.client_for(app, CREDS) for app in (APP, OTHER_APP)]
        began = time.monotonic()
        await asyncio.gather(
            *(
                c.acquire(cname=f"room{i}", uid="4242", mode="mix")
                for c in clients
                for i in range(10)
            )
        )
        elapsed = time.monotonic() - began
    finally:
        await manager.aclose()
        manager.journal.close()
    assert [r.status for r in emulator.requests()].count(429) == 0
    assert elapsed >= 0.95  # 20 requests of one account at 10/s


@pytest.mark.asyncio
async def test_session_manager_app_scope_gives_each_app_id_its_own_budget(
    emu: Emulator, server: EmulatorServer, tmp_path: Path
) -> None:
    manager = SessionManager(
        journal=Journal(tmp_path / "j.sqlite3"),
        base_urls=[server.url],
        rate_limit=5,
        rate_limit_scope="app",
    )
    assert manager.limiters.scope is LimitScope.APP
    try:
        clients = [manager.client_for(app, CREDS) for app in (APP, OTHER_APP)]
        began = time.monotonic()
        await asyncio.gather(
            *(
                c.acquire(cname=f"room{i}", uid="4242", mode="mix")
                for c in clients
                for i in range(5)
            )
        )
        elapsed = time.monotonic() - began
    finally:
        await manager.aclose()
        manager.journal.close()
    assert elapsed < 0.9  # 5 + 5 within two budgets of 5: no wait
    assert manager.limiters.for_app(APP) is not None


@pytest.mark.parametrize("bad", ["", "both", "App ID", 3])
def test_an_unknown_scope_is_refused_with_a_sentence(bad: object) -> None:
    with pytest.raises(ValueError, match="is not 'account' .* or 'app'"):
        LimiterRegistry(10, scope=bad)  # type: ignore[arg-type]


HEX32 = "0123456789abcdef0123456789abcdef"


def basic(user: bytes, secret: bytes = b"s3cret") -> str:
    return "Basic " + base64.b64encode(user + b":" + secret).decode()


# (case, Authorization header, customer ID read from it)
HEADERS: list[tuple[str, str | None, str | None]] = [
    ("plain", basic(b"demo-customer-id"), "demo-customer-id"),
    ("lower-case scheme", "basic " + basic(b"abc")[6:], "abc"),
    ("colon in the secret", basic(b"abc", b"x:y:z"), "abc"),
    ("empty secret", basic(b"abc", b""), "abc"),
    (
        "32 hex digits",
        basic(b"0123456789abcdef0123456789abcdef"),
        "0123456789abcdef0123456789abcdef",
    ),
    ("non-ASCII id", basic("kundé".encode()), "kundé"),
    ("no header", None, None),
    ("empty header", "", None),
    ("bearer token", "Bearer abc.def", None),
    ("scheme only", "Basic", None),
    ("not base64", "Basic !!!!", None),
    ("no colon", "Basic " + base64.b64encode(b"justauser").decode(), None),
    ("empty id", basic(b""), None),
    ("id not UTF-8", basic(b"\xff\xfe"), None),
    ("control character in id", basic(b"a\nb"), None),
    ("id too long", basic(b"x" * 300), None),
    ("huge header without colon", "Basic " + "QUFB" * 100_000, None),
    ("missing padding", "Basic " + base64.b64encode(b"a:").decode().rstrip("="), None),
]


@pytest.mark.parametrize(
    ("header", "expected"),
    [case[1:] for case in HEADERS],
    ids=[case[0] for case in HEADERS],
)
def test_customer_id_of(header: str | None, expected: str | None) -> None:
    assert customer_id_of(header) == expected


def test_the_secret_is_not_decoded() -> None:
    # A secret that is not base64 at all: if it were decoded, the header would be refused.
    token = base64.b64encode(b"abc:").decode() + "!!!!"
    assert customer_id_of("Basic " + token) == "abc"
