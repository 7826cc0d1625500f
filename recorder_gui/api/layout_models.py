"""Wire models of the mixed-video layout (docs/api-notes.md, "Composite layouts").

``LayoutFields`` is shared by the start body's ``transcodingConfig`` and by ``updateLayout``,
whose body is exactly these fields and replaces the whole layout each time
(docs/api-notes.md, "start" and "update and updateLayout").
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from .identifiers import uid_problem
from .wire import WireModel

MAX_REGIONS = 17
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_EPS = 1e-9


def _url(value: str | None, field: str) -> str | None:
    if value is not None and not re.match(r"^https?://\S+$", value):
        raise ValueError(f"{field} must be an http:// or https:// address")
    return value


def _checked_uid(value: object, field: str) -> str | None:
    """``value`` as a uid string (None stays None), or a ValueError naming ``field``."""
    if value is None:
        return None
    problem = uid_problem(value)
    if problem:
        raise ValueError(f"{field} {problem}")
    return str(value)


class LayoutRegion(WireModel):
    """One region of a custom layout, in fractions of the canvas (origin top-left)."""

    model_config = ConfigDict(alias_generator=None)

    uid: str | None = None
    x_axis: float = Field(ge=0.0, le=1.0)
    y_axis: float = Field(ge=0.0, le=1.0)
    width: float = Field(ge=0.0, le=1.0)
    height: float = Field(ge=0.0, le=1.0)
    alpha: float | None = Field(default=None, ge=0.0, le=1.0)
    render_mode: Literal[0, 1] | None = None

    @field_validator("x_axis", "y_axis", "width", "height", "alpha", mode="before")
    @classmethod
    def _six_decimals(cls, value: object) -> object:
        # The service reads up to 6 decimals: round first, then check the range.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return round(float(value), 6) + 0.0
        return value

    @field_validator("uid", mode="before")
    @classmethod
    def _uid(cls, value: object) -> object:
        return _checked_uid(value, "uid")

    @model_validator(mode="after")
    def _on_canvas(self) -> LayoutRegion:
        if self.x_axis + self.width > 1.0 + _EPS:
            raise ValueError(
                f"x_axis + width must be at most 1 (the region would leave the canvas), got "
                f"{self.x_axis} + {self.width}"
            )
        if self.y_axis + self.height > 1.0 + _EPS:
            raise ValueError(
                f"y_axis + height must be at most 1 (the region would leave the canvas), got "
                f"{self.y_axis} + {self.height}"
            )
        return self


class BackgroundConfig(WireModel):
    """Per-uid background image (``backgroundConfig`` entry)."""

    model_config = ConfigDict(alias_generator=None)

    uid: str
    image_url: str
    render_mode: Literal[0, 1] | None = None

    @field_validator("uid", mode="before")
    @classmethod
    def _uid(cls, value: object) -> str:
        problem = uid_problem(value)
        if problem:
            raise ValueError(f"uid {problem}")
        return str(value)

    @field_validator("image_url")
    @classmethod
    def _image(cls, value: str) -> str:
        out = _url(value, "image_url")
        assert out is not None
        return out


class LayoutFields(WireModel):
    """The layout state: preset or custom regions, backgrounds, large-window uid."""

    mixed_video_layout: Literal[0, 1, 2, 3] = 0
    max_resolution_uid: str | None = None
    background_color: str | None = None
    background_image: str | None = None
    default_user_background_image: str | None = None
    layout_config: list[LayoutRegion] | None = None
    background_config: list[BackgroundConfig] | None = None

    @field_validator("max_resolution_uid", mode="before")
    @classmethod
    def _max_uid(cls, value: object) -> object:
        return _checked_uid(value, "maxResolutionUid")

    @field_validator("background_color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if value is not None and not _COLOR.match(value):
            raise ValueError(f"backgroundColor must look like #RRGGBB, got {value!r}")
        return value

    @field_validator("background_image", "default_user_background_image")
    @classmethod
    def _images(cls, value: str | None, info: object) -> str | None:
        return _url(value, str(getattr(info, "field_name", "image")))

    @model_validator(mode="after")
    def _layout_rules(self) -> LayoutFields:
        regions = self.layout_config
        if self.mixed_video_layout == 3:
            if not regions:
                raise ValueError("mixedVideoLayout 3 (custom) needs layoutConfig with 1-17 regions")
        elif regions is not None:
            raise ValueError(
                f"layoutConfig is allowed only with mixedVideoLayout 3 (custom), not "
                f"{self.mixed_video_layout}"
            )
        if regions is not None:
            if len(regions) > MAX_REGIONS:
                raise ValueError(
                    f"layoutConfig holds at most {MAX_REGIONS} regions, got {len(regions)}"
                )
            uids = [r.uid for r in regions if r.uid is not None]
            if len(set(uids)) != len(uids):
                raise ValueError("layoutConfig gives the same uid two regions")
        if self.background_config is not None:
            bg_uids = [b.uid for b in self.background_config]
            if len(set(bg_uids)) != len(bg_uids):
                raise ValueError("backgroundConfig lists the same uid twice")
        return self


class LayoutUpdate(LayoutFields):
    """The body of ``updateLayout``: the complete layout, replacing the previous one."""
