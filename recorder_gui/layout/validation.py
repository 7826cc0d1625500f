"""What is wrong with a layout, each problem with a level, the field it concerns and a reason.

``structural_problems`` are the invariants ``LayoutDocument`` never lets an edit break;
``problems`` adds what stops a layout from being sent now and, given the uids in the channel,
warnings about users who are not there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from recorder_gui.api.identifiers import uid_problem

from .model import (
    EPS,
    MAX_CANVAS_PIXELS,
    MAX_CANVAS_SIDE,
    MAX_REGIONS,
    MIN_SIZE,
    Layout,
    LayoutMode,
    Region,
)

__all__ = [
    "Issue",
    "Level",
    "canvas_problem",
    "color_problem",
    "errors",
    "problems",
    "region_problems",
    "structural_problems",
    "url_problem",
]

Level = Literal["error", "warning"]
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_URL = re.compile(r"^https?://\S+$")
MAX_URL_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: ``error`` stops the layout from being sent, ``warning`` does not."""

    level: Level
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def canvas_problem(width: object, height: object) -> str | None:
    """Why ``width`` x ``height`` is not a canvas the service accepts; None if it is."""
    if not isinstance(width, int) or isinstance(width, bool):
        return "canvas width must be a whole number of pixels"
    if not isinstance(height, int) or isinstance(height, bool):
        return "canvas height must be a whole number of pixels"
    if not (1 <= width <= MAX_CANVAS_SIDE and 1 <= height <= MAX_CANVAS_SIDE):
        return f"canvas sides must be 1..{MAX_CANVAS_SIDE} px, got {width}x{height}"
    if width * height > MAX_CANVAS_PIXELS:
        return f"canvas must be at most 1920x1080 pixels in area, got {width}x{height}"
    return None


def color_problem(value: object) -> str | None:
    """Why ``value`` is not a ``#RRGGBB`` colour; None if it is."""
    if not isinstance(value, str) or not _COLOR.match(value):
        return f"colour must look like #RRGGBB, got {value!r}"
    return None


def url_problem(value: object) -> str | None:
    """Why ``value`` is not an http(s) image address; None if it is."""
    if not isinstance(value, str) or not _URL.match(value):
        return "image must be an http:// or https:// address"
    if len(value) > MAX_URL_LENGTH:
        return f"image address must be at most {MAX_URL_LENGTH} characters"
    return None


def region_problems(region: Region, where: str) -> list[Issue]:
    """Errors of one region on its own: numbers in range, on canvas, minimum size, valid uid."""
    out: list[Issue] = []
    for name in ("x", "y", "width", "height", "alpha"):
        value = getattr(region, name)
        if not _number(value) or not math.isfinite(value):
            out.append(Issue("error", f"{where}.{name}", f"{name} must be a finite number"))
        elif not 0.0 <= value <= 1.0:
            out.append(Issue("error", f"{where}.{name}", f"{name} must be in 0..1, got {value}"))
    if out:
        return out
    for name in ("width", "height"):
        if getattr(region, name) < MIN_SIZE - EPS:
            out.append(
                Issue(
                    "error", f"{where}.{name}", f"{name} must be at least {MIN_SIZE} of the canvas"
                )
            )
    if region.x + region.width > 1.0 + EPS:
        out.append(Issue("error", f"{where}.x", "region leaves the canvas on the right"))
    if region.y + region.height > 1.0 + EPS:
        out.append(Issue("error", f"{where}.y", "region leaves the canvas at the bottom"))
    if region.uid is not None:
        problem = uid_problem(region.uid)
        if problem:
            out.append(Issue("error", f"{where}.uid", f"uid {problem}"))
    return out


def structural_problems(layout: Layout) -> list[Issue]:
    """Errors no edit of ``LayoutDocument`` can introduce (the model's invariants)."""
    out: list[Issue] = []
    problem = canvas_problem(layout.canvas_width, layout.canvas_height)
    if problem:
        out.append(Issue("error", "canvas", problem))
    problem = color_problem(layout.background_color)
    if problem:
        out.append(Issue("error", "background_color", problem))
    for name in ("background_image", "default_user_background_image"):
        value = getattr(layout, name)
        if value is not None and (problem := url_problem(value)):
            out.append(Issue("error", name, problem))
    if layout.max_resolution_uid is not None and (
        problem := uid_problem(layout.max_resolution_uid)
    ):
        out.append(Issue("error", "max_resolution_uid", f"maxResolutionUid {problem}"))
    seen: set[str] = set()
    for i, background in enumerate(layout.user_backgrounds):
        where = f"user_backgrounds[{i}]"
        if problem := uid_problem(background.uid):
            out.append(Issue("error", f"{where}.uid", f"uid {problem}"))
        elif background.uid in seen:
            out.append(Issue("error", f"{where}.uid", f"uid {background.uid} has two backgrounds"))
        seen.add(background.uid)
        if problem := url_problem(background.image_url):
            out.append(Issue("error", f"{where}.image_url", problem))
    regions = layout.regions
    if len(regions) > MAX_REGIONS:
        out.append(Issue("error", "regions", f"at most {MAX_REGIONS} regions, got {len(regions)}"))
    if regions and layout.mode is not LayoutMode.CUSTOM:
        out.append(
            Issue(
                "error",
                "regions",
                f"only the custom layout (3) takes regions, not {layout.mode.label} "
                f"({layout.mode.value})",
            )
        )
    owners: dict[str, int] = {}
    for i, region in enumerate(regions):
        out.extend(region_problems(region, f"regions[{i}]"))
        if region.uid is not None:
            if region.uid in owners:
                out.append(
                    Issue(
                        "error",
                        f"regions[{i}].uid",
                        f"uid {region.uid} already shows in region {owners[region.uid] + 1}",
                    )
                )
            owners.setdefault(region.uid, i)
    return out


def problems(layout: Layout, present_uids: Collection[str] | None = None) -> list[Issue]:
    """Every problem of ``layout``; warnings about absent users only if ``present_uids`` given."""
    out = structural_problems(layout)
    if layout.mode is LayoutMode.CUSTOM and not layout.regions:
        out.append(Issue("error", "regions", "the custom layout (3) needs at least one region"))
    if present_uids is None:
        return out
    present = {str(uid) for uid in present_uids}
    for i, region in enumerate(layout.regions):
        if region.uid is not None and region.uid not in present:
            out.append(
                Issue(
                    "warning",
                    f"regions[{i}].uid",
                    f"uid {region.uid} is not in the channel now: its region shows the background",
                )
            )
    if layout.mode is LayoutMode.VERTICAL:
        max_uid = layout.max_resolution_uid
        if max_uid is None:
            if len(present) > 1:
                out.append(
                    Issue(
                        "warning",
                        "max_resolution_uid",
                        "no large-window user: the large area shows the background colour",
                    )
                )
        elif max_uid not in present:
            out.append(
                Issue(
                    "warning",
                    "max_resolution_uid",
                    f"uid {max_uid} is not in the channel now: the large area shows the "
                    "background colour",
                )
            )
    return out


def errors(issues: list[Issue]) -> list[Issue]:
    """Only the errors of ``issues``."""
    return [issue for issue in issues if issue.level == "error"]
