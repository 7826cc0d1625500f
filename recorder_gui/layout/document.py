"""The editable, observable layout: small invertible edits, change events, snapshot/restore.

The canvas and panels subscribe to a ``LayoutDocument`` and keep no copy (ARCHITECTURE habit
1). Each edit replaces the immutable ``Layout`` and reports a ``LayoutChange`` holding the
layout before and after, so an undo command is ``restore(change.before)`` and its redo
``restore(change.after)`` (habit 2). An edit that would change nothing reports nothing.

Invariants kept by every edit (see ``validation.structural_problems``): at most 17 regions,
each on the canvas (x, y, width, height in 0..1, x + width <= 1, y + height <= 1) and at least
``MIN_SIZE`` wide and high, 6-decimal coordinates, unique valid uids, regions only in the
custom mode, a valid canvas, colour and image addresses. Geometry is clamped (moves keep the
size, resizes cut at the canvas edge); everything else that would break an invariant is
refused with ``LayoutEditError`` and the layout stays as it was.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from recorder_gui.api.identifiers import uid_problem
from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.api.observers import Observers

from .convert import from_wire, to_wire
from .geometry import clamp_position, clamp_rect
from .model import (
    MAX_REGIONS,
    Layout,
    LayoutEditError,
    LayoutMode,
    Region,
    RenderMode,
    UserBackground,
)
from .presets import preset_regions
from .validation import Issue, canvas_problem, color_problem, problems, structural_problems
from .validation import url_problem as _url_problem

__all__ = ["DUPLICATE_OFFSET", "ChangeKind", "LayoutChange", "LayoutDocument", "Subscriber"]

#: How far a duplicate lands from its original (fractions of the canvas, down and right).
DUPLICATE_OFFSET = 0.02


class ChangeKind(StrEnum):
    """What an edit changed; ``REPLACED`` means anything may have changed."""

    REPLACED = "replaced"
    MODE = "mode"
    CANVAS = "canvas"
    BACKGROUND = "background"
    MAX_RESOLUTION_UID = "max_resolution_uid"
    REGION_ADDED = "region_added"
    REGION_REMOVED = "region_removed"
    REGION_CHANGED = "region_changed"
    REGIONS_REORDERED = "regions_reordered"


@dataclass(frozen=True, slots=True)
class LayoutChange:
    """One applied edit.

    ``indices``: the added or changed region's index in ``after``, the removed one's in
    ``before``, ``(old, new)`` for a reorder, both regions for a uid swap, () otherwise.
    """

    kind: ChangeKind
    before: Layout
    after: Layout
    indices: tuple[int, ...] = ()
    description: str = ""


Subscriber = Callable[[LayoutChange], None]


def _finite(*values: float) -> None:
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise LayoutEditError("coordinates and alpha must be finite numbers")


def _check_uid(uid: str | None, what: str = "uid") -> None:
    if uid is not None and (problem := uid_problem(uid)):
        raise LayoutEditError(f"{what} {problem}")


def _check_url(url: str | None, what: str) -> None:
    if url is not None and (problem := _url_problem(url)):
        raise LayoutEditError(f"{what}: {problem}")


def _render_mode(value: int) -> RenderMode:
    try:
        return RenderMode(value)
    except ValueError:
        raise LayoutEditError(f"render mode must be 0 (crop) or 1 (fit), got {value!r}") from None


class LayoutDocument:
    """The layout being edited; every method that edits returns the change or None."""

    def __init__(self, layout: Layout | None = None) -> None:
        layout = Layout() if layout is None else layout
        self._refuse_broken(layout)
        self._layout = layout
        self._subscribers: Observers[LayoutChange] = Observers("layout document")

    # -- observing --------------------------------------------------------------------------

    @property
    def layout(self) -> Layout:
        return self._layout

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` after every change; returns a function that unsubscribes."""
        return self._subscribers.subscribe(callback)

    def problems(self, present_uids: Collection[str] | None = None) -> list[Issue]:
        return problems(self._layout, present_uids)

    def _commit(
        self, kind: ChangeKind, after: Layout, indices: tuple[int, ...], description: str
    ) -> LayoutChange | None:
        if after == self._layout:
            return None
        change = LayoutChange(kind, self._layout, after, indices, description)
        self._layout = after
        self._subscribers.notify(change)  # a failing subscriber is logged, never raised
        return change

    # -- whole layout -----------------------------------------------------------------------

    @staticmethod
    def _refuse_broken(layout: Layout) -> None:
        found = structural_problems(layout)
        if found:
            raise LayoutEditError("; ".join(str(issue) for issue in found))

    def snapshot(self) -> Layout:
        """The current layout (immutable, so it is its own snapshot)."""
        return self._layout

    def restore(self, layout: Layout, description: str = "Restore layout") -> LayoutChange | None:
        """Replace the whole layout (undo/redo, templates); refuses one that breaks invariants."""
        self._refuse_broken(layout)
        return self._commit(ChangeKind.REPLACED, layout, (), description)

    def to_wire(self) -> LayoutUpdate:
        """The complete ``updateLayout`` body (a full replace); raises ``LayoutInvalidError``."""
        return to_wire(self._layout)

    def from_wire(self, update: LayoutUpdate) -> LayoutChange | None:
        """Replace the layout by the one ``update`` describes, on the current canvas."""
        layout = from_wire(update, self._layout.canvas_width, self._layout.canvas_height)
        return self.restore(layout, "Load applied layout")

    def set_mode(self, mode: LayoutMode) -> LayoutChange | None:
        """Switch layout mode; leaving custom drops the regions (undo brings them back)."""
        try:
            mode = LayoutMode(mode)
        except ValueError:
            raise LayoutEditError(f"layout mode must be 0, 1, 2 or 3, got {mode!r}") from None
        regions = self._layout.regions if mode is LayoutMode.CUSTOM else ()
        after = replace(self._layout, mode=mode, regions=regions)
        return self._commit(ChangeKind.MODE, after, (), f"Layout {mode.label}")

    def edit_as_custom(self, uids: Sequence[str]) -> LayoutChange | None:
        """Turn the current preset into custom regions: exactly its regions, with ``uids``."""
        if self._layout.mode is LayoutMode.CUSTOM:
            raise LayoutEditError("the layout is already custom")
        for uid in uids:
            _check_uid(uid)
        regions = preset_regions(self._layout.mode, uids, self._layout.max_resolution_uid)
        after = replace(self._layout, mode=LayoutMode.CUSTOM, regions=tuple(regions))
        return self._commit(ChangeKind.MODE, after, (), "Edit as custom")

    def set_canvas_size(self, width: int, height: int) -> LayoutChange | None:
        """Set the canvas (transcoding width x height); regions keep their fractions."""
        if problem := canvas_problem(width, height):
            raise LayoutEditError(problem)
        after = replace(self._layout, canvas_width=width, canvas_height=height)
        return self._commit(ChangeKind.CANVAS, after, (), f"Canvas {width}x{height}")

    def set_background_color(self, color: str) -> LayoutChange | None:
        if problem := color_problem(color):
            raise LayoutEditError(f"background {problem}")
        after = replace(self._layout, background_color=color)
        return self._commit(ChangeKind.BACKGROUND, after, (), "Background colour")

    def set_background_image(self, url: str | None) -> LayoutChange | None:
        _check_url(url, "background image")
        after = replace(self._layout, background_image=url)
        return self._commit(ChangeKind.BACKGROUND, after, (), "Background image")

    def set_default_user_background_image(self, url: str | None) -> LayoutChange | None:
        _check_url(url, "default user background image")
        after = replace(self._layout, default_user_background_image=url)
        return self._commit(ChangeKind.BACKGROUND, after, (), "Default user background")

    def set_user_background(
        self, uid: str, url: str | None, render_mode: RenderMode = RenderMode.CROP
    ) -> LayoutChange | None:
        """Set (or with ``url`` None remove) the background image of one uid."""
        _check_uid(uid)
        _check_url(url, f"background image of uid {uid}")
        backgrounds = list(self._layout.user_backgrounds)
        index = next((i for i, b in enumerate(backgrounds) if b.uid == uid), None)
        if url is None:
            if index is not None:
                del backgrounds[index]
        elif index is None:
            backgrounds.append(UserBackground(uid, url, _render_mode(render_mode)))
        else:
            backgrounds[index] = UserBackground(uid, url, _render_mode(render_mode))
        after = replace(self._layout, user_backgrounds=tuple(backgrounds))
        return self._commit(ChangeKind.BACKGROUND, after, (), f"Background of {uid}")

    def set_max_resolution_uid(self, uid: str | None) -> LayoutChange | None:
        _check_uid(uid, "maxResolutionUid")
        after = replace(self._layout, max_resolution_uid=uid)
        return self._commit(ChangeKind.MAX_RESOLUTION_UID, after, (), "Large-window user")

    # -- regions ----------------------------------------------------------------------------

    def _region(self, index: int) -> Region:
        regions = self._layout.regions
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(regions):
            raise LayoutEditError(f"there is no region {index!r} (the layout has {len(regions)})")
        return regions[index]

    def _with_region(self, index: int, region: Region) -> Layout:
        regions = list(self._layout.regions)
        regions[index] = region
        return replace(self._layout, regions=tuple(regions))

    def _room_for_one(self) -> None:
        if self._layout.mode is not LayoutMode.CUSTOM:
            raise LayoutEditError(
                "regions belong to the custom layout: switch to custom (or edit as custom) first"
            )
        if len(self._layout.regions) >= MAX_REGIONS:
            raise LayoutEditError(f"a layout holds at most {MAX_REGIONS} regions")

    def _uid_free(self, uid: str | None, index: int | None) -> None:
        _check_uid(uid)
        owner = None if uid is None else self._layout.index_of_uid(uid)
        if owner is not None and owner != index:
            raise LayoutEditError(
                f"uid {uid} already shows in region {owner + 1}: swap the two regions' uids instead"
            )

    def add_region(self, region: Region, index: int | None = None) -> LayoutChange | None:
        """Insert ``region`` (on top, or at ``index``); its geometry is moved onto the canvas."""
        self._room_for_one()
        _finite(*region.rect, region.alpha)
        self._uid_free(region.uid, None)
        regions = list(self._layout.regions)
        at = len(regions) if index is None else min(max(index, 0), len(regions))
        fixed = replace(
            region.with_rect(*clamp_position(*region.rect)),
            alpha=min(max(region.alpha, 0.0), 1.0),
        )
        regions.insert(at, fixed)
        after = replace(self._layout, regions=tuple(regions))
        return self._commit(ChangeKind.REGION_ADDED, after, (at,), "Add region")

    def remove_region(self, index: int) -> LayoutChange | None:
        self._region(index)
        regions = list(self._layout.regions)
        del regions[index]
        after = replace(self._layout, regions=tuple(regions))
        return self._commit(ChangeKind.REGION_REMOVED, after, (index,), "Remove region")

    def duplicate(self, index: int) -> LayoutChange | None:
        """Copy region ``index`` just above it, offset and without a uid (uids are unique)."""
        source = self._region(index)
        self._room_for_one()
        x, y, w, h = source.rect
        rect = clamp_position(x + DUPLICATE_OFFSET, y + DUPLICATE_OFFSET, w, h)
        regions = list(self._layout.regions)
        regions.insert(index + 1, replace(source.with_rect(*rect), uid=None))
        after = replace(self._layout, regions=tuple(regions))
        return self._commit(ChangeKind.REGION_ADDED, after, (index + 1,), "Duplicate region")

    def move_region(self, index: int, x: float, y: float) -> LayoutChange | None:
        """Move the region's top-left corner; it stays whole on the canvas (size kept)."""
        region = self._region(index)
        _finite(x, y)
        rect = clamp_position(x, y, region.width, region.height)
        after = self._with_region(index, region.with_rect(*rect))
        return self._commit(ChangeKind.REGION_CHANGED, after, (index,), "Move region")

    def resize_region(
        self, index: int, x: float, y: float, width: float, height: float
    ) -> LayoutChange | None:
        """Give the region a new rectangle, cut at the canvas edges and at least MIN_SIZE."""
        region = self._region(index)
        _finite(x, y, width, height)
        after = self._with_region(index, region.with_rect(*clamp_rect(x, y, width, height)))
        return self._commit(ChangeKind.REGION_CHANGED, after, (index,), "Resize region")

    def set_uid(self, index: int, uid: str | None) -> LayoutChange | None:
        """Show ``uid`` in the region (None: the next user in join order); refuses a duplicate."""
        region = self._region(index)
        self._uid_free(uid, index)
        after = self._with_region(index, replace(region, uid=uid))
        return self._commit(ChangeKind.REGION_CHANGED, after, (index,), "Change user")

    def swap_uids(self, first: int, second: int) -> LayoutChange | None:
        """Exchange the users of two regions (the way to move a user to an occupied box)."""
        a, b = self._region(first), self._region(second)
        regions = list(self._layout.regions)
        regions[first], regions[second] = replace(a, uid=b.uid), replace(b, uid=a.uid)
        after = replace(self._layout, regions=tuple(regions))
        return self._commit(ChangeKind.REGION_CHANGED, after, (first, second), "Swap users")

    def set_alpha(self, index: int, alpha: float) -> LayoutChange | None:
        """Set opacity, clamped into 0..1 (0 is transparent)."""
        region = self._region(index)
        _finite(alpha)
        after = self._with_region(index, replace(region, alpha=min(max(alpha, 0.0), 1.0)))
        return self._commit(ChangeKind.REGION_CHANGED, after, (index,), "Opacity")

    def set_render_mode(self, index: int, render_mode: RenderMode) -> LayoutChange | None:
        region = self._region(index)
        mode = _render_mode(render_mode)
        after = self._with_region(index, replace(region, render_mode=mode))
        return self._commit(ChangeKind.REGION_CHANGED, after, (index,), "Render mode")

    def reorder(self, index: int, new_index: int) -> LayoutChange | None:
        """Move a region in the stacking order (later is drawn on top: UNCONFIRMED by Agora).

        ``new_index`` is clamped to the list; the inverse is ``reorder(new, old)``.
        """
        region = self._region(index)
        regions = list(self._layout.regions)
        target = min(max(new_index, 0), len(regions) - 1)
        del regions[index]
        regions.insert(target, region)
        after = replace(self._layout, regions=tuple(regions))
        return self._commit(ChangeKind.REGIONS_REORDERED, after, (index, target), "Restack region")
