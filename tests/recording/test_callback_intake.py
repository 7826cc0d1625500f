"""Which callbacks belong to a recording: by sid, or by channel and bot uid before it has one."""

from __future__ import annotations

import pytest

from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.recording import SessionState
from recorder_gui.recording.callback_intake import Claim, Who, claim

ACQUIRED = 1_000_000.0  # seconds


def env(
    sid: str = "s1", cname: str = "show", uid: str = "900001", at_s: float = ACQUIRED + 5
) -> Envelope:
    return Envelope.from_json(
        {
            "eventType": 40,
            "payload": {
                "sid": sid,
                "cname": cname,
                "uid": uid,
                "sequence": 1,
                "sendts": int(at_s * 1000),
            },
        }
    )


def who(state: SessionState, sid: str | None = None) -> Who:
    return Who(sid, "show", "900001", state, ACQUIRED)


@pytest.mark.parametrize(
    ("session", "event", "expected"),
    [
        (who(SessionState.RECORDING, "s1"), env(), Claim.MINE),
        (who(SessionState.RECORDING, "s1"), env(sid="s2"), Claim.NOT_MINE),
        (who(SessionState.UNADDRESSABLE), env(), Claim.RESOLVES),
        (who(SessionState.STARTING), env(), Claim.EARLY),
        (who(SessionState.ACQUIRING), env(), Claim.EARLY),
        (who(SessionState.UNADDRESSABLE), env(uid="900002"), Claim.NOT_MINE),
        (who(SessionState.UNADDRESSABLE), env(cname="other"), Claim.NOT_MINE),
        (who(SessionState.UNADDRESSABLE), env(sid=""), Claim.NOT_MINE),
        (who(SessionState.UNADDRESSABLE), env(cname="test_webhook"), Claim.NOT_MINE),
        # an earlier recording with the same bot uid on the same channel
        (who(SessionState.UNADDRESSABLE), env(at_s=ACQUIRED - 3600), Claim.NOT_MINE),
        # a clock a little behind ours is fine
        (who(SessionState.UNADDRESSABLE), env(at_s=ACQUIRED - 30), Claim.RESOLVES),
        (who(SessionState.FAILED), env(), Claim.NOT_MINE),
        (Who(None, "show", "900001", SessionState.UNADDRESSABLE, None), env(), Claim.NOT_MINE),
    ],
)
def test_claim(session: Who, event: Envelope, expected: Claim) -> None:
    assert claim(session, event) is expected
