"""Every documented error path, the retry rules and domain failover, over real HTTP."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from recorder_gui.api import CloudRecordingClient, Mode, RetryPolicy
from recorder_gui.api import errors as e
from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

from .conftest import EXACT, Waits
from .helpers import mix_config


@pytest.fixture
def dead_url() -> Iterator[str]:
    """A loopback URL whose port refuses every connection for the whole test: the port is
    bound (so nothing else can take it) but never listened on."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{holder.getsockname()[1]}"
    finally:
        holder.close()


pytestmark = pytest.mark.asyncio

CNAME = "errors-show"
BOT = "424242"


async def acquire(client: CloudRecordingClient, uid: str = BOT) -> str:
    return (await client.acquire(cname=CNAME, uid=uid, mode="mix")).resource_id


async def start(client: CloudRecordingClient, rid: str, uid: str = BOT) -> str:
    result = await client.start(
        cname=CNAME, uid=uid, resource_id=rid, mode="mix", config=mix_config()
    )
    return result.sid


async def test_wrong_credentials_are_an_auth_error(emulator_server: EmulatorServer) -> None:
    async with CloudRecordingClient(
        DEMO_APP_ID, DEMO_CUSTOMER_ID, "wrong-secret", base_urls=[emulator_server.url]
    ) as bad:
        with pytest.raises(e.AuthError) as info:
            await acquire(bad)
    assert info.value.http_status == 401
    assert info.value.reason == "Invalid authentication credentials"
    assert "Customer ID and Secret" in info.value.next_step
    assert info.value.request_id


