"""The error the emulator raises internally; the HTTP layer turns it into a JSON response."""

from __future__ import annotations

from typing import Any


class EmulatorError(Exception):
    """An HTTP error with its exact JSON body: service ``{code, reason}``, gateway ``{message}``."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body


def service_error(status: int, code: int, reason: str, **echo: Any) -> EmulatorError:
    return EmulatorError(status, {**echo, "code": code, "reason": reason})


def gateway_error(status: int, message: str) -> EmulatorError:
    return EmulatorError(status, {"message": message})


def invalid(reason: str, *, code: int = 2) -> EmulatorError:
    """400 code 2 (or 1028 for updateLayout) with a reason that names the field."""
    return service_error(400, code, reason)


def not_found_worker() -> EmulatorError:
    return service_error(404, 404, "failed to find worker")
