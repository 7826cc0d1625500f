"""Where a panel reads callbacks: a relay's address and read token, checked."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class RelaySettingsError(ValueError):
    """A relay URL or token that cannot be used; the message is a plain sentence."""


@dataclass(frozen=True)
class RelaySettings:
    url: str
    token: str = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", check_relay_url(self.url))
        if not self.token.strip():
            raise RelaySettingsError("The relay needs its read token (RECORDER_RELAY_TOKEN).")


def check_relay_url(url: str) -> str:
    """``url`` when usable: HTTPS, or HTTP on this machine only (a token must not travel
    in clear text)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts, host = urlsplit(""), ""
    if parts.scheme not in ("https", "http") or not host:
        raise RelaySettingsError(
            f"The relay address {url!r} is not a web address; use https://relay.example.com."
        )
    if parts.scheme == "http" and not is_loopback(host):
        raise RelaySettingsError(
            "The relay address must use https:// (the read token would travel in clear text); "
            "plain http:// is allowed only for this machine (127.0.0.1)."
        )
    return url.strip().rstrip("/")


def is_loopback(host: str) -> bool:
    """``host`` names this machine (``localhost`` or a loopback address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
