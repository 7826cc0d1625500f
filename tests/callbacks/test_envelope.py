"""Reading NCS envelopes leniently: real, legacy and hostile shapes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.callbacks.envelope import CallbackError, Envelope

#: An observed real example (docs/api-notes.md, "Callbacks").
REAL = {
    "noticeId": "31ae0000000000000000000000000000",
    "notifyMs": 1596555306283,
    "eventType": 40,
    "sid": "d12f",
    "payload": {
        "serviceType": 1,
        "uid": "1001",
        "sequence": 1,
        "sendts": 1596555306257,
        "cname": "Testing2",
        "details": {"status": 0, "msgName": "recorder_started"},
        "sid": "d12f",
    },
    "productId": 3,
}


def test_the_real_example() -> None:
    env = Envelope.from_json(REAL)
    assert (env.event_type, env.sid, env.cname, env.uid) == (40, "d12f", "Testing2", "1001")
    assert (env.sequence, env.sendts, env.service_type, env.product_id) == (
        1,
        1596555306257,
        1,
        3,
    )
    assert env.msg_name == "recorder_started"
    assert env.event_key() == ("d12f", 1)
    assert env.event_ms == 1596555306257
    assert env.known and not env.is_test


def test_legacy_names_and_types() -> None:
    env = Envelope.from_json(
        {
            "notificationId": "n1",
            "eventMs": 5,
            "eventType": "41",
            "payload": {"uid": 900001, "sequence": "7", "sid": "s", "cname": "c", "details": {}},
        }
    )
    assert (env.notice_id, env.notify_ms, env.event_type) == ("n1", 5, 41)
    assert (env.uid, env.sequence) == ("900001", 7)
    assert env.msg_name == "recorder_leave"  # from the catalog when details omit it
    assert env.event_ms == 5  # no sendts: the delivery time


def test_sid_only_at_the_top_and_the_old_playload_spelling() -> None:
    env = Envelope.from_json({"eventType": 31, "sid": "top", "playload": {"cname": "c"}})
    assert (env.sid, env.cname) == ("top", "c")
    assert env.event_key() is None  # no sequence


def test_health_check_and_unknown_types() -> None:
    env = Envelope.from_json({"eventType": 13, "payload": {"cname": "test_webhook"}})
    assert env.is_test
    assert not env.known
    assert env.msg_name == ""


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        ([], "not a JSON object"),
        ("x", "not a JSON object"),
        (None, "not a JSON object"),
        ({}, "no eventType"),
        ({"eventType": None}, "no eventType"),
        ({"eventType": True}, "no eventType"),
        ({"eventType": "forty"}, "no eventType"),
        ({"eventType": 1.5}, "no eventType"),
    ],
)
def test_unreadable_bodies(body: object, sentence: str) -> None:
    with pytest.raises(CallbackError, match=sentence):
        Envelope.from_json(body)


@pytest.mark.parametrize(
    "payload",
    [
        "not an object",
        {"uid": [1], "sequence": {"a": 1}, "sendts": "soon", "details": "x", "cname": 5},
        {"uid": None, "sequence": True, "serviceType": 1.0, "details": None},
    ],
)
def test_wrong_field_types_are_read_as_absent(payload: Any) -> None:
    env = Envelope.from_json({"eventType": 33, "payload": payload})
    assert env.sequence is None or isinstance(env.sequence, int)
    assert isinstance(env.uid, str) and isinstance(env.cname, str)
    assert isinstance(env.details, dict)
    assert env.event_key() is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(["eventType", "noticeId", "notifyMs", "sid", "payload", "productId", "x"]),
        json_values,
    )
)
def test_any_json_object_reads_or_raises_the_typed_error(body: dict[str, Any]) -> None:
    try:
        env = Envelope.from_json(body)
    except CallbackError:
        return
    assert isinstance(env.event_type, int)
    assert isinstance(env.details, dict)
