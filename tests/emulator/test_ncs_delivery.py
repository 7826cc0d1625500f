"""NCS delivery over real loopback HTTP: signatures, envelope, acknowledgement, resends, give
up, a slow receiver and closing. The receiver checks both signatures over the raw bytes."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest

from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.callbacks.signature import HEADER_V1, HEADER_V2, verify_v2
from recorder_gui.emulator import Emulator, EmulatorConfig
from recorder_gui.emulator.ncs_sender import NcsSender
from tests.emulator.conftest import NCS_SECRET, Api
from tests.emulator.ncs_receiver import Delivery, NcsReceiver


def by_notice(deliveries: list[Delivery]) -> dict[str, list[Delivery]]:
    out: dict[str, list[Delivery]] = {}
    for d in deliveries:
        out.setdefault(d.body["noticeId"], []).append(d)
    return out


def test_each_delivery_is_signed_over_the_exact_bytes(
    api: Api, ncs: NcsSender, receiver: NcsReceiver
) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    got = receiver.wait_for(2)
    for d in got:
        assert d.v1_ok and d.v2_ok
        assert re.fullmatch(r"[0-9a-f]{40}", d.headers[HEADER_V1.lower()])
        assert re.fullmatch(r"[0-9a-f]{64}", d.headers[HEADER_V2.lower()])
        assert verify_v2(NCS_SECRET, d.raw, d.headers[HEADER_V2.lower()])
        assert not verify_v2("another secret", d.raw, d.headers[HEADER_V2.lower()])
        assert d.headers["content-type"] == "application/json"
    assert ncs.wait_idle(5)
    assert [o["state"] for o in ncs.deliveries()] == ["delivered", "delivered"]


def test_envelope_fields_and_types(api: Api, ncs: NcsSender, receiver: NcsReceiver) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("individual")
    api.emu.clock.advance(30)
    assert api.stop().status_code == 200
    logged = api.emu.events
    got = receiver.wait_for(len(logged))
    assert ncs.wait_idle(5)
    bodies = [d.body for d in got]
    assert [b["noticeId"] for b in bodies] == [e["noticeId"] for e in logged]
    for i, (body, event) in enumerate(zip(bodies, logged, strict=True)):
        assert list(body) == ["noticeId", "productId", "eventType", "notifyMs", "sid", "payload"]
        assert re.fullmatch(r"[0-9a-f]{32}", body["noticeId"])
        assert body["productId"] == 3
        assert body["sid"] == sid
        assert isinstance(body["notifyMs"], int)
        assert body["notifyMs"] >= body["payload"]["sendts"]
        payload = body["payload"]
        assert set(payload) == {
            *("cname", "uid", "sid", "sequence", "sendts", "serviceType", "details")
        }
        assert (payload["cname"], payload["uid"], payload["sid"]) == (api.cname, api.uid, sid)
        assert payload["sequence"] == i
        assert isinstance(payload["sendts"], int) and isinstance(payload["serviceType"], int)
        assert isinstance(payload["details"]["msgName"], str)
        assert {**body, "notifyMs": event["notifyMs"]} == event  # what the log keeps
        env = Envelope.from_json(body)  # the app's own reader takes it as it is
        assert (env.sid, env.sequence, env.product_id, env.known) == (sid, i, 3, True)
    assert len({b["noticeId"] for b in bodies}) == len(bodies)


def test_a_refused_acknowledgement_is_resent_with_the_same_notice_id(
    api: Api, ncs: NcsSender, receiver: NcsReceiver
) -> None:
    receiver.refuse(2, status=503, only=lambda body: body["eventType"] == 30)
    api.begin("mix")
    assert ncs.wait_idle(5)
    first = api.emu.events[0]
    tries = by_notice(receiver.deliveries())[first["noticeId"]]
    assert [d.answered for d in tries] == [503, 503, 200]
    assert all(d.v1_ok and d.v2_ok for d in tries)  # re-signed: the bytes changed
    assert len({d.raw for d in tries}) == 3
    stamps = [d.body["notifyMs"] for d in tries]
    assert stamps == sorted(set(stamps))  # refreshed on every resend (the clock is frozen)
    assert all(d.body["payload"] == first["payload"] for d in tries)
    outcome = ncs.outcome(first["noticeId"])
    assert (outcome["state"], outcome["attempts"], outcome["last_status"]) == ("delivered", 3, 200)


def test_at_most_three_retries_then_given_up(
    api: Api, ncs: NcsSender, receiver: NcsReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.refuse(100)
    api.begin("mix")
    assert ncs.wait_idle(5)
    tries = by_notice(receiver.deliveries())
    assert [len(tries[e["noticeId"]]) for e in api.emu.events] == [4, 4]  # 1 + 3 retries
    for outcome in ncs.deliveries():
        assert (outcome["state"], outcome["attempts"]) == ("gave_up", 4)
        assert outcome["last_error"] == "the receiver answered HTTP 500"
    assert "gave up" in caplog.text
    api.emu.clock.advance(30)
    assert api.query().status_code == 200  # the recording goes on regardless


def test_no_answer_within_the_ack_timeout_is_a_failed_attempt(
    emulator: Emulator, receiver: NcsReceiver, api: Api
) -> None:
    emulator.config.ncs_ack_timeout = 0.5
    emulator.config.ncs_retry_delays = (0.0, 0.0, 0.0)
    emulator.enable_ncs(receiver.url, NCS_SECRET)
    try:
        receiver.stall(1)
        api.begin("mix")
        sender = emulator.ncs_sender
        assert sender is not None and sender.wait_idle(5)
        first = api.emu.events[0]["noticeId"]
        tries = by_notice(receiver.deliveries())[first]
        assert [d.answered for d in tries][:2] == [None, 200]  # stalled, then resent at once
        assert sender.outcome(first)["state"] == "delivered"
        assert sender.outcome(first)["attempts"] == len(tries)
    finally:
        emulator.close()


def test_any_200_is_an_acknowledgement(emulator: Emulator, api: Api) -> None:
    with NcsReceiver(NCS_SECRET, answer=b"") as silent:
        emulator.enable_ncs(silent.url, NCS_SECRET)
        try:
            api.begin("mix")
            sender = emulator.ncs_sender
            assert sender is not None and sender.wait_idle(5)
            assert [d.answered for d in silent.deliveries()] == [200, 200]
            assert {o["attempts"] for o in sender.deliveries()} == {1}
        finally:
            emulator.close()


def test_a_slow_receiver_never_slows_the_api(
    emulator: Emulator, receiver: NcsReceiver, api: Api
) -> None:
    emulator.config.ncs_ack_timeout = 60.0  # the first delivery stays in flight
    emulator.enable_ncs(receiver.url, NCS_SECRET)
    try:
        receiver.stall(1)
        api.emu.add_user(api.appid, api.cname, 1001)
        first_sid = api.begin("mix")
        receiver.wait_until(lambda got: len(got) == 1)
        # The receiver holds the first event unanswered; the API answers all the same.
        api.emu.clock.advance(30)
        assert api.query().status_code == 200
        api.cname, api.uid = "room2", "2"
        api.emu.add_user(api.appid, api.cname, 1002)
        second_sid = api.begin("individual")
        assert api.query().status_code == 200
        assert receiver.stalled_now == 1
        # Another task's events go their own way meanwhile; the first task's wait their turn.
        others = receiver.wait_until(lambda got: any(d.body["sid"] == second_sid for d in got))
        assert [d.body["sid"] for d in others].count(first_sid) == 1
        receiver.release()
        sender = emulator.ncs_sender
        assert sender is not None and sender.wait_idle(10)
        delivered = receiver.bodies()  # no resend here: the stalled one was answered late
        for sid in (first_sid, second_sid):
            logged = [e["noticeId"] for e in emulator.events if e["sid"] == sid]
            assert [b["noticeId"] for b in delivered if b["sid"] == sid] == logged  # in order
    finally:
        emulator.close()


def test_an_unreachable_receiver_is_given_up(emulator: Emulator, api: Api) -> None:
    with NcsReceiver(NCS_SECRET) as gone:
        url = gone.url
    emulator.config.ncs_retry_delays = (0.0, 0.01)
    emulator.enable_ncs(url, NCS_SECRET)
    try:
        api.begin("mix")
        sender = emulator.ncs_sender
        assert sender is not None and sender.wait_idle(10)
        for outcome in sender.deliveries():
            assert (outcome["state"], outcome["attempts"]) == ("gave_up", 3)
            assert outcome["last_status"] is None
            assert "ConnectError" in outcome["last_error"]
    finally:
        emulator.close()


def test_close_stops_the_sender_and_drops_what_is_pending(
    emulator: Emulator, receiver: NcsReceiver, api: Api
) -> None:
    emulator.config.ncs_ack_timeout = 60.0
    emulator.enable_ncs(receiver.url, NCS_SECRET)
    sender = emulator.ncs_sender
    assert sender is not None
    receiver.stall(1)
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    receiver.wait_for(1)
    emulator.close()
    assert not any(t.name == "recorder-gui-ncs" and t.is_alive() for t in threading.enumerate())
    assert {o["state"] for o in sender.deliveries()} == {"dropped"}  # 30 held, 40 behind it
    assert emulator.ncs_sender is None and emulator.config.ncs_url is None
    emulator.close()  # twice is fine
    api.emu.clock.advance(30)
    assert api.stop().status_code == 200  # the emulator goes on without NCS
    assert emulator.events[-1]["eventType"] == 11
    sender.submit(emulator.events[-1])  # a closed sender takes nothing
    assert sender.pending == 0


def test_enable_ncs_replaces_the_receiver(emulator: Emulator, api: Api) -> None:
    with NcsReceiver(NCS_SECRET) as one, NcsReceiver(NCS_SECRET) as two:
        emulator.enable_ncs(one.url, NCS_SECRET)
        try:
            api.emu.add_user(api.appid, api.cname, 1001)
            api.begin("mix")
            one.wait_for(2)
            emulator.enable_ncs(two.url, NCS_SECRET)
            api.emu.clock.advance(30)
            assert api.stop().status_code == 200
            sender = emulator.ncs_sender
            assert sender is not None and sender.wait_idle(5)
            assert len(one.deliveries()) == 2
            assert [d.body["eventType"] for d in two.deliveries()][-1] == 11
        finally:
            emulator.close()


@pytest.mark.parametrize(
    ("url", "secret", "delays", "message"),
    [
        ("ftp://127.0.0.1/ncs", NCS_SECRET, (0.0,), "http:// or https://"),
        ("http:///ncs", NCS_SECRET, (0.0,), "with a host"),
        ("http://127.0.0.1/ncs", "", (0.0,), "must not be empty"),
        ("http://127.0.0.1/ncs", NCS_SECRET, (0.0, 1.0, 3.0, 9.0), "at most 3 times"),
        ("http://127.0.0.1/ncs", NCS_SECRET, (-1.0,), "0 or more"),
    ],
)
def test_unusable_settings_are_refused(
    url: str, secret: str, delays: tuple[float, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        NcsSender(url, secret, retry_delays=delays)


def test_config_url_needs_the_secret(receiver: NcsReceiver) -> None:
    with pytest.raises(ValueError, match="needs the NCS secret"):
        Emulator(EmulatorConfig(ncs_url=receiver.url))
    emu = Emulator(EmulatorConfig(ncs_url=receiver.url), ncs_secret=NCS_SECRET)
    try:
        assert emu.ncs_sender is not None
        assert emu.ncs_status()["enabled"] is True
    finally:
        emu.close()
    assert emu.ncs_status() == {"enabled": False, "url": None, "pending": 0, "deliveries": []}


def _exported(api: Api) -> dict[str, Any]:
    return {
        name: api.http.get(f"/_emulator/{name}").text
        for name in ("config", "ncs", "events", "tasks", "requests")
    }


def test_the_secret_never_leaves_the_sender(
    emulator: Emulator, receiver: NcsReceiver, api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    emulator.config.ncs_retry_delays = (0.0,)
    url = receiver.url.replace("http://", "http://user:pass@") + "?key=hidden-in-query"
    emulator.enable_ncs(url, NCS_SECRET)
    try:
        receiver.refuse(3)
        api.emu.add_user(api.appid, api.cname, 1001)
        api.begin("mix")
        api.emu.clock.advance(30)
        api.stop()
        sender = emulator.ncs_sender
        assert sender is not None and sender.wait_idle(5)
        exported = _exported(api)
        status = api.http.get("/_emulator/ncs").json()
        assert status["enabled"] is True
        assert status["url"] == receiver.url  # no user info, no query
        assert len(status["deliveries"]) == len(emulator.events)
        assert NCS_SECRET not in caplog.text  # httpx's own lines included
        ours = "\n".join(
            r.getMessage() for r in caplog.records if r.name.startswith("recorder_gui")
        )
        assert "NCS delivery of" in ours  # the refusals were logged
        for text in [*exported.values(), ours, repr(emulator.config), repr(sender)]:
            assert NCS_SECRET not in text
            assert "hidden-in-query" not in text and "pass@" not in text
    finally:
        emulator.close()
