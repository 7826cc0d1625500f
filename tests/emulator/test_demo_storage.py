"""The demo's storage: moto's server on loopback, a bucket, and a profile recording to it."""

from __future__ import annotations

from recorder_gui.contexts import DEMO_BUCKET, demo_profile, demo_storage
from tests._fixtures.s3 import s3_client


def test_demo_storage_serves_the_demo_bucket() -> None:
    server, url = demo_storage()
    try:
        assert url.startswith("http://127.0.0.1:")
        buckets = s3_client(url).list_buckets()["Buckets"]
        assert DEMO_BUCKET in [b["Name"] for b in buckets]  # moto's state is per process
        profile = demo_profile("http://127.0.0.1:1", None, url)
        assert (profile.storage.vendor, profile.storage.region) == (11, 0)
        assert profile.storage.extension.endpoint == url
        assert profile.storage.bucket == DEMO_BUCKET
    finally:
        server.stop()


def test_without_real_storage_the_demo_profile_is_simulated_s3() -> None:
    profile = demo_profile("http://127.0.0.1:1")
    assert (profile.storage.vendor, profile.storage.extension.endpoint) == (1, None)
