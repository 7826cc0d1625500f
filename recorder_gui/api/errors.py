"""The client's error hierarchy: what went wrong, in types the UI and engine can match on.

Every error carries the HTTP status, Agora ``code`` and ``reason``, the ``X-Request-Id``, the
endpoint, and a plain-language meaning with the next step (from :mod:`.codes`). No error text
ever contains a secret: the texts are built only from the table, the endpoint name and what
the service answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .codes import CodeInfo, code_info

#: What each endpoint does, for sentences ("Starting the recording failed: ...").
ACTIONS: dict[str, str] = {
    "acquire": "Reserving a recording resource",
    "start": "Starting the recording",
    "query": "Checking the recording",
    "update": "Updating the recording",
    "updateLayout": "Changing the layout",
    "stop": "Stopping the recording",
    "channel_users": "Listing the channel's users",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a request was refused before sending: the field and the rule it breaks."""

    field: str
    rule: str

    def __str__(self) -> str:
        return f"{self.field}: {self.rule}"


class CloudRecordingError(Exception):
    """Base of every error raised by :class:`~recorder_gui.api.CloudRecordingClient`."""

    default_meaning = "The Cloud Recording service returned an error."
    default_next_step = "Try again; if it repeats, quote the request ID to Agora support."

    def __init__(
        self,
        *,
        endpoint: str,
        http_status: int | None = None,
        code: int | None = None,
        reason: str | None = None,
        request_id: str | None = None,
        meaning: str | None = None,
        next_step: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.http_status = http_status
        self.code = code
        self.reason = reason
        self.request_id = request_id
        info = code_info(code, reason if code is None else None)
        self.meaning = meaning or (info.meaning if info else self.default_meaning)
        self.next_step = next_step or (info.next_step if info else self.default_next_step)
        self.body = body or {}
        super().__init__(self.sentence())

    @property
    def action(self) -> str:
        return ACTIONS.get(self.endpoint, self.endpoint)

    def sentence(self) -> str:
        """A plain sentence with the meaning, the next step and the details to quote."""
        details = []
        if self.http_status is not None:
            details.append(f"HTTP {self.http_status}")
        if self.code is not None:
            details.append(f"code {self.code}")
        if self.reason:
            details.append(repr(self.reason))
        if self.request_id:
            details.append(f"request ID {self.request_id}")
        tail = f" ({', '.join(details)})" if details else ""
        return f"{self.action} failed: {self.meaning} Next: {self.next_step}{tail}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(endpoint={self.endpoint!r}, http_status={self.http_status!r},"
            f" code={self.code!r}, reason={self.reason!r}, request_id={self.request_id!r})"
        )


