"""Bring a profile file's JSON up to the current schema version.

Version 1 was the flat draft format written by the first prototype::

    {"version": 1, "name": ..., "app_id": ..., "domain": "EU" | "https://...",
     "vendor": 1, "region": 7, "bucket": ..., "prefix": "show/2026", "mode": "mix",
     "max_idle_time": 300, "bot_uid": 1234, "layout_template": ...}

Version 2 (current) nests storage and recording defaults; see ``models.Profile``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recorder_gui.store.models import SCHEMA_VERSION

JsonObject = dict[str, Any]


class MigrationError(ValueError):
    """The version field itself is missing or unusable (``newer`` when from a later app)."""

    def __init__(self, message: str, *, version: object, newer: bool = False) -> None:
        super().__init__(message)
        self.version = version
        self.newer = newer


def _v1_to_v2(old: JsonObject) -> JsonObject:
    data = dict(old)
    data.pop("version", None)
    new: JsonObject = {"schema_version": 2}
    for key in ("name", "app_id", "mode", "bot_uid", "layout_template"):
        if key in data:
            new[key] = data.pop(key)
    domain = data.pop("domain", None)
    if isinstance(domain, str) and domain.lower().startswith(("http://", "https://")):
        new["base_url"] = domain
    elif domain is not None:
        new["area"] = domain
    storage: JsonObject = {}
    for key in ("vendor", "region", "bucket"):
        if key in data:
            storage[key] = data.pop(key)
    prefix = data.pop("prefix", None)
    if isinstance(prefix, str):
        storage["file_name_prefix"] = [s for s in prefix.split("/") if s]
    elif prefix is not None:
        storage["file_name_prefix"] = prefix
    new["storage"] = storage
    if "max_idle_time" in data:
        new["recording"] = {"max_idle_time": data.pop("max_idle_time")}
    new.update(data)  # anything unknown stays, so validation names it
    return new


_STEPS: dict[int, Callable[[JsonObject], JsonObject]] = {1: _v1_to_v2}


def file_version(data: JsonObject) -> object:
    """The schema version a file claims (``schema_version``, or version 1's ``version``)."""
    return data.get("schema_version", data.get("version"))


def migrate(data: JsonObject) -> JsonObject:
    """Return ``data`` in the current schema; raise MigrationError if its version is unusable."""
    version = file_version(data)
    if version is None:
        raise MigrationError("the schema_version field is missing", version=None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MigrationError(f"schema_version {version!r} is not a version number", version=version)
    if version > SCHEMA_VERSION:
        raise MigrationError(
            f"schema_version {version} is newer than this app", version=version, newer=True
        )
    while version < SCHEMA_VERSION:
        data = _STEPS[version](data)
        version += 1
    return data
