"""The addresses NCS calls from, fetched from Agora (``--allow-ncs-ips``).

``GET https://api.agora.io/v1/ncs/ip`` (Basic auth with the RESTful customer ID and secret)
answers ``{"data": {"service": {"hosts": [{"primaryIP": "x.x.x.x"}, ...]}}}``; the NCS guide
names ``/v2/ncs/ip`` with the same shape. Variants are read too: ``service`` as a list of
services, ``services``, hosts given as plain strings, or ``primaryIp``/``ip`` keys. Agora
changes the addresses now and then and asks for a refresh at least once a day.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import httpx

from recorder_gui.relay.config import IpListSource

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_MAX_ANSWER = 1024 * 1024
_IP_KEYS = ("primaryIP", "primaryIp", "primary_ip", "ip")
_CREDENTIALS_HINT = " (check RECORDER_RELAY_CUSTOMER_ID and RECORDER_RELAY_CUSTOMER_SECRET)"


class AllowListError(RuntimeError):
    """The NCS address list cannot be fetched or read; the message is a plain sentence."""


def _hosts(data: object) -> Iterator[object]:
    """Every host entry under ``data.service(s)``, whatever the nesting."""
    if not isinstance(data, dict):
        return
    services: list[object] = []
    for key in ("service", "services"):
        value = data.get(key)
        if isinstance(value, list):
            services.extend(value)
        elif value is not None:
            services.append(value)
    if "hosts" in data:
        services.append(data)
    for service in services:
        if isinstance(service, dict) and isinstance(service.get("hosts"), list):
            yield from service["hosts"]


def _address(host: object) -> str | None:
    if isinstance(host, str):
        return host
    if isinstance(host, dict):
        for key in _IP_KEYS:
            value = host.get(key)
            if isinstance(value, str):
                return value
    return None


def parse_ip_list(answer: object) -> frozenset[Network]:
    """The networks in an ``/ncs/ip`` answer (v1 or v2 shape); empty lists are an error."""
    data = answer.get("data", answer) if isinstance(answer, dict) else None
    networks: set[Network] = set()
    for host in _hosts(data):
        text = _address(host)
        if text is None:
            continue
        try:
            networks.add(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            continue
    if not networks:
        raise AllowListError("The NCS IP list holds no address.")
    return frozenset(networks)


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"


async def fetch_ip_list(source: IpListSource) -> frozenset[Network]:
    auth = (source.customer_id.reveal(), source.customer_secret.reveal())
    try:
        async with (
            httpx.AsyncClient(timeout=source.timeout, follow_redirects=False) as client,
            client.stream("GET", source.url, auth=auth) as response,
        ):
            if response.status_code != 200:
                hint = _CREDENTIALS_HINT if response.status_code in (401, 403) else ""
                raise AllowListError(
                    f"The NCS IP list at {_where(source.url)} answered HTTP "
                    f"{response.status_code}{hint}."
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > _MAX_ANSWER:
                    raise AllowListError("The NCS IP list answer is larger than 1 MiB.")
    except httpx.HTTPError as err:
        raise AllowListError(
            f"Cannot fetch the NCS IP list from {_where(source.url)}: {type(err).__name__}."
        ) from None
    try:
        answer = json.loads(bytes(body))
    except (ValueError, RecursionError):
        raise AllowListError("The NCS IP list answer is not JSON.") from None
    return parse_ip_list(answer)


class AllowList:
    """The current networks; :meth:`allows` answers for a client address (IPv4-mapped too)."""

    def __init__(self, networks: Iterable[Network]) -> None:
        self.networks = frozenset(networks)

    def allows(self, host: str | None) -> bool:
        if not host:
            return False
        try:
            address = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)
