"""Undo commands over a ``LayoutDocument`` and the editor that pushes them.

Every edit runs once against the document (which refuses what would break an invariant), and
the resulting ``LayoutChange`` becomes a ``LayoutCommand`` whose undo/redo only restore the
layout before/after (ARCHITECTURE habit 2). Gestures (a drag, a resize) push one command per
frame with the same merge key, which the stack merges into a single undo step.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from recorder_gui.layout import (
    MAX_REGIONS,
    Layout,
    LayoutChange,
    LayoutDocument,
    LayoutError,
    LayoutMode,
    Region,
    RenderMode,
)
from recorder_gui.layout.geometry import clamp_position

Edit = Callable[[LayoutDocument], LayoutChange | None]
_MERGE_ID = 6001


def _duplicate(index: int) -> Edit:
    return lambda document: document.duplicate(index)


class LayoutCommand(QUndoCommand):
    """One undo step: the layout before and after; gestures merge by ``merge_key``."""

    def __init__(
        self,
        document: LayoutDocument,
        before: Layout,
        after: Layout,
        text: str,
        merge_key: int | None = None,
    ) -> None:
        super().__init__(text)
        self._document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def redo(self) -> None:
        if self._document.layout is not self.after:  # not on push: the edit already ran
            self._document.restore(self.after, self.text())

    def undo(self) -> None:
        self._document.restore(self.before, "Undo " + self.text())

    def id(self) -> int:
        return -1 if self.merge_key is None else _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, LayoutCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True


class LayoutEditor(QObject):
    """The one door through which views edit the layout: each method is one undoable edit.

    Refused edits emit ``edit_refused`` with the model's sentence; nothing is pushed.
    ``gesture_changed(True)`` while a drag or resize is in progress, False when it ends.
    """

    edit_refused = Signal(str)
    gesture_changed = Signal(bool)

    def __init__(self, document: LayoutDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.stack = QUndoStack(self)
        self._keys = itertools.count(1)
        self._gesture: int | None = None

    # -- plumbing -----------------------------------------------------------------------------
    def run(self, edit: Edit, text: str, merge_key: int | None = None) -> bool:
        """Apply ``edit`` and record it; False (and ``edit_refused``) when the model refuses."""
        try:
            change = edit(self.document)
        except LayoutError as exc:
            self.edit_refused.emit(str(exc))
            return False
        except ValueError as exc:  # geometry helpers refuse non-finite numbers
            self.edit_refused.emit(str(exc))
            return False
        if change is None:
            return False
        self.stack.push(LayoutCommand(self.document, change.before, change.after, text, merge_key))
        return True

    def begin_gesture(self) -> int:
        self._gesture = next(self._keys)
        self.gesture_changed.emit(True)
        return self._gesture

    def end_gesture(self) -> None:
        if self._gesture is not None:
            self._gesture = None
            self.gesture_changed.emit(False)

    @property
    def in_gesture(self) -> bool:
        return self._gesture is not None

    @property
    def layout(self) -> Layout:
        return self.document.layout

    # -- geometry -----------------------------------------------------------------------------
    def set_rects(
        self,
        rects: Mapping[int, tuple[float, float, float, float]],
        text: str = "Move region",
        *,
        resize: bool = False,
    ) -> bool:
        """Give regions new rectangles (fractions); one region edits, several restore."""
        key = self._gesture
        if len(rects) == 1:
            ((index, (x, y, w, h)),) = rects.items()
            if resize:
                return self.run(lambda d: d.resize_region(index, x, y, w, h), text, key)
            return self.run(lambda d: d.move_region(index, x, y), text, key)
        regions = list(self.layout.regions)
        for index, rect in rects.items():
            if 0 <= index < len(regions):
                regions[index] = regions[index].with_rect(*clamp_position(*rect))
        after = replace(self.layout, regions=tuple(regions))
        return self.run(lambda d: d.restore(after, text), text, key)

    def nudge(self, indices: Sequence[int], dx: float, dy: float) -> bool:
        """Move regions by (dx, dy) fractions; the group stops at the canvas edge."""
        regions = self.layout.regions
        chosen = [i for i in indices if 0 <= i < len(regions)]
        if not chosen:
            return False
        dx = min(
            max(dx, -min(regions[i].x for i in chosen)), 1 - max(regions[i].right for i in chosen)
        )
        dy = min(
            max(dy, -min(regions[i].y for i in chosen)), 1 - max(regions[i].bottom for i in chosen)
        )
        rects = {
            i: (regions[i].x + dx, regions[i].y + dy, regions[i].width, regions[i].height)
            for i in chosen
        }
        return self.set_rects(rects, "Nudge")

    # -- regions ------------------------------------------------------------------------------
    def add_region(self, region: Region) -> bool:
        return self.run(lambda d: d.add_region(region), "Add region")

    def duplicate(self, indices: Sequence[int]) -> bool:
        done = False
        for index in sorted(indices, reverse=True):
            done = self.run(_duplicate(index), "Duplicate region") or done
        return done

    def delete(self, indices: Sequence[int]) -> bool:
        gone = set(indices)
        if not gone:
            return False
        if len(gone) == 1:
            (index,) = gone
            return self.run(lambda d: d.remove_region(index), "Delete region")
        kept = tuple(r for i, r in enumerate(self.layout.regions) if i not in gone)
        after = replace(self.layout, regions=kept)
        return self.run(lambda d: d.restore(after, "Delete regions"), "Delete regions")

    def restack(self, index: int, new_index: int) -> bool:
        if new_index == index or not 0 <= new_index < len(self.layout.regions):
            return False
        text = "Bring forward" if new_index > index else "Send backward"
        return self.run(lambda d: d.reorder(index, new_index), text)

    def assign_uid(self, index: int, uid: str) -> bool:
        """Show ``uid`` in region ``index``; a uid already shown elsewhere swaps boxes."""
        owner = self.layout.index_of_uid(uid)
        if owner == index:
            return False
        if owner is not None:
            return self.run(lambda d: d.swap_uids(index, owner), f"Swap in {uid}")
        return self.run(lambda d: d.set_uid(index, uid), f"Assign {uid}")

    def add_region_for(self, uid: str, cx: float, cy: float, size: float = 0.3) -> bool:
        """A new region for ``uid`` centred on (cx, cy) fractions, ``size`` of the canvas wide."""
        if len(self.layout.regions) >= MAX_REGIONS:
            self.edit_refused.emit(f"A layout holds at most {MAX_REGIONS} regions.")
            return False
        if (owner := self.layout.index_of_uid(uid)) is not None:
            return self.run(
                lambda d: d.move_region(
                    owner,
                    cx - d.layout.regions[owner].width / 2,
                    cy - d.layout.regions[owner].height / 2,
                ),
                f"Move {uid}",
            )
        w = h = size
        region = Region(uid, *clamp_position(cx - w / 2, cy - h / 2, w, h))
        return self.run(lambda d: d.add_region(region), f"Add {uid}")

    def set_uid(self, index: int, uid: str | None) -> bool:
        if uid is not None and self.layout.index_of_uid(uid) not in (None, index):
            return self.assign_uid(index, uid)
        return self.run(lambda d: d.set_uid(index, uid), "Change user")

    def set_alpha(self, index: int, alpha: float) -> bool:
        return self.run(lambda d: d.set_alpha(index, alpha), "Opacity")

    def set_render_mode(self, index: int, mode: RenderMode) -> bool:
        return self.run(lambda d: d.set_render_mode(index, mode), "Render mode")

    def set_user_background(self, uid: str, url: str | None) -> bool:
        return self.run(lambda d: d.set_user_background(uid, url), f"Background of {uid}")

    # -- whole layout -------------------------------------------------------------------------
    def set_mode(self, mode: LayoutMode) -> bool:
        return self.run(lambda d: d.set_mode(mode), f"Layout {LayoutMode(mode).label}")

    def edit_as_custom(self, uids: Sequence[str]) -> bool:
        return self.run(lambda d: d.edit_as_custom(uids), "Edit as custom")

    def set_max_resolution_uid(self, uid: str | None) -> bool:
        return self.run(lambda d: d.set_max_resolution_uid(uid), "Large-window user")

    def set_background_color(self, color: str) -> bool:
        return self.run(lambda d: d.set_background_color(color), "Background colour")

    def restore(self, layout: Layout, text: str) -> bool:
        return self.run(lambda d: d.restore(layout, text), text)
