"""The mixed-video layout model (Qt-free): regions, presets, validation, templates, diffs."""

from __future__ import annotations

from .convert import LayoutInvalidError, from_wire, to_wire
from .diff import LayoutDiff, RegionDiff, diff_layouts
from .document import ChangeKind, LayoutChange, LayoutDocument
from .model import (
    MAX_REGIONS,
    MIN_SIZE,
    Layout,
    LayoutEditError,
    LayoutError,
    LayoutMode,
    Region,
    RenderMode,
    UserBackground,
)
from .presets import preset_hint, preset_regions
from .templates import (
    BUILTIN_TEMPLATES,
    Template,
    TemplateError,
    apply_template,
    builtin_template,
    dump_template,
    load_template,
    load_template_file,
    save_template_file,
)
from .validation import Issue, problems

__all__ = [
    "BUILTIN_TEMPLATES",
    "MAX_REGIONS",
    "MIN_SIZE",
    "ChangeKind",
    "Issue",
    "Layout",
    "LayoutChange",
    "LayoutDiff",
    "LayoutDocument",
    "LayoutEditError",
    "LayoutError",
    "LayoutInvalidError",
    "LayoutMode",
    "Region",
    "RegionDiff",
    "RenderMode",
    "Template",
    "TemplateError",
    "UserBackground",
    "apply_template",
    "builtin_template",
    "diff_layouts",
    "dump_template",
    "from_wire",
    "load_template",
    "load_template_file",
    "preset_hint",
    "preset_regions",
    "problems",
    "save_template_file",
    "to_wire",
]
