"""Random edit sequences keep every invariant, and undo/redo restore states exactly."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from recorder_gui.api.identifiers import uid_problem
from recorder_gui.layout import (
    Layout,
    LayoutChange,
    LayoutDocument,
    LayoutEditError,
    LayoutMode,
    RenderMode,
)
from recorder_gui.layout.convert import from_wire, to_wire
from recorder_gui.layout.model import MAX_REGIONS, MIN_SIZE

from .strategies import colors, regions, uids, urls, wild

small_uids = st.sampled_from(["1001", "1002", "1003", "1004", "1005"]) | uids
indices = st.integers(0, 2) | st.integers(0, 5) | st.integers(-2, MAX_REGIONS + 2)
coords = wild | st.floats(min_value=-0.5, max_value=1.5, allow_nan=False)


def has_regions(machine: EditMachine) -> bool:
    return bool(machine.doc.layout.regions)


class EditMachine(RuleBasedStateMachine):
    """Every rule is an edit; refused edits must change nothing and report nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.doc = LayoutDocument(Layout(mode=LayoutMode.CUSTOM))
        self.heard: list[LayoutChange] = []
        self.doc.subscribe(self.heard.append)
        self.undo: list[LayoutChange] = []
        self.redo: list[LayoutChange] = []

    def edit(self, name: str, *args: object) -> None:
        before = self.doc.layout
        heard = len(self.heard)
        reason = ""
        try:
            change = getattr(self.doc, name)(*args)
        except LayoutEditError as exc:
            change, reason = None, str(exc) or "(no reason)"
        if reason:  # refused: nothing changed, nobody heard anything
            assert self.doc.layout == before and len(self.heard) == heard
            return
        if change is None:
            assert self.doc.layout == before and len(self.heard) == heard
            return
        assert self.heard[-1] is change and len(self.heard) == heard + 1
        assert change.before == before and change.after == self.doc.layout
        assert change.after != change.before
        self.undo.append(change)
        self.redo.clear()

    @rule(region=regions(uid=None) | small_uids.flatmap(lambda u: regions(uid=u)), at=indices)
    def add(self, region: object, at: int) -> None:
        self.edit("add_region", region, at)

    @precondition(has_regions)
    @rule(index=indices)
    def remove(self, index: int) -> None:
        self.edit("remove_region", index)

    @precondition(has_regions)
    @rule(index=indices)
    def duplicate(self, index: int) -> None:
        self.edit("duplicate", index)

    @precondition(has_regions)
    @rule(index=indices, x=coords, y=coords)
    def move(self, index: int, x: float, y: float) -> None:
        self.edit("move_region", index, x, y)

    @precondition(has_regions)
    @rule(index=indices, x=coords, y=coords, w=coords, h=coords)
    def resize(self, index: int, x: float, y: float, w: float, h: float) -> None:
        self.edit("resize_region", index, x, y, w, h)

    @precondition(has_regions)
    @rule(index=indices, uid=small_uids | st.none() | st.sampled_from(["0", "01", "x", "-3"]))
    def set_uid(self, index: int, uid: str | None) -> None:
        self.edit("set_uid", index, uid)

    @precondition(has_regions)
    @rule(first=indices, second=indices)
    def swap(self, first: int, second: int) -> None:
        self.edit("swap_uids", first, second)

    @precondition(has_regions)
    @rule(index=indices, alpha=coords)
    def alpha(self, index: int, alpha: float) -> None:
        self.edit("set_alpha", index, alpha)

    @precondition(has_regions)
    @rule(index=indices, mode=st.sampled_from([0, 1, 2]))
    def render_mode(self, index: int, mode: int) -> None:
        self.edit("set_render_mode", index, mode)

    @precondition(has_regions)
    @rule(index=indices, new_index=indices)
    def reorder(self, index: int, new_index: int) -> None:
        self.edit("reorder", index, new_index)

    @rule(mode=st.sampled_from([*LayoutMode, LayoutMode.CUSTOM, LayoutMode.CUSTOM]))
    def set_mode(self, mode: LayoutMode) -> None:
        self.edit("set_mode", mode)

    @rule(users=st.lists(small_uids, max_size=20))
    def edit_as_custom(self, users: list[str]) -> None:
        self.edit("edit_as_custom", users)

    @rule(uid=small_uids | st.none() | st.just("0"))
    def max_uid(self, uid: str | None) -> None:
        self.edit("set_max_resolution_uid", uid)

    @rule(color=colors | st.just("red"))
    def color(self, color: str) -> None:
        self.edit("set_background_color", color)

    @rule(uid=small_uids, url=urls | st.none() | st.just("ftp://x"))
    def user_background(self, uid: str, url: str | None) -> None:
        self.edit("set_user_background", uid, url)

    @rule(size=st.sampled_from([(360, 640), (1920, 1080), (0, 10), (1920, 1920)]))
    def canvas(self, size: tuple[int, int]) -> None:
        self.edit("set_canvas_size", *size)

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_one(self) -> None:
        change = self.undo.pop()
        assert self.doc.layout == change.after
        self.doc.restore(change.before)
        assert self.doc.layout == change.before
        self.redo.append(change)

    @precondition(lambda self: bool(self.redo))
    @rule()
    def redo_one(self) -> None:
        change = self.redo.pop()
        assert self.doc.layout == change.before
        self.doc.restore(change.after)
        assert self.doc.layout == change.after
        self.undo.append(change)

    @invariant()
    def invariants_hold(self) -> None:
        layout = self.doc.layout
        assert len(layout.regions) <= MAX_REGIONS
        if layout.mode is not LayoutMode.CUSTOM:
            assert layout.regions == ()
        seen: set[str] = set()
        for r in layout.regions:
            for v in (r.x, r.y, r.width, r.height, r.alpha):
                assert math.isfinite(v) and 0.0 <= v <= 1.0 and round(v, 6) == v
            assert r.width >= MIN_SIZE and r.height >= MIN_SIZE
            assert r.x + r.width <= 1.0 + 1e-9 and r.y + r.height <= 1.0 + 1e-9
            assert isinstance(r.render_mode, RenderMode)
            if r.uid is not None:
                assert uid_problem(r.uid) is None and r.uid not in seen
                seen.add(r.uid)
        assert not [
            i for i in self.doc.problems() if i.field != "regions" or "at least" not in i.message
        ]

    @invariant()
    def wire_round_trip(self) -> None:
        layout = self.doc.layout
        if layout.mode is LayoutMode.CUSTOM and not layout.regions:
            return
        wire = to_wire(layout)
        assert from_wire(wire, layout.canvas_width, layout.canvas_height) == layout


EditMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestEditMachine = EditMachine.TestCase
