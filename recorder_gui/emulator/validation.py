"""Request-body validation of acquire/start/update/updateLayout, independent of the client code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from recorder_gui.emulator.checks import Checker, is_number, is_rtc_cname, is_web_cname
from recorder_gui.emulator.errors import invalid, service_error

# docs/api-notes.md, "Storage and file naming": vendor -> valid storage region numbers.
VENDOR_REGIONS: dict[int, frozenset[int]] = {
    0: frozenset(range(5)),
    1: frozenset(set(range(26)) - {17, 23}),
    2: frozenset(range(28)),
    3: frozenset(range(20)),
    4: frozenset(range(10)),
    5: frozenset({0}),
    6: frozenset({0}),
    7: frozenset(range(16)),
    8: frozenset(range(1, 8)),
    11: frozenset({0}),
}
_PREFIX_SEGMENT = re.compile(r"[A-Za-z0-9]+")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
LAYOUT_KEYS = {
    "mixedVideoLayout",
    "maxResolutionUid",
    "backgroundColor",
    "backgroundImage",
    "defaultUserBackgroundImage",
    "layoutConfig",
    "backgroundConfig",
}
DEFAULT_LAYOUT: dict[str, Any] = {"mixedVideoLayout": 0, "backgroundColor": "#000000"}
WITHDRAWN_SCENE_2 = (
    "2 (postponed transcoding / audio mixing) is not available: the feature was removed from "
    "the documentation in 2025 (2025-04-10); record in individual mode and transcode yourself"
)


@dataclass(frozen=True)
class AcquireRequest:
    cname: str
    uid: str
    scene: int
    expired_hour: int
    #: ``excludeResourceIds`` as sent (entries checked against the resource IDs at acquire)
    excluded: tuple[str, ...] = ()
    #: the geofence ``region``, or None
    region: str | None = None


def envelope(body: Any, *, code: int = 2) -> tuple[str, str, Checker]:
    """The common POST envelope ``{cname, uid, clientRequest}``."""
    top = Checker(body, "body", code=code)
    cname = top.str_("cname", required=True)
    uid = top.str_("uid", required=True)
    client = top.obj_("clientRequest", required=True)
    assert cname is not None
    assert uid is not None
    assert client is not None
    return cname, uid, client


def validate_acquire(body: Any) -> AcquireRequest:
    top = Checker(body, "body")
    if not isinstance(top.obj.get("cname"), str):
        raise invalid("body.cname is required and must be a string")
    uid = top.uid("uid", required=True)
    client = top.obj_("clientRequest", required=True)
    assert uid is not None
    assert client is not None
    scene = client.int_("scene", 0, 2, 0)
    if scene == 2:
        raise client.fail("scene", WITHDRAWN_SCENE_2)
    hour = client.obj.get("resourceExpiredHour", 72)
    if hour is None:
        hour = 72
    if not (isinstance(hour, int) and not isinstance(hour, bool) and 1 <= hour <= 720):
        raise invalid("Acquire: invalid resourceExpiredHour value!")
    region = client.choice("region", ("CN", "AP", "EU", "NA"))
    client.int_("regionAffinity", 0, 4)
    excluded = client.list_("excludeResourceIds")
    if excluded is not None and not all(isinstance(x, str) and x for x in excluded):
        raise client.fail("excludeResourceIds", "entries must be non-empty strings")
    client.obj_("startParameter")
    cname = top.obj["cname"]
    ok = is_web_cname(cname) if scene == 1 else is_rtc_cname(cname)
    if not ok:
        raise service_error(400, 401, "invalid_channel_name")
    assert scene is not None
    return AcquireRequest(
        cname=cname,
        uid=uid,
        scene=scene,
        expired_hour=int(hour),
        excluded=tuple(excluded or ()),
        region=region if isinstance(region, str) else None,
    )


def validate_storage(storage: Checker) -> None:
    vendor = storage.int_("vendor", 0, 11, required=True)
    region = storage.int_("region", 0, 100, required=True)
    if vendor not in VENDOR_REGIONS:
        raise storage.fail("vendor", "is not a supported storage vendor")
    if region not in VENDOR_REGIONS[vendor]:
        raise storage.fail("region", f"is not a valid region for vendor {vendor}")
    for key in ("bucket", "accessKey", "secretKey"):
        storage.str_(key, required=True)
    if storage.has("stsToken"):
        storage.str_("stsToken")
        if vendor not in (1, 2, 3):
            raise storage.fail("stsToken", "is only supported for vendors 1, 2 and 3")
    storage.int_("stsExpiration", 0, 2**63 - 1)
    prefix = storage.list_("fileNamePrefix")
    if prefix is not None:
        if not all(isinstance(p, str) and _PREFIX_SEGMENT.fullmatch(p) for p in prefix):
            raise storage.fail("fileNamePrefix", "segments may only hold a-z, A-Z and 0-9")
        if len("/".join(prefix)) > 128:
            raise storage.fail("fileNamePrefix", "must be at most 128 characters in total")
    ext = storage.obj_("extensionParams")
    if ext is not None:
        if ext.choice("sse", ("kms", "aes256")) is not None and vendor != 1:
            raise ext.fail("sse", "is only supported for Amazon S3 (vendor 1)")
        if ext.str_("tag") is not None and vendor not in (1, 2):
            raise ext.fail("tag", "is only supported for vendors 1 and 2")
        ext.str_("endpoint")
    if vendor == 11 and (ext is None or not ext.has("endpoint")):
        raise storage.fail("extensionParams.endpoint", "is required for vendor 11")


def validate_subscription(
    cfg: Checker, stream_types: int, *, audio: Checker | None = None, video: Checker | None = None
) -> None:
    """Subscribe/unsubscribe lists (both ``unSubscribe`` and ``unsubscribe`` spellings)."""
    for kind, holder, allowed in (("Audio", audio or cfg, (0, 2)), ("Video", video or cfg, (1, 2))):
        sub = holder.uid_list(f"subscribe{kind}Uids")
        unsub_keys = [
            k for k in (f"unSubscribe{kind}Uids", f"unsubscribe{kind}Uids") if holder.has(k)
        ]
        for key in unsub_keys:
            holder.uid_list(key)
        if sub is not None and unsub_keys:
            raise holder.fail(f"subscribe{kind}Uids", f"and {unsub_keys[0]} are mutually exclusive")
        if (sub is not None or unsub_keys) and stream_types not in allowed:
            raise holder.fail(
                f"subscribe{kind}Uids", f"is not allowed with streamTypes {stream_types}"
            )


def validate_layout(layout: Checker) -> dict[str, Any]:
    """The layout subset; returns the full layout state (defaults + given fields).

    Unknown fields are ignored (see ``unknown_fields``): a misspelt ``backgroudColor`` leaves
    the background at its default, as Agora's own sample with that typo would.
    """
    mode = layout.int_("mixedVideoLayout", 0, 3, 0)
    layout.uid("maxResolutionUid")
    color = layout.str_("backgroundColor")
    if color is not None and not _COLOR.fullmatch(color):
        raise layout.fail("backgroundColor", "must be #RRGGBB")
    layout.str_("backgroundImage")
    layout.str_("defaultUserBackgroundImage")
    regions = layout.list_("layoutConfig", max_len=17)
    if mode == 3 and not regions:
        raise layout.fail("layoutConfig", "is required when mixedVideoLayout is 3")
    if mode != 3 and regions is not None:
        raise layout.fail("layoutConfig", "is only allowed when mixedVideoLayout is 3")
    for i, entry in enumerate(regions or []):
        validate_region(Checker(entry, f"{layout.path}.layoutConfig[{i}]", code=layout.code))
    for i, entry in enumerate(layout.list_("backgroundConfig", max_len=17) or []):
        bg = Checker(entry, f"{layout.path}.backgroundConfig[{i}]", code=layout.code)
        bg.uid("uid", required=True)
        bg.str_("image_url", required=True)
        bg.int_("render_mode", 0, 1)
    state = dict(DEFAULT_LAYOUT)
    state.update({k: v for k, v in layout.obj.items() if k in LAYOUT_KEYS and v is not None})
    return state


def _unit(region: Checker, key: str, *, required: bool) -> float:
    if not region.has(key):
        if required:
            raise region.fail(key, "is required")
        return 1.0
    value = region.obj[key]
    if not is_number(value) or not 0 <= value <= 1:
        raise region.fail(key, "must be a number in [0, 1]")
    return float(value)


def validate_region(region: Checker) -> None:
    region.uid("uid")
    x, y = _unit(region, "x_axis", required=True), _unit(region, "y_axis", required=True)
    w, h = _unit(region, "width", required=True), _unit(region, "height", required=True)
    _unit(region, "alpha", required=False)
    region.int_("render_mode", 0, 1)
    # A tiny tolerance for binary floats (0.1 + 0.9 etc.); up to 6 decimals are meaningful.
    if x + w > 1 + 1e-9:
        raise region.fail("width", "x_axis + width must be <= 1")
    if y + h > 1 + 1e-9:
        raise region.fail("height", "y_axis + height must be <= 1")
