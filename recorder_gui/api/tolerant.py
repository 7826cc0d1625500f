"""Tolerant reading of request bodies written elsewhere (Agora's docs, a colleague's script).

Models built in code stay strict (``extra="forbid"``). A body pasted from outside may hold
fields the service does not know, such as the ``backgroudColor`` typo of a layout sample in
Agora's docs; the service most plausibly ignores them. :func:`parse_tolerant` drops every
unknown field, at any depth, and returns one warning per dropped field path with a close-match
suggestion; a known field with a wrong value is still an error (pydantic ``ValidationError``).

The walk follows the model's own fields and aliases; unknown subtrees are dropped without being
walked, so its depth is bounded by the models, not by the body. A model whose wire shape differs
from its fields (the web services list) walks itself through a ``drop_unknown_wire`` classmethod.
A model may name fields the service knows but recorder-gui refuses (``refused_fields``): those
are kept so that validation refuses them with a plain sentence.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import AliasChoices, AliasPath, BaseModel

M = TypeVar("M", bound=BaseModel)

#: Warnings listed one by one; past this many, one sentence counts the rest.
MAX_WARNINGS = 20
_MAX_SHOWN_KEY = 64


def parse_tolerant(
    model: type[M], body: Mapping[str, Any], *, root: str = "clientRequest"
) -> tuple[M, list[str]]:
    """``model`` validated from ``body`` without its unknown fields, and the warnings.

    ``body`` is either the whole request (``{"cname", "uid", "clientRequest": {...}}``) or its
    ``clientRequest`` alone; paths in the warnings start with ``root`` either way.
    """
    warnings: list[str] = []
    data: object = body
    if isinstance(body, Mapping) and root in body:
        data = body[root]
        for key in body:
            if key not in ("cname", "uid", root):
                warnings.append(unknown_field_warning("", key, ("cname", "uid", root)))
    cleaned = drop_unknown(model, data, root, warnings)
    result = model.model_validate(cleaned)
    return result, _capped(warnings)


def drop_unknown(model: type[BaseModel], data: object, path: str, warnings: list[str]) -> object:
    """``data`` without the fields ``model`` does not know (a copy; ``data`` is untouched)."""
    custom = getattr(model, "drop_unknown_wire", None)
    if callable(custom):
        return custom(data, path, warnings)
    return drop_unknown_fields(model, data, path, warnings)


def drop_unknown_fields(
    model: type[BaseModel], data: object, path: str, warnings: list[str]
) -> object:
    """The generic walk of :func:`drop_unknown`, by the model's fields and their aliases."""
    if not isinstance(data, Mapping):
        return data  # not an object: validation will say what is wrong
    names = accepted_names(model)
    refused: Iterable[str] = getattr(model, "refused_fields", ())
    out: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(key, str) and key in refused:
            out[key] = value
            continue
        field = names.get(key) if isinstance(key, str) else None
        if field is None:
            warnings.append(unknown_field_warning(path, key, wire_names(model)))
            continue
        sub, many = nested_model(model.model_fields[field].annotation)
        here = f"{path}.{key}" if path else key
        if sub is None:
            out[key] = value
        elif many and isinstance(value, list):
            out[key] = [drop_unknown(sub, v, f"{here}[{i}]", warnings) for i, v in enumerate(value)]
        elif many:
            out[key] = value
        else:
            out[key] = drop_unknown(sub, value, here, warnings)
    return out


def drop_keys(
    data: Mapping[str, Any], known: Iterable[str], path: str, warnings: list[str]
) -> dict[str, Any]:
    """``data`` with only the ``known`` keys (for wire shapes that are not model fields)."""
    allowed = tuple(known)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in allowed:
            out[key] = value
        else:
            warnings.append(unknown_field_warning(path, key, allowed))
    return out


def accepted_names(model: type[BaseModel]) -> dict[str, str]:
    """Every input key ``model`` accepts, mapped to its field name."""
    by_name = bool(
        model.model_config.get("populate_by_name") or model.model_config.get("validate_by_name")
    )
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        if by_name:
            out[name] = name
        alias = info.validation_alias
        if alias is None:
            alias = info.alias
        if alias is None:
            out[name] = name
        for key in _alias_keys(alias):
            out[key] = name
    return out


def wire_names(model: type[BaseModel]) -> list[str]:
    """The names a body written for the service uses (suggestions never offer snake_case
    Python names when the field has a wire alias)."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        keys = [k for k in _alias_keys(info.validation_alias or info.alias) if k != name]
        if info.serialization_alias and info.serialization_alias not in keys:
            keys.insert(0, info.serialization_alias)
        out.extend(keys or [name])
    return out


def nested_model(annotation: object) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (``X``, ``X | None``, ``list[X]``, ``list[X] | None``) and
    whether it holds a list of them; ``(None, False)`` for anything else."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        found = [nested_model(arg) for arg in get_args(annotation) if arg is not type(None)]
        models = [f for f in found if f[0] is not None]
        return models[0] if len(models) == 1 else (None, False)
    if origin is list:
        args = get_args(annotation)
        inner, many = nested_model(args[0]) if args else (None, False)
        return (inner, True) if inner is not None and not many else (None, False)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def unknown_field_warning(path: str, key: object, known: Iterable[str]) -> str:
    shown = _shown(key)
    where = f"{path}.{shown}" if path else shown
    sentence = f"unknown field {where} is ignored by the service"
    if isinstance(key, str):
        lowered = {name.lower(): name for name in known}
        close = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.75)
        if close:
            sentence += f"; did you mean {lowered[close[0]]}?"
    return sentence


def _alias_keys(alias: str | AliasChoices | AliasPath | None) -> list[str]:
    if alias is None:
        return []
    if isinstance(alias, str):
        return [alias]
    choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
    out: list[str] = []
    for choice in choices:
        if isinstance(choice, str):
            out.append(choice)
        elif choice.path and isinstance(choice.path[0], str):
            out.append(choice.path[0])
    return out


def _shown(key: object) -> str:
    """A key as a warning may show it: printable and short, else its shortened repr."""
    if isinstance(key, str) and key.isprintable() and 0 < len(key) <= _MAX_SHOWN_KEY:
        return key
    text = repr(key)
    return text if len(text) <= _MAX_SHOWN_KEY else text[: _MAX_SHOWN_KEY - 3] + "..."


def _capped(warnings: list[str]) -> list[str]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    rest = len(warnings) - MAX_WARNINGS
    return [*warnings[:MAX_WARNINGS], f"{rest} more unknown fields are ignored by the service"]
