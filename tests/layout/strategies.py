"""Hypothesis strategies for valid layouts and regions (shared by the layout tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from recorder_gui.layout.model import (
    MAX_REGIONS,
    MIN_SIZE,
    Layout,
    LayoutMode,
    Region,
    RenderMode,
    UserBackground,
    round6,
)

uids = st.integers(min_value=1, max_value=2**32 - 1).map(str)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
wild = st.floats(allow_nan=True, allow_infinity=True) | st.floats(min_value=-2.0, max_value=3.0)
urls = st.sampled_from(["https://cdn.example.com/a.jpg", "http://example.org/b.bmp"])
colors = st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)
canvases = st.sampled_from([(360, 640), (640, 360), (1920, 1080), (1080, 1920), (640, 480)])


@st.composite
def regions(draw: st.DrawFn, uid: str | None = None) -> Region:
    width = round6(draw(st.floats(min_value=MIN_SIZE, max_value=1.0)))
    height = round6(draw(st.floats(min_value=MIN_SIZE, max_value=1.0)))
    x = round6(draw(st.floats(min_value=0.0, max_value=1.0)) * (1.0 - width))
    y = round6(draw(st.floats(min_value=0.0, max_value=1.0)) * (1.0 - height))
    alpha = draw(fractions)
    mode = draw(st.sampled_from(RenderMode))
    return Region(uid, x, y, width, height, alpha, mode)


@st.composite
def layouts(draw: st.DrawFn, mode: LayoutMode | None = None) -> Layout:
    mode = draw(st.sampled_from(LayoutMode)) if mode is None else mode
    width, height = draw(canvases)
    regs: tuple[Region, ...] = ()
    if mode is LayoutMode.CUSTOM:
        count = draw(st.integers(min_value=1, max_value=MAX_REGIONS))
        names = draw(st.lists(uids | st.none(), min_size=count, max_size=count))
        seen: set[str] = set()
        picked = []
        for name in names:
            picked.append(None if name in seen else name)
            if name is not None:
                seen.add(name)
        regs = tuple(draw(regions(uid=name)) for name in picked)
    bg_uids = draw(st.lists(uids, max_size=3, unique=True))
    return Layout(
        mode=mode,
        canvas_width=width,
        canvas_height=height,
        background_color=draw(colors),
        background_image=draw(st.none() | urls),
        default_user_background_image=draw(st.none() | urls),
        user_backgrounds=tuple(
            UserBackground(u, draw(urls), draw(st.sampled_from(RenderMode))) for u in bg_uids
        ),
        max_resolution_uid=draw(st.none() | uids),
        regions=regs,
    )
