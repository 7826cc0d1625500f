"""Base class for every wire model: camelCase aliases, no silent extras, secrets masked.

A secret field (``SecretStr``) dumps as ``**********`` unless the dump is made with
``context={"reveal_secrets": True}``, which only the client does, right before sending.
Validation errors never echo their input (``hide_input_in_errors``), so a refused storage
config cannot print its keys.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr, SerializationInfo
from pydantic.alias_generators import to_camel

MASK = "**********"


class WireModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        hide_input_in_errors=True,
        validate_assignment=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready body, with secrets revealed: use only to send."""
        return self.model_dump(
            mode="json", by_alias=True, exclude_none=True, context={"reveal_secrets": True}
        )


def reveal(value: SecretStr | None, info: SerializationInfo) -> str | None:
    """Field serializer for secrets: the value when sending, a mask everywhere else."""
    if value is None:
        return None
    context = info.context if isinstance(info.context, dict) else {}
    return value.get_secret_value() if context.get("reveal_secrets") else MASK
