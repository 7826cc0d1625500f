"""Layout <-> updateLayout body: complete, and lossless for every valid layout."""

from __future__ import annotations

from hypothesis import given

from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.layout import Layout, from_wire, to_wire

from .strategies import layouts


@given(layouts())
def test_round_trip_through_json(layout: Layout) -> None:
    body = to_wire(layout).to_wire()
    assert body["mixedVideoLayout"] == layout.mode.value
    assert body["backgroundColor"] == layout.background_color
    assert ("layoutConfig" in body) == bool(layout.regions)
    for entry in body.get("layoutConfig", []):
        assert {"x_axis", "y_axis", "width", "height", "alpha", "render_mode"} <= entry.keys()
    again = from_wire(LayoutUpdate.model_validate(body), layout.canvas_width, layout.canvas_height)
    assert again == layout
