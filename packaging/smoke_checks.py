"""The failure every smoke check raises: its message is printed alone, without a traceback."""

from __future__ import annotations


class SmokeError(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeError(message)
