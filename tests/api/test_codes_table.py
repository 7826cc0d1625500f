"""The code and status tables against docs/api-notes.md ("Error codes", "query")."""

from __future__ import annotations

import pytest

from recorder_gui.api.codes import (
    CODES,
    ENDED_STATUSES,
    GATEWAY_MESSAGES,
    RUNNING_STATUSES,
    STATUS_MEANINGS,
    code_info,
    status_meaning,
)

#: Every code of the "Error codes" table, with a word its meaning must contain.
DOCUMENTED_CODES = {
    2: "parameter",
    7: "already started",
    8: "not json",
    15: "failed to start",
    32: "storage",
    47: "uploading",
    49: "stopping",
    50: "uploading",
    51: "uploader",
    52: "did not start in time",
    53: "already running",
    62: "did not answer in time",
    65: "did not complete",
    109: "expired",
    110: "invalid",
    400: "app id",
    401: "channel name",
    404: "no running recording",
    405: "not active",
    406: "quota",
    432: "does not match",
    433: "expired",
    435: "nothing was recorded",
    500: "internal error",
    501: "no recording worker",
    502: "allocate",
    504: "timed out",
    1001: "could not be read",
    1003: "does not match",
    1004: "already running",
    1005: "already used",
    1013: "channel name",
    1028: "layout",
}

#: The gateway messages (no code) the notes list, as the service spells them.
DOCUMENTED_MESSAGES = {
    "invalid appid": "app id",
    "appid is invalid": "app id",
    "Unauthorized": "no credentials",
    "Invalid authentication credentials": "customer id",
    "no Route matched with those values": "address",
    "API rate limit exceeded": "too many requests",
}

#: "query": status -> meaning.
DOCUMENTED_STATUSES = {
    0: "not started",
    1: "initialization complete",
    2: "components starting",
    3: "some components ready",
    4: "all components ready",
    5: "recording in progress",
    6: "stop requested",
    7: "all components stopped",
    8: "exited",
    20: "exited abnormally",
}


def test_the_code_table_is_exactly_the_documented_codes() -> None:
    assert set(CODES) == set(DOCUMENTED_CODES)


@pytest.mark.parametrize(("code", "word"), DOCUMENTED_CODES.items(), ids=str)
def test_each_code_maps_to_its_meaning(code: int, word: str) -> None:
    info = code_info(code)
    assert info is CODES[code]
    assert word in info.meaning.lower()
    assert info.next_step.endswith((".", ","))


@pytest.mark.parametrize(("message", "word"), DOCUMENTED_MESSAGES.items())
def test_each_gateway_message_maps_to_its_meaning(message: str, word: str) -> None:
    info = code_info(None, f"  {message} ")
    assert info is GATEWAY_MESSAGES[message.lower()]
    assert word in info.meaning.lower()
    assert set(GATEWAY_MESSAGES) == {m.lower() for m in DOCUMENTED_MESSAGES}


def test_unknown_codes_fall_back_to_the_message_or_nothing() -> None:
    assert code_info(999) is None
    assert code_info(999, "") is None
    assert code_info(999, "something else") is None
    assert code_info(999, "Unauthorized") is GATEWAY_MESSAGES["unauthorized"]
    assert code_info(None) is None
    assert code_info(0) is None
    # A known code wins over the message.
    assert code_info(2, "Unauthorized") is CODES[2]


def test_status_table_is_the_documented_one() -> None:
    assert STATUS_MEANINGS == DOCUMENTED_STATUSES
    for status, meaning in DOCUMENTED_STATUSES.items():
        assert status_meaning(status) == meaning


def test_unknown_statuses_are_named_as_such() -> None:
    assert status_meaning(None) == "unknown"
    assert status_meaning(42) == "unknown status 42"
    assert status_meaning(-1) == "unknown status -1"


def test_running_and_ended_statuses_follow_the_notes() -> None:
    # "4 and 5 mean recording; 6, 7, 8 and 20 mean over" (docs/api-notes.md, "query").
    assert frozenset({4, 5}) == RUNNING_STATUSES
    assert frozenset({6, 7, 8, 20}) == ENDED_STATUSES
    assert set(STATUS_MEANINGS) >= RUNNING_STATUSES | ENDED_STATUSES
