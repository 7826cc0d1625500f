"""The overall deadline of a call, the answer size and depth caps, and Retry-After parsing."""

from __future__ import annotations

import asyncio
import socket
import time
import tracemalloc
from datetime import UTC, datetime

import httpx
import pytest

from recorder_gui.api import CloudRecordingClient, RetryPolicy
from recorder_gui.api import errors as e
from recorder_gui.api.answers import nested_deeper_than, plausible_identifier
from recorder_gui.api.deadline import Budget
from recorder_gui.api.ratelimit import LimiterRegistry, RateLimitedTransport
from recorder_gui.api.retry import parse_retry_after
from tests._fixtures.emulator import DEMO_APP_ID
from tests.hostile_server import HostileServer, huge, json_answer, sequence, silence, trickle

from .conftest import EXACT, Waits
from .helpers import mix_config

MiB = 1 << 20
RID = "rid-1"
SID = "0123456789abcdef0123456789abcdef"


def client_for(url: str, **options: object) -> CloudRecordingClient:
    return CloudRecordingClient(
        DEMO_APP_ID,
        "customer-id",
        "customer-secret",
        base_urls=[url],
        **options,  # type: ignore[arg-type]
    )


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- the deadline --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_silent_server_holds_a_query_no_longer_than_the_deadline() -> None:
    # Before: 8 sends of one read timeout each, plus real waits of 1 and 3 s.
    async with (
        HostileServer(silence()) as srv,
        client_for(srv.base_url, timeout=0.3, deadline=1.0) as client,
    ):
        url = srv.base_url
        began = time.monotonic()
        with pytest.raises(e.DeadlineExceededError) as info:
            await client.query(resource_id=RID, sid=SID, mode="mix")
        elapsed = time.monotonic() - began
    assert 0.3 < elapsed < 1.5
    assert info.value.maybe_delivered
    assert info.value.seconds == 1.0
    assert info.value.domains_tried == (url,)
    assert isinstance(info.value, e.TransportTimeoutError)
    assert "within 1 s" in str(info.value)


@pytest.mark.asyncio
async def test_a_trickling_answer_is_cut_at_the_deadline_not_per_read() -> None:
    async with (
        HostileServer(trickle(interval=0.1)) as srv,
        client_for(srv.base_url, timeout=3.0, deadline=0.7) as client,
    ):
        began = time.monotonic()
        with pytest.raises(e.DeadlineExceededError):
            await client.acquire(cname="show", uid="1", mode="mix")
    assert time.monotonic() - began < 1.2


@pytest.mark.asyncio
async def test_virtual_waits_count_against_the_deadline() -> None:
    waits = Waits()
    answer = json_answer(503, {"code": 62, "reason": "busy"})
    async with (
        HostileServer(answer) as srv,
        client_for(srv.base_url, retry=EXACT, sleep=waits, deadline=5.0) as client,
    ):
        with pytest.raises(e.DeadlineExceededError) as info:
            await client.query(resource_id=RID, sid=SID, mode="mix")
    # 1 + 3 fit in 5 s; the 6 s wait would end after the deadline: not started.
    assert waits.calls == [1.0, 3.0]
    assert len(srv.requests) == 3
    assert isinstance(info.value.__cause__, e.ServerError)
    assert info.value.maybe_delivered  # the service answered


@pytest.mark.asyncio
async def test_refused_failover_wait_with_nothing_delivered() -> None:
    waits = Waits()
    first, second = dead_url(), dead_url()
    async with CloudRecordingClient(
        DEMO_APP_ID,
        "customer-id",
        "customer-secret",
        base_urls=[first, second],
        retry=EXACT,
        sleep=waits,
        deadline=1.2,
    ) as client:
        with pytest.raises(e.DeadlineExceededError) as info:
            await client.start(
                cname="show", uid="1", resource_id=RID, mode="mix", config=mix_config()
            )
    # Sent to the first domain twice; the wait before the second (1 s) would pass the deadline.
    assert waits.calls == [0.5]
    assert not info.value.maybe_delivered
    assert info.value.domains_tried == (first,)


@pytest.mark.asyncio
async def test_sync_stop_has_its_own_longer_deadline() -> None:
    async with (
        HostileServer(silence()) as srv,
        client_for(
            srv.base_url, timeout=0.2, stop_timeout=5.0, deadline=0.3, stop_deadline=0.6
        ) as client,
    ):
        assert client.stop_deadline == 5.0  # never shorter than the stop read timeout
    async with (
        HostileServer(silence()) as srv,
        client_for(
            srv.base_url, timeout=2.0, stop_timeout=2.0, deadline=0.3, stop_deadline=2.5
        ) as client,
    ):
        assert (client.deadline, client.stop_deadline) == (0.3, 2.5)
        client.stop_deadline = 0.6  # keep the test short; same rule
        with pytest.raises(e.DeadlineExceededError) as sync:
            await client.stop(cname="show", uid="1", resource_id=RID, sid=SID, mode="mix")
        with pytest.raises(e.DeadlineExceededError) as asynchronous:
            await client.stop(
                cname="show", uid="1", resource_id=RID, sid=SID, mode="mix", async_stop=True
            )
    assert sync.value.seconds == 0.6
    assert asynchronous.value.seconds == 0.3


