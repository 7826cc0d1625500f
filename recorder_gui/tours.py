"""The demo tours ``--screenshot`` takes before it saves the window: start, go ON AIR, arrange.

They drive the real window as a producer would (fill the form, click Start, open the Layout
tab), so the screenshots in the README show what a producer sees.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from recorder_gui.contexts import DEMO_CHANNEL

if TYPE_CHECKING:
    from recorder_gui.app import Controller
    from recorder_gui.ui.canvas import LayoutEditorWidget

__all__ = ["layout_screenshot_path", "layout_tour", "screenshot_tour"]


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


def layout_screenshot_path(main: Path) -> Path:
    """Where ``--screenshot`` also saves the Layout tab: ``x-main.png`` -> ``x-layout.png``."""
    stem = main.stem.removesuffix("-main")
    return main.with_name(f"{stem}-layout{main.suffix or '.png'}")


async def layout_tour(controller: Controller, *, within: float = 10.0) -> LayoutEditorWidget | None:
    """Open the mix recording's Layout tab, arrange it live, wait for the service to apply it."""
    import asyncio

    w = controller.window
    current = w.dashboard.current
    if current is None or current.key not in controller.layout_editors:
        return None
    editor = controller.layout_editors[current.key]
    w.tabs.setCurrentWidget(w.layout_scroll)
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
