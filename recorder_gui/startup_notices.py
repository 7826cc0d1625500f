"""Start-up notices in the window: what the journal, the profile store or reattach had to say.

Each notice is shown as a banner and logged; a reattach that fails becomes a notice, never a
crash.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import shiboken6

if TYPE_CHECKING:
    import asyncio

    from recorder_gui.bridge import ManagerBridge
    from recorder_gui.store import Notice
    from recorder_gui.ui.main_window import MainWindow

log = logging.getLogger("recorder_gui.app")


def show_notices(window: MainWindow, notices: Iterable[Notice]) -> None:
    """Show each start-up notice in the window (a banner) and log it."""
    for notice in notices:
        if shiboken6.isValid(window):
            window.show_notice(
                notice.severity, notice.sentence, notice.next_step, persistent=notice.persistent
            )
        level = logging.ERROR if notice.severity == "error" else logging.WARNING
        log.log(level, "Notice shown in the window: %s", notice.text)


def reattach_notice(exc: BaseException) -> Notice:
    from recorder_gui.store import Notice

    return Notice(
        "error",
        "Recordings from earlier runs could not be looked up again: "
        f"{str(exc) or type(exc).__name__}",
        "Check the Agora console for recordings still running; the log has the details.",
        source="reattach",
    )


def request_reattach(bridge: ManagerBridge, window: MainWindow) -> None:
    """Look for the journal's unsettled recordings; a failure becomes a notice, never a crash."""
    try:
        task = bridge.request_reattach()
    except Exception as exc:
        log.exception("Reattaching could not start")
        show_notices(window, [reattach_notice(exc)])
        return

    def on_done(task: asyncio.Task[object]) -> None:
        if not task.cancelled() and task.exception() is not None:
            show_notices(window, [reattach_notice(task.exception() or Exception())])

    task.add_done_callback(on_done)
