"""Base class for every wire model: camelCase aliases, no silent extras, secrets masked.

A secret field (``SecretStr``) dumps as ``**********`` unless the dump is made with
``context={"reveal_secrets": True}``, which only the client does, right before sending.
Validation errors never echo their input (``hide_input_in_errors``), so a refused storage
config cannot print its keys.

Built in code, a model refuses unknown fields. :meth:`WireModel.from_body` reads a body written
elsewhere: it drops unknown fields with a warning each (see :mod:`.tolerant`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, SecretStr, SerializationInfo
from pydantic.alias_generators import to_camel

from .tolerant import parse_tolerant

MASK = "**********"


class WireModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        hide_input_in_errors=True,
        validate_assignment=True,
        defer_build=True,  # validators are built on first use, after the window works
    )

    #: Fields the service knows but recorder-gui refuses: a tolerant parse keeps them so that
    #: validation refuses them with a sentence instead of dropping them silently.
    refused_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def from_body(
        cls, body: Mapping[str, Any], *, root: str = "clientRequest"
    ) -> tuple[Self, list[str]]:
        """Read a body written elsewhere (the whole request or its ``clientRequest``): unknown
        fields, at any depth, are dropped with one warning each; wrong values still raise
        pydantic's ``ValidationError``. Returns the model and the warnings."""
        return parse_tolerant(cls, body, root=root)

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
