"""Conversion between a ``Layout`` and the ``updateLayout`` wire body.

See docs/api-notes.md, "update and updateLayout" and "Composite layouts".

``updateLayout`` replaces the whole layout, so ``to_wire`` always writes every field: the
background colour, images, per-uid backgrounds, maxResolutionUid and, in custom mode, every
region with its alpha and render mode spelled out.
"""

from __future__ import annotations

from pydantic import ValidationError

from recorder_gui.api.layout_models import BackgroundConfig, LayoutRegion, LayoutUpdate

from .model import (
    DEFAULT_BACKGROUND_COLOR,
    DEFAULT_CANVAS,
    Layout,
    LayoutError,
    LayoutMode,
    Region,
    RenderMode,
    UserBackground,
)
from .validation import Issue, errors, problems

__all__ = ["LayoutInvalidError", "from_wire", "to_wire"]


class LayoutInvalidError(LayoutError):
    """The layout cannot be sent; ``issues`` says why, field by field."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues) or "the layout is invalid")


def to_wire(layout: Layout) -> LayoutUpdate:
    """The complete ``updateLayout`` body for ``layout``; raises ``LayoutInvalidError``."""
    found = errors(problems(layout))
    if found:
        raise LayoutInvalidError(found)
    custom = layout.mode is LayoutMode.CUSTOM
    regions = [
        LayoutRegion(
            uid=r.uid,
            x_axis=r.x,
            y_axis=r.y,
            width=r.width,
            height=r.height,
            alpha=r.alpha,
            render_mode=r.render_mode.value,
        )
        for r in layout.regions
    ]
    backgrounds = [
        BackgroundConfig(uid=b.uid, image_url=b.image_url, render_mode=b.render_mode.value)
        for b in layout.user_backgrounds
    ]
    try:
        return LayoutUpdate(
            mixed_video_layout=layout.mode.value,
            max_resolution_uid=layout.max_resolution_uid,
            background_color=layout.background_color,
            background_image=layout.background_image,
            default_user_background_image=layout.default_user_background_image,
            layout_config=regions if custom else None,
            background_config=backgrounds or None,
        )
    except ValidationError as exc:  # pragma: no cover - problems() checks the same rules first
        raise LayoutInvalidError(
            [Issue("error", "layout", str(e["msg"])) for e in exc.errors()]
        ) from None


def from_wire(
    update: LayoutUpdate,
    canvas_width: int = DEFAULT_CANVAS[0],
    canvas_height: int = DEFAULT_CANVAS[1],
) -> Layout:
    """The layout an ``updateLayout`` body describes, on a canvas of the given size.

    Omitted fields take the service's defaults (black background, alpha 1, crop).
    """
    regions = tuple(
        Region(
            uid=r.uid,
            x=r.x_axis,
            y=r.y_axis,
            width=r.width,
            height=r.height,
            alpha=1.0 if r.alpha is None else r.alpha,
            render_mode=RenderMode(r.render_mode or 0),
        )
        for r in update.layout_config or ()
    )
    backgrounds = tuple(
        UserBackground(b.uid, b.image_url, RenderMode(b.render_mode or 0))
        for b in update.background_config or ()
    )
    return Layout(
        mode=LayoutMode(update.mixed_video_layout),
        canvas_width=canvas_width,
        canvas_height=canvas_height,
        background_color=update.background_color or DEFAULT_BACKGROUND_COLOR,
        background_image=update.background_image,
        default_user_background_image=update.default_user_background_image,
        user_backgrounds=backgrounds,
        max_resolution_uid=update.max_resolution_uid,
        regions=regions,
    )