def test_deadline_must_be_finite_and_positive() -> None:
    for bad in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="deadline"):
            client_for("http://127.0.0.1:1", deadline=bad)


@pytest.mark.asyncio
async def test_budget_counts_real_time_outside_waits_plus_planned_waits() -> None:
    waits = Waits()
    budget = Budget("query", 10.0, waits)
    await budget.sleep(4.0)  # virtual: no real time
    assert 4.0 <= budget.spent() < 4.2
    real = Budget("query", 10.0, asyncio.sleep)
    await real.sleep(0.05)
    assert 0.05 <= real.spent() < 0.1  # not counted twice
    with pytest.raises(e.DeadlineExceededError):
        await budget.sleep(6.5)
    assert waits.calls == [4.0]


# -- size and depth ------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_50MB_answer_is_not_read_whole() -> None:
    async with (
        HostileServer(huge(50 * MiB, declare_length=False)) as srv,
        client_for(srv.base_url) as client,
    ):
        tracemalloc.start()
        try:
            with pytest.raises(e.UnexpectedResponseError) as info:
                await client.acquire(cname="show", uid="1", mode="mix")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * MiB
    assert f"larger than {MiB} bytes" in str(info.value)


@pytest.mark.asyncio
async def test_size_cap_is_a_keyword_and_works_through_injected_transports() -> None:
    body = {"resourceId": "r" * 500}
    async with HostileServer(json_answer(200, body)) as srv:
        async with client_for(srv.base_url, max_response_bytes=400) as small:
            with pytest.raises(e.UnexpectedResponseError, match="larger than 400 bytes"):
                await small.acquire(cname="show", uid="1", mode="mix")
        limited = httpx.AsyncClient(
            transport=RateLimitedTransport(httpx.AsyncHTTPTransport(), LimiterRegistry(10))
        )
        async with limited, client_for(srv.base_url, http_client=limited) as shared:
            assert (await shared.acquire(cname="show", uid="1", mode="mix")).resource_id
            srv.behaviour = huge(3 * MiB, declare_length=False)
            with pytest.raises(e.UnexpectedResponseError, match="larger than"):
                await shared.acquire(cname="show", uid="1", mode="mix")

    def mock(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"resourceId": "' + b"x" * (2 * MiB) + b'"}')

    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(mock)) as http,
        client_for("https://api.example.com", http_client=http) as client,
    ):
        with pytest.raises(e.UnexpectedResponseError, match="larger than"):
            await client.acquire(cname="show", uid="1", mode="mix")


@pytest.mark.asyncio
async def test_one_bad_answer_then_a_good_one() -> None:
    answers = sequence([json_answer(200, [1]), json_answer(200, {"resourceId": "ok-1"})])
    async with HostileServer(answers) as srv, client_for(srv.base_url) as client:
        with pytest.raises(e.UnexpectedResponseError, match="a JSON list"):
            await client.acquire(cname="show", uid="1", mode="mix")
        assert (await client.acquire(cname="show", uid="1", mode="mix")).resource_id == "ok-1"


def test_depth_scan_ignores_brackets_in_strings() -> None:
    assert not nested_deeper_than(b'{"a": "' + b"[" * 500 + b'"}', 64)
    assert not nested_deeper_than(b'["\\"[[[[' + b"[" * 100 + b'"]', 64)
    assert not nested_deeper_than(b"[" * 64 + b"]" * 64, 64)
    assert nested_deeper_than(b"[" * 65 + b"]" * 65, 64)
    assert nested_deeper_than(b'{"a":' * 65 + b"1" + b"}" * 65, 64)
    assert not nested_deeper_than(b"[[]]" * 1000, 64)  # many brackets, shallow


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("AXsiYSI6Ij-_.~", True),
        ("a" * 1024, True),
        ("a" * 1025, False),
        ("", False),
        ("a b", False),
        ("a\tb", False),
        ("a\x00b", False),
        ("ré", False),
    ],
)
def test_plausible_identifier(value: str, ok: bool) -> None:
    assert plausible_identifier(value) is ok


# -- Retry-After ---------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("1", 1.0),
        ("2.5", 2.5),
        ("99999", 30.0),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("1e3", None),
        ("0x10", None),
        ("soon", None),
        ("Sun, 01 Mar 2026 12:00:10 GMT", 10.0),
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),
        ("Sun, 01 Mar 2026 18:00:00 GMT", 30.0),
        ("Sun, 01 Mar 99999 12:00:10 GMT", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, maximum=30.0, now=NOW) == seconds


def test_policy_falls_back_to_backoff_on_an_unusable_header() -> None:
    policy = RetryPolicy(jitter=0.0)
    assert policy.retry_after("nan", 1) == 3.0
    assert policy.retry_after("4", 1) == 4.0
    assert policy.retry_after_seconds("inf") is None
