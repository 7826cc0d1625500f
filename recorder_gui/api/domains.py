"""API domains and the documented failover order (docs/api-notes.md, "Transport and domains").

Order on a transport error: the same domain once more, then the other primary
(``api.agora.io`` <-> ``api.sd-rtn.com``), then the adjacent regional domains of the chosen
area. Plain ``http://`` is accepted only for loopback hosts (the emulator).
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Sequence
from enum import StrEnum
from urllib.parse import urlsplit


class Area(StrEnum):
    GLOBAL = "GLOBAL"
    US = "US"
    EU = "EU"
    AP = "AP"
    CN = "CN"


_REGIONAL = {
    Area.US: ("api-us-west-1", "api-us-east-1"),
    Area.EU: ("api-eu-west-1", "api-eu-central-1"),
    Area.AP: ("api-ap-southeast-1", "api-ap-northeast-1"),
    Area.CN: ("api-cn-east-1", "api-cn-north-1"),
}


def area_domains(area: Area | str = Area.GLOBAL) -> list[str]:
    """The base URLs for an area, in failover order."""
    area = Area(area)
    suffixes = ("sd-rtn.com", "agora.io") if area is Area.CN else ("agora.io", "sd-rtn.com")
    urls = [f"https://api.{s}" for s in suffixes]
    for prefix in _REGIONAL.get(area, ()):
        urls.append(f"https://{prefix}.{suffixes[0]}")
    return urls


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash, or ValueError if it is not HTTPS or loopback HTTP."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host or parts.scheme == "http" and host and _is_loopback(host):
        pass
    else:
        raise ValueError(
            f"base URL {url!r} must use https:// (plain http:// only for a loopback emulator)"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"base URL {url!r} must not carry credentials, a query or a fragment")
    return url.rstrip("/")


class DomainPool:
    """The ordered base URLs and the one in use; success makes a domain the current one."""

    def __init__(self, base_urls: Sequence[str]) -> None:
        if not base_urls:
            raise ValueError("at least one base URL is needed")
        self._urls = [check_base_url(u) for u in base_urls]
        self._index = 0
        self._lock = threading.Lock()

    @property
    def urls(self) -> list[str]:
        return list(self._urls)

    @property
    def current(self) -> str:
        return self._urls[self._index]

    def attempt_order(self, max_attempts: int) -> list[str]:
        """Current domain twice, then each other domain in order (capped to max_attempts)."""
        start = self._index
        others = [self._urls[(start + k) % len(self._urls)] for k in range(1, len(self._urls))]
        order = [self._urls[start], self._urls[start], *others]
        return order[:max_attempts]

    def mark_good(self, url: str) -> None:
        with self._lock:
            if url in self._urls:
                self._index = self._urls.index(url)
