"""Redaction of secrets in log records, and the domain rules."""

from __future__ import annotations

import logging

import pytest

from recorder_gui.api.domains import Area, DomainPool, area_domains, check_base_url
from recorder_gui.api.redact import SECRETS, RedactingFilter, redact


def test_registered_secrets_and_credential_shapes_are_masked() -> None:
    SECRETS.add("hunter2-secret")
    text = (
        'secret hunter2-secret; Authorization: Basic dXNlcjpwYXNz; {"secretKey": "abc",'
        ' "token": "007eJxTYBBbsMMnKq7p9Hf"} 007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp'
    )
    out = redact(text)
    for leaked in ("hunter2-secret", "dXNlcjpwYXNz", '"abc"', "007eJxT"):
        assert leaked not in out
    assert "Authorization: ***" in out


def test_filter_redacts_args_and_tracebacks() -> None:
    SECRETS.add("tb-secret-value")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "key=%s", ("tb-secret-value",), None)
    try:
        raise RuntimeError("boom tb-secret-value")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "tb-secret-value" not in text and "boom ***" in text


def test_area_domains_follow_the_documented_order() -> None:
    assert area_domains(Area.GLOBAL) == ["https://api.agora.io", "https://api.sd-rtn.com"]
    assert area_domains("EU") == [
        "https://api.agora.io",
        "https://api.sd-rtn.com",
        "https://api-eu-west-1.agora.io",
        "https://api-eu-central-1.agora.io",
    ]
    assert area_domains("CN")[0] == "https://api.sd-rtn.com"


@pytest.mark.parametrize(
    "url",
    [
        "http://api.agora.io",
        "ftp://127.0.0.1",
        "http://10.0.0.1:80",
        "https://u:p@api.agora.io",
        "api.agora.io",
    ],
)
def test_plain_http_only_for_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        check_base_url(url)


def test_loopback_http_is_fine() -> None:
    for url in ("http://127.0.0.1:8000/", "http://localhost:1", "http://[::1]:2"):
        assert not check_base_url(url).endswith("/")


def test_failover_order_same_then_others_and_sticky() -> None:
    pool = DomainPool(["https://a.example", "https://b.example", "https://c.example"])
    assert pool.attempt_order(4) == [
        "https://a.example",
        "https://a.example",
        "https://b.example",
        "https://c.example",
    ]
    pool.mark_good("https://b.example")
    assert pool.current == "https://b.example"
    assert pool.attempt_order(3) == ["https://b.example", "https://b.example", "https://c.example"]
