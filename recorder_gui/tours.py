"""The demo tours ``--screenshot`` takes before it saves the window: start, go ON AIR, arrange.

They drive the real window as a producer would (fill the form, click Start, open the Layout
tab), so the screenshots in the README show what a producer sees.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from recorder_gui.contexts import DEMO_CHANNEL, Context

if TYPE_CHECKING:
    from recorder_gui.ui.canvas import LayoutEditorWidget
    from recorder_gui.ui.main_window import MainWindow


class Controller(Protocol):
    """What a tour drives: the app's controller (``recorder_gui.app``), seen from below."""

    @property
    def window(self) -> MainWindow: ...

    @property
    def context(self) -> Context: ...

    @property
    def layout_editors(self) -> Mapping[str, LayoutEditorWidget]: ...


__all__ = [
    "callbacks_tour",
    "companion_path",
    "layout_screenshot_path",
    "layout_tour",
    "screenshot_tour",
]


async def screenshot_tour(controller: Controller, *, demo: bool, within: float = 40.0) -> None:
    """Start a mix recording (and an individual one), wait for ON AIR with files listed."""
    import asyncio

    if not demo:
        await asyncio.sleep(0.3)
        return
    w, loop = controller.window, asyncio.get_running_loop()
    form = w.start_form
    form.channel.setText(DEMO_CHANNEL)
    form.mode.setCurrentIndex(form.mode.findData("individual"))
    form.bot_uid.setText("900002")
    form.start_button.click()
    await asyncio.sleep(0.3)
    form.mode.setCurrentIndex(form.mode.findData("mix"))
    form.bot_uid.setText("900001")
    form.start_button.click()
    deadline = loop.time() + within
    server = controller.context.server
    while loop.time() < deadline:
        await asyncio.sleep(0.25)
        current = w.dashboard.current
        if current is not None and current.badge.value == "ON AIR" and current.users:
            if server is not None and not current.files:
                server.emulator.clock.advance(20)  # fast-forward the demo to the first slices
            if current.files:
                break
    await asyncio.sleep(0.6)
    w.dashboard.list.setCurrentRow(w.dashboard.list.count() - 1)


def companion_path(main: Path, part: str) -> Path:
    """Where ``--screenshot`` also saves another view: ``x-main.png`` -> ``x-<part>.png``."""
    stem = main.stem.removesuffix("-main")
    return main.with_name(f"{stem}-{part}{main.suffix or '.png'}")


def layout_screenshot_path(main: Path) -> Path:
    """Where ``--screenshot`` also saves the Layout tab: ``x-main.png`` -> ``x-layout.png``."""
    return companion_path(main, "layout")


async def callbacks_tour(controller: Controller, *, within: float = 10.0) -> bool:
    """Show the selected recording's Callbacks tab once its timeline has a few lines."""
    import asyncio

    w = controller.window
    current = w.dashboard.current
    if current is None or not current.has_relay:
        return False
    w.tabs.setCurrentIndex(0)
    panel = w.status_panel
    panel.lower_tabs.setCurrentWidget(panel.callbacks)
    enough = asyncio.Event()

    def on_timeline_changed() -> None:
        if len(current.timeline.lines) >= 3:
            enough.set()

    current.timeline_changed.connect(on_timeline_changed)
    on_timeline_changed()
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(enough.wait(), within)
    finally:
        current.timeline_changed.disconnect(on_timeline_changed)
    # The lower half of the panel, where the tab is, in view at any window size.
    w.status_scroll.ensureWidgetVisible(panel.lower_tabs)
    await asyncio.sleep(0.2)
    return bool(current.timeline.lines)


async def layout_tour(controller: Controller, *, within: float = 10.0) -> LayoutEditorWidget | None:
    """Open the mix recording's Layout tab, arrange it live, wait for the service to apply it."""
    import asyncio

    w = controller.window
    current = w.dashboard.current
    before = w.tabs.currentIndex()
    w.tabs.setCurrentWidget(w.layout_scroll)  # the tab makes the selected mix's editor
    if current is None or current.key not in controller.layout_editors:
        w.tabs.setCurrentIndex(before)
        return None
    editor = controller.layout_editors[current.key]
    await asyncio.sleep(0.2)
    uids = [str(u) for u in current.users][:3]
    editor.editor.edit_as_custom(uids)
    editor.editor.set_background_color("#16202B")
    if len(uids) >= 3:  # a main speaker and two guests, side by side
        editor.editor.set_rects(
            {0: (0.03, 0.06, 0.6, 0.88), 1: (0.65, 0.06, 0.32, 0.42), 2: (0.65, 0.52, 0.32, 0.42)}
        )
    applied = asyncio.Event()

    def on_state_changed(state: str, _detail: str) -> None:
        if state == "applied":
            applied.set()

    editor.live_controller.state_changed.connect(on_state_changed)
    editor.live.live.setChecked(True)
    editor.scene.select([0])
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(within):
            await applied.wait()
    await asyncio.sleep(0.3)
    return editor if editor.live_controller.state == "applied" else None
