"""Settings of one emulator instance: credentials, App IDs, quotas and timing rules."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

DEMO_CUSTOMER_ID = "demo-customer-id"
DEMO_CUSTOMER_SECRET = "demo-customer-secret"  # noqa: S105 - a public demo value, not a secret
#: Largest request body accepted (413 above it); real requests are a few kB.
MAX_BODY_BYTES = 1 << 20
#: Request history bound, in wire bytes of the stored requests and responses.
HISTORY_MAX_BYTES = 2 << 20


def _demo_credentials() -> dict[str, str]:
    return {DEMO_CUSTOMER_ID: DEMO_CUSTOMER_SECRET}


@dataclass
class EmulatorConfig:
    """Mutable at run time (e.g. ``emulator.config.rate_limit_per_second = None``)."""

    credentials: dict[str, str] = field(default_factory=_demo_credentials)
    app_ids: set[str] | None = None
    app_certificates: dict[str, str] = field(default_factory=dict)
    rate_limit_per_second: int | None = 10
    max_concurrent_tasks: int | None = 50
    status_step_seconds: float = 1.0
    slice_seconds: float = 15.0
    exiting_seconds: float = 3.0
    resource_ttl_seconds: float = 300.0
    ha_window_seconds: float = 90.0
    resource_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_body_bytes: int = MAX_BODY_BYTES
    history_max_bytes: int = HISTORY_MAX_BYTES
    #: When set, every /_emulator request needs ``Authorization: Bearer <control_token>``.
    control_token: str | None = field(default=None, repr=False)
