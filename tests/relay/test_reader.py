"""GET /v1/events: bearer token, cursor paging, filters, long polls; GET /healthz."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest

from recorder_gui.relay import RelayServer
from tests.relay.helpers import SECRET, TOKEN, events, notification, post, read


def _cursors(found: list[dict[str, Any]]) -> list[int]:
    return [e["cursor"] for e in found]


def test_paging_is_oldest_first_and_next_follows(http: httpx.Client) -> None:
    for seq in range(5):
        assert post(http, notification(sequence=seq, notice_id=f"p{seq}")).status_code == 200
    pages: list[list[str]] = []
    after = 0
    while True:
        body = read(http, after=after, limit=2).json()
        if not body["events"]:
            assert body["next"] == after
            break
        pages.append([e["event"]["noticeId"] for e in body["events"]])
        assert body["next"] == body["events"][-1]["cursor"]
        after = body["next"]
    assert pages == [["p0", "p1"], ["p2", "p3"], ["p4"]]


def test_each_entry_has_its_fields(http: httpx.Client) -> None:
    before = int(time.time() * 1000)
    body = notification(notice_id="fields")
    post(http, body)
    (entry,) = events(http)
    assert set(entry) == {"cursor", "receivedMs", "duplicate", "test", "event"}
    assert isinstance(entry["cursor"], int) and entry["cursor"] > 0
    assert before - 1000 <= entry["receivedMs"] <= int(time.time() * 1000) + 1000
    assert entry["event"] == body


def test_defaults_and_limits(http: httpx.Client) -> None:
    for seq in range(3):
        post(http, notification(sequence=seq))
    assert len(events(http)) == 3  # after=0, limit=100
    assert len(events(http, limit=1000)) == 3
    assert len(events(http, after=2)) == 1
    assert events(http, after=2**63 - 1) == []


def test_filters_by_sid_and_cname(http: httpx.Client) -> None:
    rows = [("s1", "red"), ("s2", "red"), ("s1", "blue"), ("s3", "green")]
    for seq, (sid, cname) in enumerate(rows):
        post(http, notification(sid=sid, cname=cname, sequence=seq))

    def pick(**params: Any) -> list[tuple[str, str]]:
        return [(e["event"]["sid"], e["event"]["payload"]["cname"]) for e in events(http, **params)]

    assert pick(sid="s1") == [("s1", "red"), ("s1", "blue")]
    assert pick(cname="red") == [("s1", "red"), ("s2", "red")]
    assert pick(sid="s1", cname="blue") == [("s1", "blue")]
    assert pick(sid="nobody") == []
    first_s1 = events(http, sid="s1")[0]["cursor"]
    assert pick(sid="s1", after=first_s1) == [("s1", "blue")]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"after": "-1"}, "after"),
        ({"after": "abc"}, "after"),
        ({"after": "1e3"}, "after"),
        ({"after": "9" * 20}, "after"),
        ({"after": "١٢"}, "after"),  # Arabic-Indic digits are digits to str.isdigit
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"wait": "31"}, "wait"),
        ({"wait": "-1"}, "wait"),
        ({"wait": "nan"}, "wait"),
        ({"wait": "inf"}, "wait"),
        ({"wait": "1e1"}, "wait"),
        ({"sid": ""}, "sid"),
        ({"cname": "x" * 1025}, "cname"),
    ],
)
def test_bad_parameters_are_400_with_a_sentence(
    sqlite_http: httpx.Client, params: dict[str, str], name: str
) -> None:
    r = read(sqlite_http, **params)
    assert r.status_code == 400
    sentence = r.json()["error"]
    assert sentence.startswith(name) and sentence.endswith(".")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer  x",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        f"Basic {TOKEN}",
        f"Bearer {SECRET}",  # the NCS secret is not a read token
        TOKEN,
    ],
)
def test_reading_needs_the_token(sqlite_http: httpx.Client, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    r = sqlite_http.get("/v1/events", headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization" in r.json()["error"]


def test_token_scheme_is_case_insensitive(sqlite_http: httpx.Client) -> None:
    r = sqlite_http.get("/v1/events", headers={"Authorization": f"bearer {TOKEN}"})
    assert r.status_code == 200


def test_long_poll_wakes_on_insert(relay: RelayServer, http: httpx.Client) -> None:
    post(http, notification(sequence=0, notice_id="old"))
    after = events(http)[-1]["cursor"]
    result: dict[str, Any] = {}

    def poll() -> None:
        with httpx.Client(base_url=relay.url) as client:
            result["body"] = read(client, after=after, wait=20).json()
            result["answered"] = time.monotonic()

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(0.3)
    posted = time.monotonic()
    post(http, notification(sequence=1, notice_id="new"))
    thread.join(25)
    # Woken by the insert: it answered after the post, with the new event, long before its
    # 20 s wait was over (an order, not a timing: a loaded machine may start the reader late).
    assert [e["event"]["noticeId"] for e in result["body"]["events"]] == ["new"]
    assert result["answered"] >= posted
    assert not thread.is_alive()


def test_long_poll_waits_for_a_matching_event(relay: RelayServer, http: httpx.Client) -> None:
    result: dict[str, Any] = {}

    def poll() -> None:
        with httpx.Client(base_url=relay.url) as client:
            result["body"] = read(client, cname="wanted", wait=20).json()

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(0.2)
    post(http, notification(cname="other", sequence=0))
    time.sleep(0.3)
    assert thread.is_alive()  # a non-matching insert did not end the wait
    post(http, notification(cname="wanted", sequence=1))
    thread.join(25)
    assert [e["event"]["payload"]["cname"] for e in result["body"]["events"]] == ["wanted"]


def test_long_poll_times_out_empty(http: httpx.Client) -> None:
    post(http, notification())
    started = time.monotonic()
    body = read(http, after=1, wait=0.5).json()
    assert time.monotonic() - started >= 0.45
    assert body == {"events": [], "next": 1}


def test_long_poll_returns_at_once_when_there_is_something(http: httpx.Client) -> None:
    post(http, notification())
    started = time.monotonic()
    assert len(events(http, wait=20)) == 1
    assert time.monotonic() - started < 10  # well short of its 20 s wait


def test_stopping_answers_pending_long_polls(tmp_path: Any) -> None:
    server = RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "r.sqlite3")
    server.start()
    result: dict[str, Any] = {}

    def poll() -> None:
        with httpx.Client(base_url=server.url) as client:
            try:
                result["status"] = read(client, wait=30).status_code
            except httpx.HTTPError as err:  # the connection may close instead
                result["status"] = type(err).__name__

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    server.stop()
    thread.join(20)
    assert time.monotonic() - started < 15  # well short of the 30 s wait
    assert result["status"] in (200, "RemoteProtocolError", "ReadError")


def test_healthz_needs_no_token(relay: RelayServer, http: httpx.Client) -> None:
    r = http.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"ok": True, "db": relay.db_kind}
    assert relay.db_kind in ("sqlite", "postgresql")
