"""JSON parsing for request bodies with a nesting limit: deep input is an error, not a crash."""

from __future__ import annotations

import json
from typing import Any

#: Deepest nesting accepted; real request bodies stay under 10 levels.
MAX_JSON_DEPTH = 64


class JsonTooDeep(ValueError):
    """The JSON text nests arrays/objects deeper than ``MAX_JSON_DEPTH``."""

    def __init__(self) -> None:
        super().__init__(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")


def loads(raw: bytes) -> Any:
    """``json.loads`` that raises ``ValueError`` (``JsonTooDeep``) for too deep input.

    Invalid JSON raises ``ValueError`` too (``UnicodeDecodeError`` is one).
    """
    # Fast path: a text with few brackets cannot nest deeply.
    deep_possible = raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH
    try:
        value = json.loads(raw)
    except RecursionError:
        raise JsonTooDeep from None
    if deep_possible and _deeper_than(value, MAX_JSON_DEPTH):
        raise JsonTooDeep
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Iterative, so it is safe whatever the depth."""
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False
