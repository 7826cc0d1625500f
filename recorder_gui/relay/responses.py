"""JSON answers with a plain sentence, and a log throttle for floods of refused requests."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from starlette.responses import JSONResponse


def error(
    status: int, sentence: str, *, close: bool = False, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """``{"error": sentence}``; ``close`` ends the connection (a body was left unread)."""
    extra = dict(headers or {})
    if close:
        extra["Connection"] = "close"
    return JSONResponse({"error": sentence}, status_code=status, headers=extra)


class LogThrottle:
    """Log one line per ``reason`` every ``interval`` seconds, counting the ones left out."""

    def __init__(self, logger: logging.Logger, interval: float = 10.0) -> None:
        self._logger = logger
        self._interval = interval
        self._last: dict[str, float] = {}
        self._skipped: dict[str, int] = {}

    def warning(self, reason: str, detail: str) -> None:
        now = time.monotonic()
        last = self._last.get(reason)
        if last is not None and now - last < self._interval:
            self._skipped[reason] = self._skipped.get(reason, 0) + 1
            return
        skipped = self._skipped.pop(reason, 0)
        self._last[reason] = now
        more = f" ({skipped} more like it not logged)" if skipped else ""
        self._logger.warning("%s: %s%s", reason, detail, more)
