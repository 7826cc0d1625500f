"""Gateway checks of every API request (a mixin of ``emulator.Emulator``): Basic auth, App ID
and the rate limit (docs/api-notes.md, "Transport and domains" and "Rate limits")."""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import threading
import time
from collections import deque

from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.errors import gateway_error, service_error

_APP_ID = re.compile(r"[0-9a-fA-F]{32}")


class GatewayChecks:
    """``authenticate``, ``check_app_id``, ``rate_key`` and ``check_rate``."""

    config: EmulatorConfig
    _lock: threading.RLock
    _rate: dict[str, deque[float]]

    def authenticate(self, header: str | None) -> str:
        """The customer ID of a valid ``Authorization: Basic`` header, else a 401 error."""
        if header is None:
            raise gateway_error(401, "Unauthorized")
        bad = gateway_error(401, "Invalid authentication credentials")
        if not header.startswith("Basic "):
            raise bad
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise bad from None
        customer_id, sep, secret = decoded.partition(":")
        expected = self.config.credentials.get(customer_id)
        if not sep or expected is None or not hmac.compare_digest(expected, secret):
            raise bad
        return customer_id

    def check_app_id(self, appid: str, *, service_level: bool) -> None:
        if not _APP_ID.fullmatch(appid):
            raise gateway_error(400, "invalid appid")
        allowed = self.config.app_ids
        if allowed is not None and appid not in allowed:
            if service_level:
                raise service_error(400, 400, "invalid_appid")
            raise gateway_error(400, "invalid appid")

    def rate_key(self, customer_id: str, appid: str) -> str:
        """The rate-limit budget a request counts against (``config.rate_limit_scope``)."""
        if self.config.rate_limit_scope == "app":
            return appid
        return f"customer:{customer_id}"

    def check_rate(self, key: str) -> None:
        """Sliding one-second window on real monotonic time, per budget key (``rate_key``)."""
        limit = self.config.rate_limit_per_second
        if limit is None:
            return
        now = time.monotonic()
        with self._lock:
            window = self._rate.setdefault(key, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                raise gateway_error(429, "API rate limit exceeded")
            window.append(now)
