"""The wire shape of ``extensionServiceConfig`` (web mode), read back into model fields.

The model holds ``web_recorder`` and ``rtmp_publish``; the wire holds a list of services::

    {"errorHandlePolicy": "error_abort",
     "extensionServices": [{"serviceName": "web_recorder_service",
                            "errorHandlePolicy": "error_abort", "serviceParam": {...}}, ...]}

:func:`services_from_wire` turns the second into the first (strictly: unknown keys are refused
by the model, as everywhere); :func:`drop_unknown_services` is its tolerant walk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from .tolerant import drop_keys, drop_unknown, drop_unknown_fields

WEB_RECORDER = "web_recorder_service"
RTMP_PUBLISH = "rtmp_publish_service"
#: serviceName -> (model field, its only errorHandlePolicy)
SERVICES = {
    WEB_RECORDER: ("web_recorder", "error_abort"),
    RTMP_PUBLISH: ("rtmp_publish", "error_ignore"),
}
TOP_KEYS = ("errorHandlePolicy", "extensionServices")
SERVICE_KEYS = ("serviceName", "errorHandlePolicy", "serviceParam")


def is_wire_shape(data: object) -> bool:
    return isinstance(data, Mapping) and "extensionServices" in data


def services_from_wire(data: Mapping[str, Any]) -> dict[str, Any]:
    """The model's fields from the wire's services list; ValueError with a sentence if the list
    is not one the service takes."""
    policy = data.get("errorHandlePolicy", "error_abort")
    if policy != "error_abort":
        raise ValueError('extensionServiceConfig.errorHandlePolicy can only be "error_abort"')
    out: dict[str, Any] = {k: v for k, v in data.items() if k not in TOP_KEYS}
    services = data["extensionServices"]
    if not isinstance(services, list):
        raise ValueError("extensionServices must be a list of services")
    for i, service in enumerate(services):
        if not isinstance(service, Mapping):
            raise ValueError(f"extensionServices[{i}] must be an object")
        name = service.get("serviceName")
        if name not in SERVICES:
            raise ValueError(
                f"extensionServices[{i}].serviceName must be {WEB_RECORDER} or {RTMP_PUBLISH}"
            )
        field, only_policy = SERVICES[name]
        if field in out:
            raise ValueError(f"extensionServices lists {name} twice")
        if service.get("errorHandlePolicy", only_policy) != only_policy:
            raise ValueError(f'the errorHandlePolicy of {name} can only be "{only_policy}"')
        extra = sorted(str(k) for k in service if k not in SERVICE_KEYS)
        if extra:
            raise ValueError(f"extensionServices[{i}] has unknown fields: {', '.join(extra)}")
        if "serviceParam" not in service:
            raise ValueError(f"extensionServices[{i}] ({name}) needs its serviceParam")
        out[field] = service["serviceParam"]
    if "web_recorder" not in out:
        raise ValueError(f"extensionServices must hold a {WEB_RECORDER} with the page url")
    return out


def drop_unknown_services(
    model: type[BaseModel],
    params: Mapping[str, type[BaseModel]],
    data: object,
    path: str,
    warnings: list[str],
) -> object:
    """Tolerant walk of either shape: ``params`` maps each serviceName to its serviceParam
    model; the model's own field shape is walked by the generic walk."""
    if not is_wire_shape(data):
        return drop_unknown_fields(model, data, path, warnings)
    assert isinstance(data, Mapping)
    out = drop_keys(data, TOP_KEYS, path, warnings)
    services = out.get("extensionServices")
    if not isinstance(services, list):
        return out
    kept: list[object] = []
    for i, service in enumerate(services):
        here = f"{path}.extensionServices[{i}]"
        if not isinstance(service, Mapping):
            kept.append(service)
            continue
        clean = drop_keys(service, SERVICE_KEYS, here, warnings)
        param_model = params.get(str(clean.get("serviceName")))
        if param_model is not None and "serviceParam" in clean:
            clean["serviceParam"] = drop_unknown(
                param_model, clean["serviceParam"], f"{here}.serviceParam", warnings
            )
        kept.append(clean)
    out["extensionServices"] = kept
    return out