async def test_client_validates_before_sending(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    with pytest.raises(e.RequestValidationError) as info:
        await client.acquire(cname="bad/name", uid="0", mode="mix")
    fields = [p.field for p in info.value.problems]
    assert fields == ["uid", "cname"]
    assert emulator.requests() == []


async def test_repeated_start_is_already_started_without_sid(
    client: CloudRecordingClient,
) -> None:
    rid = await acquire(client)
    await start(client, rid)
    with pytest.raises(e.AlreadyStartedError) as info:
        await start(client, rid)
    assert info.value.http_status == 201
    assert info.value.code == 7


async def test_second_task_same_cname_uid_is_a_conflict(client: CloudRecordingClient) -> None:
    await start(client, await acquire(client))
    with pytest.raises(e.TaskConflictError) as info:
        await start(client, await acquire(client))
    assert info.value.code == 53
    assert "different bot uid" in info.value.next_step
    # Another uid records the same channel in parallel.
    await start(client, await acquire(client, "424243"), "424243")


async def test_resource_expires_after_five_minutes(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    rid = await acquire(client)
    emulator.clock.advance(301)
    with pytest.raises(e.ResourceExpiredError) as info:
        await start(client, rid)
    assert info.value.code == 433


async def test_resource_mismatch_and_garbage(client: CloudRecordingClient) -> None:
    rid = await acquire(client)
    with pytest.raises(e.ResourceError) as mismatch:
        await start(client, rid, uid="5555")
    assert mismatch.value.code == 432
    with pytest.raises(e.ResourceError) as garbage:
        await start(client, "not-a-resource-id")
    assert garbage.value.code == 1001


async def test_sid_of_another_resource(client: CloudRecordingClient) -> None:
    rid = await acquire(client)
    sid = await start(client, rid)
    other = await acquire(client, "777")
    with pytest.raises((e.ResourceError, e.NotFoundError)) as info:
        await client.query(resource_id=other, sid=sid, mode="mix")
    assert info.value.code in (1003, 404)


async def test_start_retries_206_65_with_same_resource_at_3_then_6(
    client: CloudRecordingClient, emulator: Emulator, waits: Waits
) -> None:
    rid = await acquire(client)
    emulator.inject_fault(
        Fault(endpoint="start", status=206, code=65, reason="request not completed", count=2)
    )
    sid = await start(client, rid)
    assert len(sid) == 32
    assert waits.calls == [3.0, 6.0]
    bodies = [r.path for r in emulator.requests("start")]
    assert len(bodies) == 3
    assert len(set(bodies)) == 1  # the same resource each time


async def test_start_gives_up_after_the_documented_retries(
    client: CloudRecordingClient, emulator: Emulator, waits: Waits
) -> None:
    rid = await acquire(client)
    emulator.inject_fault(
        Fault(endpoint="start", status=206, code=65, reason="request not completed", count=3)
    )
    with pytest.raises(e.RequestNotCompletedError):
        await start(client, rid)
    assert waits.calls == [3.0, 6.0]


@pytest.mark.parametrize(("status", "code"), [(500, 62), (504, 62), (500, 502)])
async def test_start_is_not_retried_on_server_errors(
    client: CloudRecordingClient, emulator: Emulator, status: int, code: int
) -> None:
    rid = await acquire(client)
    emulator.inject_fault(Fault(endpoint="start", status=status, code=code))
    with pytest.raises(e.ServerError):
        await start(client, rid)
    assert len(emulator.requests("start")) == 1


async def test_dropped_start_is_not_resent_and_says_it_may_have_started(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 1)
    rid = await acquire(client)
    emulator.inject_fault(Fault(endpoint="start", kind="drop", apply=True))
    with pytest.raises(e.TransportError) as info:
        await start(client, rid)
    assert info.value.maybe_delivered
    assert len(emulator.requests("start")) == 1
    assert len(emulator.tasks()) == 1  # it did start: the engine must find it
    with pytest.raises(e.AlreadyStartedError):
        await start(client, rid)


@pytest.mark.parametrize(
    "fault",
    [
        Fault(endpoint="query", status=504, code=62, count=2),
        Fault(endpoint="query", status=206, code=65, reason="request not completed", count=2),
        Fault(endpoint="query", kind="drop", count=2),
        Fault(endpoint="query", status=429, code=None, message="API rate limit exceeded", count=2),
    ],
    ids=["504-62", "206-65", "drop", "429"],
)
async def test_query_retries_with_backoff(
    client: CloudRecordingClient, emulator: Emulator, waits: Waits, fault: Fault
) -> None:
    rid = await acquire(client)
    sid = await start(client, rid)
    emulator.inject_fault(fault)
    result = await client.query(resource_id=rid, sid=sid, mode="mix")
    assert result.sid == sid
    assert len(emulator.requests("query")) == 3
    assert waits.calls == [1.0, 3.0] or fault.kind == "drop"


async def test_query_gives_up_after_the_attempt_budget(
    client: CloudRecordingClient, emulator: Emulator, waits: Waits
) -> None:
    rid = await acquire(client)
    sid = await start(client, rid)
    emulator.inject_fault(Fault(endpoint="query", status=504, code=62, count=None))
    with pytest.raises(e.ServerError) as info:
        await client.query(resource_id=rid, sid=sid, mode="mix")
    assert len(emulator.requests("query")) == EXACT.attempts
    assert waits.calls == [1.0, 3.0, 6.0]
    assert "request ID" in str(info.value)


async def test_query_not_found_is_not_retried(
    client: CloudRecordingClient, emulator: Emulator
) -> None:
    rid = await acquire(client)
    with pytest.raises(e.NotFoundError):
        await client.query(resource_id=rid, sid="0" * 32, mode="mix")
    assert len(emulator.requests("query")) == 1


async def test_real_rate_limit_gives_429(
    emulator: Emulator, emulator_server: EmulatorServer
) -> None:
    emulator.config.rate_limit_per_second = 3
    no_retry = RetryPolicy(attempts=1)
    async with CloudRecordingClient(
        DEMO_APP_ID,
        DEMO_CUSTOMER_ID,
        DEMO_CUSTOMER_SECRET,
        base_urls=[emulator_server.url],
        retry=no_retry,
    ) as c:

        async def burst() -> None:
            for _ in range(6):
                await c.channel_users("x")

        with pytest.raises(e.RateLimitedError) as info:
            await burst()
    assert info.value.http_status == 429
    assert "10 per second" in info.value.meaning


async def test_quota_of_concurrent_tasks(client: CloudRecordingClient, emulator: Emulator) -> None:
    emulator.config.max_concurrent_tasks = 1
    await start(client, await acquire(client))
    with pytest.raises(e.QuotaError) as info:
        await acquire(client, "31337")
    assert info.value.code == 406


async def test_timeout_on_start_is_maybe_delivered(
    emulator: Emulator, emulator_server: EmulatorServer
) -> None:
    async with CloudRecordingClient(
        DEMO_APP_ID,
        DEMO_CUSTOMER_ID,
        DEMO_CUSTOMER_SECRET,
        base_urls=[emulator_server.url],
        timeout=0.3,
    ) as c:
        rid = await acquire(c)
        emulator.inject_fault(Fault(endpoint="start", kind="latency", seconds=1.0))
        with pytest.raises(e.TransportTimeoutError) as info:
            await start(c, rid)
    assert info.value.maybe_delivered
    assert info.value.kind == "timeout"


async def test_failover_to_the_other_domain(emulator: Emulator, dead_url: str) -> None:
    waits = Waits()
    with EmulatorServer(emulator) as live:
        async with CloudRecordingClient(
            DEMO_APP_ID,
            DEMO_CUSTOMER_ID,
            DEMO_CUSTOMER_SECRET,
            base_urls=[dead_url, live.url],
            retry=EXACT,
            sleep=waits,
        ) as c:
            assert c.domain == dead_url
            rid = await acquire(c)
            assert c.domain == live.url
            assert waits.calls == [0.5, 1.0]  # same domain again, then the other
            # The connection was refused, so even start may fail over safely.
            sid = await start(c, rid)
            assert sid


async def test_no_domain_answers(waits: Waits, dead_url: str) -> None:
    url = dead_url
    async with CloudRecordingClient(
        DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET, base_urls=[url], sleep=waits
    ) as c:
        with pytest.raises(e.TransportConnectError) as info:
            await c.acquire(cname=CNAME, uid=BOT, mode=Mode.MIX)
    assert not info.value.maybe_delivered
    assert info.value.domains_tried == (url,)
    assert "could not be reached" in str(info.value)


async def test_stop_waits_longer_than_other_calls(
    emulator: Emulator, emulator_server: EmulatorServer
) -> None:
    emulator.add_user(DEMO_APP_ID, CNAME, 1)
    async with CloudRecordingClient(
        DEMO_APP_ID,
        DEMO_CUSTOMER_ID,
        DEMO_CUSTOMER_SECRET,
        base_urls=[emulator_server.url],
        timeout=0.3,
        stop_timeout=2.0,
    ) as c:
        rid = await acquire(c)
        sid = await start(c, rid)
        emulator.clock.advance(60)
        emulator.inject_fault(Fault(endpoint="stop", kind="latency", seconds=0.6))
        stopped = await c.stop(cname=CNAME, uid=BOT, resource_id=rid, sid=sid, mode="mix")
    assert stopped.uploading_status == "uploaded"


async def test_tls_failure_is_a_tls_error(emulator_server: EmulatorServer, waits: Waits) -> None:
    # Speaking TLS to a plain-HTTP port fails the handshake, as a bad certificate would.
    url = emulator_server.url.replace("http://", "https://")
    async with CloudRecordingClient(
        DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET, base_urls=[url], sleep=waits
    ) as c:
        with pytest.raises(e.TLSError) as info:
            await c.acquire(cname=CNAME, uid=BOT, mode="mix")
    assert info.value.kind == "tls"
    assert "could not be verified" in str(info.value)
