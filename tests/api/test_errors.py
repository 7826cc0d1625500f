"""Every code maps to one type with a plain sentence and a next step."""

from __future__ import annotations

import pytest

from recorder_gui.api import errors as e
from recorder_gui.api.codes import CODES, GATEWAY_MESSAGES


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, {"message": "Unauthorized"}, e.AuthError),
        (401, {"message": "Invalid authentication credentials"}, e.AuthError),
        (404, {"code": 404, "reason": "failed to find worker"}, e.NotFoundError),
        (404, {"message": "no Route matched with those values"}, e.InvalidRequestError),
        (201, {"code": 7, "reason": "already started"}, e.AlreadyStartedError),
        (400, {"code": 53, "reason": "task conflict"}, e.TaskConflictError),
        (400, {"code": 49, "reason": "invalid operation"}, e.AlreadyStoppedError),
        (400, {"code": 433}, e.ResourceExpiredError),
        (400, {"code": 432}, e.ResourceError),
        (400, {"code": 1001}, e.ResourceError),
        (400, {"code": 1003}, e.ResourceError),
        (400, {"code": 2, "reason": "invalid parameter"}, e.InvalidRequestError),
        (400, {"code": 1028}, e.InvalidRequestError),
        (400, {"code": 8}, e.InvalidRequestError),
        (400, {"code": 400, "reason": "invalid_appid"}, e.InvalidRequestError),
        (400, {"code": 401, "reason": "invalid_channel_name"}, e.InvalidRequestError),
        (429, {"message": "API rate limit exceeded"}, e.RateLimitedError),
        (400, {"code": 406, "reason": "vendor_over_load"}, e.QuotaError),
        (400, {"code": 405}, e.AccountError),
        (206, {"code": 65, "reason": "request not completed"}, e.RequestNotCompletedError),
        (206, {"code": 435, "reason": "no recorded data"}, e.NoRecordedDataError),
        (500, {"code": 62, "reason": "request timeout"}, e.ServerError),
        (504, {"code": 62}, e.ServerError),
        (500, {"code": 502}, e.ServerError),
        (500, {"code": 501}, e.ServerError),
        (500, {"code": 504}, e.ServerError),
        (503, {}, e.ServerError),
        (500, {"resourceId": "r", "sid": "", "code": 15}, e.ServerError),
        (418, "not json", e.InvalidRequestError),
    ],
)
def test_mapping(status: int, body: object, cls: type[e.CloudRecordingError]) -> None:
    err = e.error_from_response(endpoint="start", http_status=status, body=body, request_id="R1")
    assert type(err) is cls
    assert err.http_status == status and err.request_id == "R1"
    text = str(err)
    assert text.startswith("Starting the recording failed: ")
    assert "Next: " in text and "request ID R1" in text
    assert err.meaning and err.next_step


def test_every_code_in_the_table_has_a_sentence_and_a_step() -> None:
    for code, info in CODES.items():
        assert info.meaning.endswith((".", ")")), code
        assert info.next_step, code
    for message, info in GATEWAY_MESSAGES.items():
        assert message == message.lower() and info.meaning


def test_codes_are_strings_sometimes() -> None:
    err = e.error_from_response(
        endpoint="query", http_status=404, body={"code": "404"}, request_id=None
    )
    assert isinstance(err, e.NotFoundError) and err.code == 404


def test_validation_error_lists_fields_and_rules() -> None:
    err = e.RequestValidationError(
        "start", [e.Problem("uid", "must be 1..2^32-1"), e.Problem("cname", "too long")]
    )
    assert "uid: must be 1..2^32-1; cname: too long" in str(err)
    assert isinstance(err, ValueError)
