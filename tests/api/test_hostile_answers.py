"""Every answer is hostile until parsed: each endpoint against each hostile answer.

One table cell per (answer, endpoint): the call raises the expected typed error (never a raw
exception), within its deadline in real time; for 429 answers the parsed ``Retry-After`` is
checked both on the error and as the wait the client chose.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from recorder_gui.api import (
    CloudRecordingClient,
    LayoutUpdate,
    RetryPolicy,
    StreamSubscribe,
    UpdateConfig,
    VideoUidList,
)
from recorder_gui.api import errors as e
from tests._fixtures.emulator import DEMO_APP_ID
from tests.hostile_server import (
    Behaviour,
    HostileServer,
    deep_json,
    huge,
    json_answer,
    raw_answer,
    reset_mid_body,
    silence,
    trickle,
)

from .conftest import Waits
from .helpers import mix_config

pytestmark = pytest.mark.asyncio

DEADLINE = 0.8  #: whole call (every attempt, failover and wait)
TIMEOUT = 0.25  #: each network step of one attempt
SLACK = 0.6  #: allowed real time past the deadline (teardown of the cancelled attempt)
#: Waits are not the point here: none, but the same shape (2 tries, 4 sends per try).
FAST = RetryPolicy(
    attempts=2, backoff=(0.0,), not_completed_backoff=(0.0, 0.0), failover_backoff=(0.0,), jitter=0
)
#: For 429s: a visible backoff and a small Retry-After cap, within a larger deadline.
BACKOFF = 0.25
RETRY_AFTER_CAP = 2.0
PACED = RetryPolicy(
    attempts=2,
    backoff=(BACKOFF,),
    not_completed_backoff=(0.0, 0.0),
    failover_backoff=(0.0,),
    jitter=0,
    max_retry_after=RETRY_AFTER_CAP,
)

CNAME = "hostile-show"
BOT = "5150"
RID = "rid-" + "Ab9_" * 50
SID = "0123456789abcdef0123456789abcdef"
MiB = 1 << 20

Call = Callable[[CloudRecordingClient], Awaitable[Any]]

CALLS: dict[str, Call] = {
    "acquire": lambda c: c.acquire(cname=CNAME, uid=BOT, mode="mix"),
    "start": lambda c: c.start(
        cname=CNAME, uid=BOT, resource_id=RID, mode="mix", config=mix_config()
    ),
    "query": lambda c: c.query(resource_id=RID, sid=SID, mode="mix"),
    "update": lambda c: c.update(
        cname=CNAME,
        uid=BOT,
        resource_id=RID,
        sid=SID,
        mode="mix",
        config=UpdateConfig(
            stream_subscribe=StreamSubscribe(
                video_uid_list=VideoUidList(unsubscribe_video_uids=["7"])
            )
        ),
    ),
    "updateLayout": lambda c: c.update_layout(
        cname=CNAME, uid=BOT, resource_id=RID, sid=SID, layout=LayoutUpdate(mixed_video_layout=1)
    ),
    "stop": lambda c: c.stop(cname=CNAME, uid=BOT, resource_id=RID, sid=SID, mode="mix"),
    "channel_users": lambda c: c.channel_users(CNAME),
}
ENDPOINTS = list(CALLS)
#: Retried by the client on 5xx/429/transport errors.
IDEMPOTENT = {"query", "channel_users"}

VALID: dict[str, Any] = {
    "acquire": {"resourceId": RID},
    "start": {"sid": SID, "resourceId": RID},
    "query": {"sid": SID, "resourceId": RID, "serverResponse": {"status": 5}},
    "update": {"sid": SID, "resourceId": RID},
    "updateLayout": {"sid": SID, "resourceId": RID},
    "stop": {"sid": SID, "resourceId": RID, "serverResponse": {"uploadingStatus": "uploaded"}},
    "channel_users": {"success": True, "data": {"channel_exist": True, "mode": 1, "users": [7]}},
}

#: Per endpoint, answers at 200 that fail that endpoint's model.
WRONG_TYPES: dict[str, dict[str, Any]] = {
    "acquire": {
        "object-id": {"resourceId": {"nested": 1}},
        "no-id": {"cname": CNAME},
        "long-id": {"resourceId": "A" * 2000},
        "control-id": {"resourceId": "abc\ndef"},
    },
    "start": {
        "list-sid": {"sid": ["x"], "resourceId": RID},
        "space-sid": {"sid": "a b", "resourceId": RID},
        "no-rid": {"sid": SID},
    },
    "query": {
        "slice-abc": {"serverResponse": {"sliceStartTime": "abc"}},
        "server-list": {"serverResponse": [1, 2]},
        "status-list": {"serverResponse": {"status": [5]}},
        "sid-tab": {"sid": "\t", "serverResponse": {}},
    },
    "update": {"object-sid": {"sid": {"x": 1}}},
    "updateLayout": {"list-rid": {"resourceId": [1]}},
    "stop": {
        "slice-abc": {"serverResponse": {"sliceStartTime": "abc"}},
        "rtmp-status-object": {
            "serverResponse": {
                "extensionServiceState": [
                    {
                        "serviceName": "rtmp_publish_service",
                        "payload": {"outputs": [{"rtmpUrl": "rtmp://x/y", "status": {"a": 1}}]},
                    }
                ]
            }
        },
        "server-list": {"serverResponse": ["uploaded"]},
        "uid-object": {"uid": {"a": 1}},
        "huge-sid": {"sid": "s" * 5000},
    },
    "channel_users": {
        "users-string": {"success": True, "data": {"users": "abc"}},
        "mode-list": {"success": True, "data": {"mode": [1]}},
    },
}

HTML = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass(frozen=True)
class Case:
    behaviour: Callable[[], Behaviour]
    expected: type[BaseException] | None  #: None: the call succeeds
    maybe_delivered: bool | None = None  #: checked on TransportErrors when given


COMMON: dict[str, Case] = {
    "invalid-json-200": Case(
        lambda: raw_answer(200, b'{"resourceId": ', "application/json"), e.UnexpectedResponseError
    ),
    "nan-json-200": Case(
        lambda: raw_answer(200, b'{"resourceId": NaN}', "application/json"),
        e.UnexpectedResponseError,
    ),
    "html-200": Case(lambda: raw_answer(200, HTML), e.UnexpectedResponseError),
    "html-500": Case(lambda: raw_answer(500, HTML), e.ServerError),
    "deep-json": Case(lambda: deep_json(100_000), e.UnexpectedResponseError),
    "deep-json-65": Case(lambda: deep_json(65), e.UnexpectedResponseError),
    "huge-50MB": Case(lambda: huge(50 * MiB), e.UnexpectedResponseError),
    "huge-50MB-no-length": Case(
        lambda: huge(50 * MiB, declare_length=False), e.UnexpectedResponseError
    ),
    "list-200": Case(lambda: json_answer(200, [1, 2, 3]), e.UnexpectedResponseError),
    "string-200": Case(lambda: json_answer(200, "ok"), e.UnexpectedResponseError),
    "null-200": Case(lambda: json_answer(200, None), e.UnexpectedResponseError),
    "empty-200": Case(lambda: raw_answer(200, b"", "application/json"), e.UnexpectedResponseError),
    "slow-headers": Case(
        lambda: trickle(interval=0.05, slow_head=True), e.DeadlineExceededError, True
    ),
    "slow-body": Case(lambda: trickle(interval=0.05), e.DeadlineExceededError, True),
    "silence": Case(silence, e.TransportTimeoutError, True),
    "reset-mid-body": Case(reset_mid_body, e.TransportError, True),
    "5xx": Case(lambda: json_answer(503, {"code": 62, "reason": "busy"}), e.ServerError),
}


def _answer(status: int, body: Any) -> Callable[[], Behaviour]:
    return lambda: json_answer(status, body)


def table() -> list[Any]:
    cells = [
        pytest.param(ep, Case(_answer(200, VALID[ep]), None), id=f"valid-{ep}") for ep in ENDPOINTS
    ]
    for name, case in COMMON.items():
        cells += [pytest.param(ep, case, id=f"{name}-{ep}") for ep in ENDPOINTS]
    for endpoint, bodies in WRONG_TYPES.items():
        for name, body in bodies.items():
            case = Case(_answer(200, body), e.UnexpectedResponseError)
            cells.append(pytest.param(endpoint, case, id=f"wrong-type-{name}-{endpoint}"))
    return cells


def make_client(url: str, **overrides: Any) -> CloudRecordingClient:
    options: dict[str, Any] = {
        "base_urls": [url],
        "retry": FAST,
        "timeout": TIMEOUT,
        "stop_timeout": TIMEOUT,
        "deadline": DEADLINE,
        "stop_deadline": DEADLINE,
        **overrides,
    }
    return CloudRecordingClient(DEMO_APP_ID, "customer-id", "customer-secret", **options)


@pytest.mark.parametrize(("endpoint", "case"), table())
async def test_hostile_answer(endpoint: str, case: Case) -> None:
    async with HostileServer(case.behaviour()) as srv, make_client(srv.base_url) as client:
        began = time.monotonic()
        try:
            result = await CALLS[endpoint](client)
        except Exception as exc:  # checked below: must be the expected typed error
            error: Exception | None = exc
        else:
            error = None
        elapsed = time.monotonic() - began
    assert elapsed < DEADLINE + SLACK, f"took {elapsed:.2f} s"
    if case.expected is None:
        assert error is None, repr(error)
        assert result is not None
        return
    assert isinstance(error, case.expected), repr(error)
    assert isinstance(error, e.CloudRecordingError)
    assert error.__cause__ is None or isinstance(error.__cause__, e.CloudRecordingError)
    text = str(error)
    assert len(text) < 1000
    assert text.endswith(")") or text.endswith(".")
    if case.maybe_delivered is not None:
        assert isinstance(error, e.TransportError)
        assert error.maybe_delivered is case.maybe_delivered


def _http_date(delta: timedelta) -> str:
    return format_datetime(datetime.now(UTC) + delta, usegmt=True)


#: Retry-After value -> the wait it should give (None: ignored, the normal backoff applies).
RETRY_AFTER: dict[str, tuple[str | None, float | None]] = {
    "none": (None, None),
    "1": ("1", 1.0),
    "99999": ("99999", RETRY_AFTER_CAP),
    "-5": ("-5", None),
    "nan": ("nan", None),
    "inf": ("inf", None),
    "garbage": ("soon", None),
    "http-date-future": (_http_date(timedelta(hours=1)), RETRY_AFTER_CAP),
    "http-date-past": (_http_date(timedelta(hours=-1)), 0.0),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("header", list(RETRY_AFTER))
async def test_429_retry_after(endpoint: str, header: str) -> None:
    value, expected = RETRY_AFTER[header]
    headers = {} if value is None else {"Retry-After": value}
    answer = json_answer(429, {"message": "API rate limit exceeded"}, headers)
    waits = Waits()
    async with (
        HostileServer(answer) as srv,
        make_client(srv.base_url, retry=PACED, sleep=waits, deadline=5.0) as client,
    ):
        began = time.monotonic()
        with pytest.raises(e.RateLimitedError) as info:
            await CALLS[endpoint](client)
        elapsed = time.monotonic() - began
    assert elapsed < DEADLINE
    assert info.value.retry_after == value
    assert info.value.retry_after_seconds == expected
    if endpoint in IDEMPOTENT:
        assert waits.calls == [BACKOFF if expected is None else expected]
        assert len(srv.requests) == 2
    else:
        assert waits.calls == []
        assert len(srv.requests) == 1
