"""Run-time assets (stylesheet, icons), read through importlib.resources (works when frozen)."""

from __future__ import annotations

from importlib import resources


def read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resources.files(__name__).joinpath(name).read_bytes()
