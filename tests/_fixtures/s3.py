"""A real S3-compatible server on loopback: moto's server mode, one per test session.

``s3_server`` is the server's URL; ``s3`` a fresh, empty bucket on it for one test, with a
boto3 client to look inside. Any key pair is accepted (moto checks no signatures).
"""

from __future__ import annotations

import itertools
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key-0000000000000001"
_names = itertools.count()


@dataclass
class S3Bucket:
    """One bucket on the test server and a client to read it."""

    endpoint: str
    name: str
    client: Any

    def objects(self, prefix: str = "") -> list[str]:
        found: list[str] = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        for page in pages:
            found.extend(item["Key"] for item in page.get("Contents", []))
        return sorted(found)

    def get(self, key: str) -> bytes:
        body: bytes = self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        return body

    def storage_config(self, **extra: Any) -> dict[str, Any]:
        """A start's ``storageConfig`` for this bucket (vendor 11, the server as endpoint)."""
        return {
            "vendor": 11,
            "region": 0,
            "bucket": self.name,
            "accessKey": ACCESS_KEY,
            "secretKey": SECRET_KEY,
            "extensionParams": {"endpoint": self.endpoint},
            **extra,
        }


def s3_client(endpoint: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
    )


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """moto's ``ThreadedMotoServer`` on a free loopback port; yields its URL."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_server: str) -> S3Bucket:
    """A new, empty bucket for this test."""
    client = s3_client(s3_server)
    name = f"test-recordings-{next(_names)}"
    client.create_bucket(Bucket=name)
    return S3Bucket(s3_server, name, client)


def storage_on(s3: S3Bucket, **changes: Any) -> Any:
    """The panel's ``Storage`` for this bucket (vendor 11, the server as endpoint, a 5 s
    deadline); ``changes`` override any ``StorageTarget`` field, or ``timeout``."""
    from recorder_gui.files import Storage, StorageTarget

    values: dict[str, Any] = {
        "vendor": 11,
        "region": 0,
        "bucket": s3.name,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "endpoint": s3.endpoint,
    }
    values.update(changes)
    timeout = values.pop("timeout", 5.0)
    return Storage(StorageTarget(**values), timeout=timeout)


@pytest.fixture(params=["silent", "refusing"])
def dead_endpoint(request: pytest.FixtureRequest) -> Iterator[str]:
    """A loopback port that accepts and never answers, or one nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        if request.param == "silent":
            sock.listen(16)
            yield f"http://127.0.0.1:{port}"
            return
    yield f"http://127.0.0.1:{port}"
