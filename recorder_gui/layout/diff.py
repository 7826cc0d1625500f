"""What differs between two layouts, region by region, for the "applied vs edited" view.

Regions are paired by uid first, then (among the rest) by identical rectangle, then uid-less
regions in stacking order; unpaired ones are added or removed. A paired region reports which
of its parts changed, and "order" when it moved in the stacking order relative to the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .model import Layout, Region

__all__ = ["LAYOUT_FIELDS", "LayoutDiff", "RegionDiff", "RegionStatus", "diff_layouts"]

RegionStatus = Literal["added", "removed", "changed", "unchanged"]
LAYOUT_FIELDS = (
    "mode",
    "canvas_width",
    "canvas_height",
    "background_color",
    "background_image",
    "default_user_background_image",
    "user_backgrounds",
    "max_resolution_uid",
)


@dataclass(frozen=True, slots=True)
class RegionDiff:
    """One region's fate; ``fields`` among uid, position, size, alpha, render_mode, order."""

    status: RegionStatus
    before_index: int | None
    after_index: int | None
    before: Region | None
    after: Region | None
    fields: tuple[str, ...] = ()

    @property
    def moved(self) -> bool:
        return "position" in self.fields

    @property
    def resized(self) -> bool:
        return "size" in self.fields


@dataclass(frozen=True, slots=True)
class LayoutDiff:
    """Changed layout-level fields and every region's fate (in the edited layout's order)."""

    fields: tuple[str, ...]
    regions: tuple[RegionDiff, ...]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.changed_regions

    @property
    def changed_regions(self) -> tuple[RegionDiff, ...]:
        return tuple(r for r in self.regions if r.status != "unchanged")


def _pairs(before: tuple[Region, ...], after: tuple[Region, ...]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    left, right = set(range(len(before))), set(range(len(after)))

    def pair(match: Callable[[Region, Region], bool]) -> None:
        for i in sorted(left):
            for j in sorted(right):
                if match(before[i], after[j]):
                    pairs.append((i, j))
                    left.discard(i)
                    right.discard(j)
                    break

    pair(lambda a, b: a.uid is not None and a.uid == b.uid)
    pair(lambda a, b: a.rect == b.rect)
    pair(lambda a, b: a.uid is None and b.uid is None)
    return pairs


def _restacked(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs outside the longest run whose relative order is kept (those changed order)."""
    ordered = sorted(pairs)
    best: list[list[tuple[int, int]]] = []
    for k, (i, j) in enumerate(ordered):
        chain = [(i, j)]
        for m in range(k):
            if ordered[m][1] < j and len(best[m]) + 1 > len(chain):
                chain = [*best[m], (i, j)]
        best.append(chain)
    keep: set[tuple[int, int]] = set()
    for chain in best:
        if len(chain) > len(keep):
            keep = set(chain)
    return set(ordered) - keep


def _fields(a: Region, b: Region) -> list[str]:
    out = []
    if a.uid != b.uid:
        out.append("uid")
    if (a.x, a.y) != (b.x, b.y):
        out.append("position")
    if (a.width, a.height) != (b.width, b.height):
        out.append("size")
    if a.alpha != b.alpha:
        out.append("alpha")
    if a.render_mode != b.render_mode:
        out.append("render_mode")
    return out


def diff_layouts(applied: Layout, edited: Layout) -> LayoutDiff:
    """How ``edited`` differs from ``applied`` (the layout the service last accepted)."""
    fields = tuple(f for f in LAYOUT_FIELDS if getattr(applied, f) != getattr(edited, f))
    before, after = applied.regions, edited.regions
    pairs = _pairs(before, after)
    restacked = _restacked(pairs)
    out: list[RegionDiff] = []
    for i, j in pairs:
        changed = _fields(before[i], after[j]) + (["order"] if (i, j) in restacked else [])
        status: RegionStatus = "changed" if changed else "unchanged"
        out.append(RegionDiff(status, i, j, before[i], after[j], tuple(changed)))
    paired_before = {i for i, _ in pairs}
    paired_after = {j for _, j in pairs}
    for j, region in enumerate(after):
        if j not in paired_after:
            out.append(RegionDiff("added", None, j, None, region))
    removed = [
        RegionDiff("removed", i, None, region, None)
        for i, region in enumerate(before)
        if i not in paired_before
    ]
    out.sort(key=lambda r: -1 if r.after_index is None else r.after_index)
    return LayoutDiff(fields, tuple(out) + tuple(removed))