class RequestValidationError(CloudRecordingError, ValueError):
    """The request was refused before sending; :attr:`problems` names each field and rule."""

    def __init__(self, endpoint: str, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "; ".join(str(p) for p in problems)
        super().__init__(
            endpoint=endpoint,
            meaning=f"The request is not valid: {listed}.",
            next_step="Correct the settings named above.",
        )


class AuthError(CloudRecordingError):
    """401: credentials missing or wrong (gateway ``message``)."""


class AccountError(CloudRecordingError):
    """The App ID is inactive (405)."""


class NotFoundError(CloudRecordingError):
    """404 "failed to find worker": the task ended, never started, or is failing over."""


class ConflictError(CloudRecordingError):
    """The call conflicts with the task's state (codes 7, 53, 49)."""


class AlreadyStartedError(ConflictError):
    """201 / code 7: start repeated with the same resource. The body has no sid."""


class TaskConflictError(ConflictError):
    """400 / code 53: another task records the same channel with the same bot uid."""


class AlreadyStoppedError(ConflictError):
    """400 / code 49: stop repeated, the task is exiting or already gone."""


class ResourceError(CloudRecordingError):
    """The resource ID is expired or does not match (433, 432, 1001, 1003, 1005)."""


class ResourceExpiredError(ResourceError):
    """Code 433: more than five minutes since acquire."""


class InvalidRequestError(CloudRecordingError):
    """The service refused the request as invalid (2, 8, 400, 401, 1013, 1028, 109, 110)."""


class RateLimitedError(CloudRecordingError):
    """429: over 10 requests per second.

    :attr:`retry_after` is the raw ``Retry-After`` header (or None);
    :attr:`retry_after_seconds` is its safe reading: finite seconds, clamped to the retry
    policy's ``max_retry_after``, or None when absent or unusable (see
    :func:`~recorder_gui.api.retry.parse_retry_after`).
    """

    retry_after: str | None = None
    retry_after_seconds: float | None = None


class QuotaError(CloudRecordingError):
    """Code 406: the concurrent recording quota is used up."""


class RequestNotCompletedError(CloudRecordingError):
    """206 / code 65: reached the service but did not complete; retry with the same resource."""


class NoRecordedDataError(CloudRecordingError):
    """206 / code 435 on stop: the recording ended with nothing recorded."""


class ServerError(CloudRecordingError):
    """5xx, or codes 62, 500, 501, 502, 504, 15, 50, 52."""


class UnexpectedResponseError(CloudRecordingError):
    """The answer could not be understood: not JSON, too large, nested too deeply, not an
    object, a missing or wrongly typed field, or an implausible identifier."""

    default_meaning = "The service sent an answer recorder-gui could not understand."


class TransportError(CloudRecordingError):
    """No HTTP answer: timeout, connection refused, TLS failure, dropped connection.

    :attr:`maybe_delivered` tells whether the request may have reached the service (a read
    timeout or a dropped connection after sending), which matters for ``start``.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        kind: str,
        detail: str,
        maybe_delivered: bool,
        domains_tried: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.detail = detail
        self.maybe_delivered = maybe_delivered
        self.domains_tried = domains_tried
        tried = f" ({', '.join(domains_tried)})" if domains_tried else ""
        super().__init__(
            endpoint=endpoint,
            meaning=f"The Agora service could not be reached: {detail}.",
            next_step=f"Check the network connection; recorder-gui tried every domain{tried}.",
        )


class TransportTimeoutError(TransportError):
    """The service did not answer in time."""


class DeadlineExceededError(TransportTimeoutError):
    """The whole call (every attempt, domain failover and wait) outlasted its deadline.

    :attr:`seconds` is the deadline; :attr:`maybe_delivered` is True when any attempt may
    have reached the service (an answer came, or a request was in flight at the deadline).
    """

    def __init__(
        self,
        *,
        endpoint: str,
        seconds: float,
        maybe_delivered: bool,
        domains_tried: tuple[str, ...] = (),
    ) -> None:
        self.seconds = seconds
        super().__init__(
            endpoint=endpoint,
            kind="deadline",
            detail=f"no complete answer within {seconds:g} s",
            maybe_delivered=maybe_delivered,
            domains_tried=domains_tried,
        )


class TransportConnectError(TransportError):
    """The connection was refused or the name did not resolve."""


class TLSError(TransportError):
    """The service's certificate could not be verified."""


#: A reason longer than this is cut (it ends up in sentences and logs).
MAX_REASON_CHARS = 300

_BY_CODE: dict[int, type[CloudRecordingError]] = {
    7: AlreadyStartedError,
    1004: AlreadyStartedError,
    53: TaskConflictError,
    49: AlreadyStoppedError,
    404: NotFoundError,
    433: ResourceExpiredError,
    432: ResourceError,
    1001: ResourceError,
    1003: ResourceError,
    1005: ResourceError,
    2: InvalidRequestError,
    8: InvalidRequestError,
    400: InvalidRequestError,
    401: InvalidRequestError,
    1013: InvalidRequestError,
    1028: InvalidRequestError,
    109: InvalidRequestError,
    110: InvalidRequestError,
    405: AccountError,
    406: QuotaError,
    65: RequestNotCompletedError,
    435: NoRecordedDataError,
    62: ServerError,
    15: ServerError,
    50: ServerError,
    52: ServerError,
    500: ServerError,
    501: ServerError,
    502: ServerError,
    504: ServerError,
}


def int_or_none(value: Any) -> int | None:
    """``value`` as an int when it is one (or a short string of digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and len(value) <= 20 and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def error_class_for(
    http_status: int, code: int | None, message: str | None
) -> type[CloudRecordingError]:
    if http_status == 401:
        return AuthError
    if http_status == 429:
        return RateLimitedError
    if code is not None and code in _BY_CODE:
        return _BY_CODE[code]
    if http_status == 404:
        # Gateway "no Route matched": the URL itself is wrong.
        return InvalidRequestError if message else NotFoundError
    if http_status >= 500:
        return ServerError
    if 400 <= http_status < 500:
        return InvalidRequestError
    return UnexpectedResponseError


def error_from_response(
    *, endpoint: str, http_status: int, body: Any, request_id: str | None
) -> CloudRecordingError:
    """Build the typed error for a non-success answer, of either body shape
    (docs/api-notes.md, "Transport and domains")."""
    data: dict[str, Any] = body if isinstance(body, dict) else {}
    code = int_or_none(data.get("code"))
    reason = data.get("reason")
    message = data.get("message")
    text = reason if isinstance(reason, str) else (message if isinstance(message, str) else None)
    if text is not None and len(text) > MAX_REASON_CHARS:
        text = text[:MAX_REASON_CHARS] + "..."
    cls = error_class_for(http_status, code, text if code is None else None)
    info: CodeInfo | None = code_info(code, text if code is None else None)
    return cls(
        endpoint=endpoint,
        http_status=http_status,
        code=code,
        reason=text,
        request_id=request_id,
        meaning=info.meaning if info else None,
        next_step=info.next_step if info else None,
        body=data,
    )
