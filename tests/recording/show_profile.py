"""The "show" profile and its secrets (in memory), as the pre-flight tests start from them."""

from __future__ import annotations

from typing import Any

from recorder_gui.store import CredentialStore, MemoryBackend, Profile, SecretField

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
SECRETS = {
    SecretField.CUSTOMER_ID: "cid",
    SecretField.CUSTOMER_SECRET: "csecret",
    SecretField.STORAGE_ACCESS_KEY: "AKIA123",
    SecretField.STORAGE_SECRET_KEY: "storage-secret",
}


def show_store(*, certificate: str | None = None) -> CredentialStore:
    """Every secret a start needs; the App Certificate only when given."""
    store = CredentialStore(backend=MemoryBackend())
    for field, value in SECRETS.items():
        store.set("show", field, value)
    if certificate is not None:
        store.set("show", SecretField.APP_CERTIFICATE, certificate)
    return store


def show_profile(**fields: Any) -> Profile:
    """Profile "show" on S3 (vendor 1, region 7, bucket "rec"); ``fields`` override."""
    data: dict[str, Any] = {
        "name": "show",
        "app_id": APP_ID,
        "storage": {"vendor": 1, "region": 7, "bucket": "rec", "file_name_prefix": ["a"]},
        **fields,
    }
    return Profile.model_validate(data)
