"""Reading an answer defensively: every answer is hostile until parsed.

* :func:`read_capped` streams the body and stops once it is larger than the cap (default
  1 MiB), refusing at once when ``Content-Length`` already says so.
* :func:`decode_json` refuses JSON nested deeper than :data:`MAX_JSON_DEPTH` (a cheap
  bracket scan that skips strings, done only when the body holds enough brackets to matter),
  and the non-standard ``NaN``/``Infinity`` constants.
* :func:`plausible_identifier` is the rule for identifiers read from answers (resource IDs,
  sids, request IDs): 1..1024 printable ASCII characters, no whitespace.
* :func:`raise_for_answer` turns an error answer into its typed error;
  :func:`parse_answer` is the one typed parsing path of every endpoint's result.

Each refusal is an :class:`~.errors.UnexpectedResponseError` with a plain sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from .errors import (
    MAX_REASON_CHARS,
    AlreadyStartedError,
    RateLimitedError,
    RequestNotCompletedError,
    UnexpectedResponseError,
    error_from_response,
    int_or_none,
)
from .retry import RetryPolicy

T = TypeVar("T")

DEFAULT_MAX_RESPONSE_BYTES = 1 << 20  #: 1 MiB; real answers are a few KiB
MAX_JSON_DEPTH = 64  #: real answers nest about 6 levels
MAX_IDENTIFIER_LENGTH = 1024  #: real resource IDs are a few hundred characters

_IDENTIFIER = re.compile(rf"[!-~]{{1,{MAX_IDENTIFIER_LENGTH}}}", re.ASCII)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_OPEN = frozenset(b"[{")
#: What a parser may raise on a malformed answer (pydantic's ValidationError is a ValueError).
_MALFORMED = (ValueError, TypeError, LookupError, AttributeError, RecursionError)


@dataclass(frozen=True)
class Reply:
    """A parsed HTTP answer."""

    status: int
    body: Any
    request_id: str | None
    headers: httpx.Headers
    base_url: str


class BadAnswer(ValueError):
    """Raised by this module's readers; the transport turns it into an error with context."""


def plausible_identifier(value: str) -> bool:
    """True for 1..1024 printable ASCII characters without whitespace."""
    return _IDENTIFIER.fullmatch(value) is not None


def check_identifier(value: str) -> str:
    """``value`` if plausible (see :func:`plausible_identifier`), else ValueError."""
    if not plausible_identifier(value):
        raise ValueError(
            f"an identifier must be 1..{MAX_IDENTIFIER_LENGTH} printable ASCII characters"
        )
    return value


def request_id_of(headers: httpx.Headers) -> str | None:
    """The ``X-Request-Id`` header when it is a plausible identifier."""
    value = headers.get("x-request-id")
    return value if value and plausible_identifier(value) else None


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The whole body of a streamed ``response``, or :class:`BadAnswer` once over ``limit``."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BadAnswer(f"The service's answer was larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise BadAnswer(f"The service's answer was larger than {limit} bytes.")
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def nested_deeper_than(raw: bytes, limit: int) -> bool:
    """True when the JSON text ``raw`` nests arrays/objects deeper than ``limit``.

    Brackets inside strings do not count. Cheap for ordinary answers: with no more than
    ``limit`` opening brackets in total the depth cannot exceed it, and nothing is scanned.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", raw))
    depth = 0
    for byte in brackets:
        if byte in _OPEN:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_json(raw: bytes) -> Any:
    """The JSON value of ``raw`` (None when empty), or :class:`BadAnswer`."""
    if not raw:
        return None
    if nested_deeper_than(raw, MAX_JSON_DEPTH):
        raise BadAnswer(f"The service's answer was nested more than {MAX_JSON_DEPTH} levels deep.")
    try:
        return json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise BadAnswer("The service answered with something that is not JSON.") from None


def unexpected(
    endpoint: str, status: int | None, request_id: str | None, meaning: str
) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        endpoint=endpoint, http_status=status, request_id=request_id, meaning=meaning
    )


def raise_for_answer(endpoint: str, reply: Reply, policy: RetryPolicy) -> None:
    """Return for a success answer; raise the typed error of any other."""
    body = reply.body if isinstance(reply.body, dict) else {}
    if reply.status == 200 and "code" not in body:
        return
    if reply.status == 206 and "code" not in body and endpoint == "stop":
        return  # stop finished, upload state unknown: a result, not an error
    if reply.status == 201 and endpoint == "start":
        reason = body.get("reason")
        if not (reason and isinstance(reason, str)):
            reason = "already started"
        raise AlreadyStartedError(
            endpoint=endpoint,
            http_status=201,
            code=int_or_none(body.get("code")) or 7,
            reason=reason[:MAX_REASON_CHARS],
            request_id=reply.request_id,
            body=body,
        )
    if reply.status == 206 and "code" not in body:
        raise RequestNotCompletedError(
            endpoint=endpoint, http_status=206, request_id=reply.request_id, body=body
        )
    # Anything else, including a 200 that carries a code, is an error answer.
    error = error_from_response(
        endpoint=endpoint, http_status=reply.status, body=body, request_id=reply.request_id
    )
    if isinstance(error, RateLimitedError):
        header = reply.headers.get("retry-after")
        error.retry_after = header
        error.retry_after_seconds = policy.retry_after_seconds(header)
    raise error


def parse_answer(endpoint: str, reply: Reply, parser: Callable[[dict[str, Any]], T]) -> T:
    """``parser(body)`` for a JSON object body; UnexpectedResponseError for anything else,
    including whatever the parser raises on a missing or wrongly typed field."""
    if not isinstance(reply.body, dict):
        shape = "nothing" if reply.body is None else f"a JSON {_json_kind(reply.body)}"
        raise UnexpectedResponseError(
            endpoint=endpoint,
            http_status=reply.status,
            request_id=reply.request_id,
            meaning=f"The service answered with {shape} instead of a JSON object.",
        )
    try:
        return parser(reply.body)
    except _MALFORMED as exc:
        raise UnexpectedResponseError(
            endpoint=endpoint,
            http_status=reply.status,
            request_id=reply.request_id,
            meaning="The service's answer lacked an expected field or had one of the wrong"
            f" type ({type(exc).__name__}).",
        ) from None


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "number"
