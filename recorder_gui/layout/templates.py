"""Named layout templates: built-ins, JSON save/load (schema-versioned) and canvas adaptation.

A template file is untrusted input: ``load_template`` refuses oversized, deeply nested,
non-finite, mistyped, duplicate-keyed or invalid files with one clear ``TemplateError`` and
builds nothing, so a refused import changes nothing.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from recorder_gui.atomic_file import write_text_atomically

from .document import LayoutChange, LayoutDocument
from .model import (
    DEFAULT_BACKGROUND_COLOR,
    MAX_REGIONS,
    Layout,
    LayoutError,
    LayoutMode,
    Region,
    RenderMode,
    UserBackground,
)
from .shapes import BUILTIN_SHAPES, adapt_to_canvas, builtin_layout
from .validation import errors, problems

__all__ = [
    "BUILTIN_TEMPLATES",
    "MAX_TEMPLATE_BYTES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Template",
    "TemplateError",
    "adapt_to_canvas",
    "apply_template",
    "builtin_template",
    "dump_template",
    "load_template",
    "load_template_file",
    "save_template_file",
]

SCHEMA = "recorder-gui/layout-template"
SCHEMA_VERSION = 1
MAX_TEMPLATE_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NAME = 80
_MAX_INT_DIGITS = 20
_MODES = {mode.label: mode for mode in LayoutMode}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class TemplateError(LayoutError, ValueError):
    """A template could not be read or written; the message says why, for the producer."""


@dataclass(frozen=True, slots=True)
class Template:
    """A named layout; its canvas size is the one it was designed for."""

    name: str
    layout: Layout


# -- file schema (strict: no coercion, no extra keys) ---------------------------------------

_Strict = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, hide_input_in_errors=True)


class _RegionV1(BaseModel):
    model_config = _Strict
    uid: str | None = None
    x: float
    y: float
    width: float
    height: float
    alpha: float = 1.0
    render_mode: Literal[0, 1] = 0


class _BackgroundV1(BaseModel):
    model_config = _Strict
    uid: str
    image_url: str = Field(max_length=4096)
    render_mode: Literal[0, 1] = 0


class _CanvasV1(BaseModel):
    model_config = _Strict
    width: int
    height: int


class _LayoutV1(BaseModel):
    model_config = _Strict
    mode: Literal["floating", "best fit", "vertical", "custom"]
    background_color: str = Field(default=DEFAULT_BACKGROUND_COLOR, max_length=16)
    background_image: str | None = Field(default=None, max_length=4096)
    default_user_background_image: str | None = Field(default=None, max_length=4096)
    max_resolution_uid: str | None = Field(default=None, max_length=16)
    user_backgrounds: list[_BackgroundV1] = Field(default_factory=list, max_length=MAX_REGIONS * 4)
    regions: list[_RegionV1] = Field(default_factory=list, max_length=MAX_REGIONS)


class _FileV1(BaseModel):
    model_config = _Strict
    schema_: Literal["recorder-gui/layout-template"] = Field(alias="schema")
    version: Literal[1]
    name: str = Field(min_length=1, max_length=MAX_NAME)
    canvas: _CanvasV1
    layout: _LayoutV1


# -- writing --------------------------------------------------------------------------------


def _layout_json(layout: Layout) -> dict[str, Any]:
    return {
        "mode": layout.mode.label,
        "background_color": layout.background_color,
        "background_image": layout.background_image,
        "default_user_background_image": layout.default_user_background_image,
        "max_resolution_uid": layout.max_resolution_uid,
        "user_backgrounds": [
            {"uid": b.uid, "image_url": b.image_url, "render_mode": b.render_mode.value}
            for b in layout.user_backgrounds
        ],
        "regions": [
            {
                "uid": r.uid,
                "x": r.x,
                "y": r.y,
                "width": r.width,
                "height": r.height,
                "alpha": r.alpha,
                "render_mode": r.render_mode.value,
            }
            for r in layout.regions
        ],
    }


def dump_template(template: Template) -> str:
    """The template as schema-versioned JSON text; refuses a name or layout it could not load."""
    _check_name(template.name)
    found = errors(problems(template.layout))
    if found:
        raise TemplateError("cannot save an invalid layout: " + "; ".join(map(str, found)))
    document = {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "name": template.name,
        "canvas": {"width": template.layout.canvas_width, "height": template.layout.canvas_height},
        "layout": _layout_json(template.layout),
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_template_file(template: Template, path: str | os.PathLike[str]) -> None:
    """Write the template atomically (a crash leaves the old file or the new one, whole)."""
    text = dump_template(template)
    write_text_atomically(Path(path), text)


# -- reading --------------------------------------------------------------------------------


def _check_name(name: object) -> None:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise TemplateError(f"a template name must be 1-{MAX_NAME} characters")
    if _CONTROL.search(name):
        raise TemplateError("a template name must not contain control characters")


def _refuse_constant(name: str) -> Any:
    raise TemplateError(f"the file contains {name}, which is not a number a layout can use")


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise TemplateError(f"the number {text[:20]} is too large")
    return value


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise TemplateError("the file contains an integer too long to be a layout value")
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise TemplateError(f"the key {key[:40]!r} appears twice in one object")
        out[key] = value
    return out


def _check_depth(value: object, depth: int = 1) -> None:
    if depth > MAX_DEPTH:
        raise TemplateError(f"the file nests deeper than {MAX_DEPTH} levels")
    children: list[object]
    if isinstance(value, dict):
        children = list(value.values())
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:
        if isinstance(child, dict | list):
            _check_depth(child, depth + 1)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "file"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _to_template(raw: _FileV1) -> Template:
    data = raw.layout
    layout = Layout(
        mode=_MODES[data.mode],
        canvas_width=raw.canvas.width,
        canvas_height=raw.canvas.height,
        background_color=data.background_color,
        background_image=data.background_image,
        default_user_background_image=data.default_user_background_image,
        user_backgrounds=tuple(
            UserBackground(b.uid, b.image_url, RenderMode(b.render_mode))
            for b in data.user_backgrounds
        ),
        max_resolution_uid=data.max_resolution_uid,
        regions=tuple(
            Region(r.uid, r.x, r.y, r.width, r.height, r.alpha, RenderMode(r.render_mode))
            for r in data.regions
        ),
    )
    found = errors(problems(layout))
    if found:
        raise TemplateError("the layout is not valid: " + "; ".join(map(str, found[:5])))
    _check_name(raw.name)
    return Template(raw.name, layout)


def load_template(data: str | bytes) -> Template:
    """Parse a template file's content; raises ``TemplateError`` with the reason."""
    raw_bytes = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw_bytes) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"the file is larger than {MAX_TEMPLATE_BYTES // 1024} KiB")
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError("the file is not UTF-8 text") from None
    try:
        parsed = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
            object_pairs_hook=_no_duplicates,
        )
    except TemplateError:
        raise
    except RecursionError:
        raise TemplateError(f"the file nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise TemplateError(f"the file is not valid JSON ({str(exc)[:120]})") from None
    _check_depth(parsed)
    if not isinstance(parsed, dict):
        raise TemplateError("the file is not a layout template (expected a JSON object)")
    if parsed.get("schema") != SCHEMA:
        raise TemplateError("the file is not a recorder-gui layout template")
    version = parsed.get("version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise TemplateError(
            f"template schema version {str(version)[:20]} is not one this app reads "
            f"(it reads version {SCHEMA_VERSION})"
        )
    try:
        raw = _FileV1.model_validate(parsed)
    except ValidationError as exc:
        raise TemplateError(f"the template is malformed: {_describe(exc)}") from None
    return _to_template(raw)


def load_template_file(path: str | os.PathLike[str]) -> Template:
    """Read and parse a template file, refusing an oversized one before reading it."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(f"cannot read the template file: {exc.strerror or exc}") from None
    return load_template(data)


BUILTIN_TEMPLATES = BUILTIN_SHAPES


def builtin_template(name: str, canvas_width: int, canvas_height: int) -> Template:
    """A built-in template drawn for a canvas of this size (regions without uids)."""
    if name not in BUILTIN_SHAPES:
        known = ", ".join(BUILTIN_SHAPES)
        raise TemplateError(f"no built-in template {name!r}; there are {known}")
    return Template(name, builtin_layout(name, canvas_width, canvas_height))


def apply_template(document: LayoutDocument, template: Template) -> LayoutChange | None:
    """Replace the document's layout by the template adapted to the document's canvas."""
    canvas = document.layout
    layout = adapt_to_canvas(template.layout, canvas.canvas_width, canvas.canvas_height)
    return document.restore(layout, f"Apply template {template.name}")
