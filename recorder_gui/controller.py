"""``Controller``: connects the window's intents to the bridges and the bridges' facts to the
window; and quitting, bounded (``bounded``). ``recorder_gui.app`` builds one per run."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from recorder_gui.contexts import Context
from recorder_gui.ui.layout_tab import NO_LAYOUT_NONE
from recorder_gui.ui.main_window import MainWindow

# Heavy modules (asyncio, the engine's bridges, the dialogs) load when a method first needs
# them, after the window's first paint.
if TYPE_CHECKING:
    import asyncio

    from recorder_gui.bridge import SessionBridge
    from recorder_gui.bridge.files_bridge import FilesBridge
    from recorder_gui.bridge.layout_view import SessionLayoutBridge
    from recorder_gui.ui.canvas import LayoutEditorWidget
    from recorder_gui.ui.dialogs.profile_dialog import ProfileDialog
    from recorder_gui.ui.dialogs.quit_dialog import QuitDialog
    from recorder_gui.ui.dialogs.stop_dialog import ConfirmStopDialog

log = logging.getLogger("recorder_gui.app")

__all__ = ["QUIT_TIMEOUT", "REPORT_TIMEOUT", "STOP_ALL_TIMEOUT", "Controller", "bounded"]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


class Controller(QObject):
    """Connects the window's intents to the bridges and the bridges' facts to the window."""

    finished = Signal()

    def __init__(self, context: Context, window: MainWindow | None = None) -> None:
        import asyncio

        from recorder_gui.bridge import ManagerBridge

        super().__init__()
        self.context = context
        self.profiles = context.profiles
        self.bridge = ManagerBridge(context.manager, context.profiles, parent=self)
        self.window = window or MainWindow()
        self.window.build_panels()
        self.dialogs: list[QDialog] = []
        self.layout_editors: dict[str, LayoutEditorWidget] = {}
        self.file_checks: dict[str, FilesBridge] = {}  #: by session key, made at first use
        self.done = asyncio.Event()
        self._shutting_down = False
        self._wire()
        self._on_profiles_changed()
        if context.settings is not None:
            self.window.restore_state(context.settings)

    def _wire(self) -> None:
        w, b, p = self.window, self.bridge, self.profiles
        form = w.start_form
        form.check_requested.connect(b.request_check)
        form.start_requested.connect(b.request_start)
        form.suggest_uid_requested.connect(lambda c: form.set_bot_uid(b.suggest_bot_uid(c)))
        b.preflight_finished.connect(form.show_preflight)
        b.start_pending.connect(form.set_pending)
        form.cancel_requested.connect(b.cancel_start)
        # A new card never takes the selection from a recording whose layout is being edited.
        b.session_added.connect(
            lambda bridge: w.dashboard.add_session(bridge, select=not w.editing_layout)
        )
        b.session_added.connect(lambda bridge: bridge.alerted.connect(w.alerts.show_alert))
        b.session_added.connect(self.files_for)  # from the start: it logs layout changes
        b.stop_finished.connect(self._on_bridge_stop_finished)
        b.orphans_changed.connect(lambda: w.dashboard.set_orphans(b.orphans))
        w.dashboard.orphan_stop_requested.connect(b.request_stop_orphan)
        w.dashboard.orphan_forget_requested.connect(b.request_forget_orphan)
        w.dashboard.session_selected.connect(self._on_dashboard_session_selected)
        w.layout_tab_opened.connect(self._on_window_layout_tab_opened)
        w.profile_chosen.connect(self._on_window_profile_chosen)
        w.edit_profile_requested.connect(lambda: self.open_profile_dialog(p.current_name))
        w.new_profile_requested.connect(lambda: self.open_profile_dialog(None))
        w.stop_confirm_requested.connect(self.open_confirm_stop)
        w.status_panel.backup.stop_both_requested.connect(self.open_confirm_stop_pair)
        b.backup_refused.connect(lambda sentence: w.statusBar().showMessage(sentence, 8000))
        w.close_requested.connect(self._on_window_close_requested)
        p.profiles_changed.connect(self._on_profiles_changed)
        p.current_changed.connect(self._on_profiles_changed)
        p.storage_status_changed.connect(lambda _s: self._on_profiles_changed())

    def _on_profiles_changed(self) -> None:
        p = self.profiles
        self.window.set_profiles(p.names(), p.current_name)
        self.window.set_keyring_status(p.storage_status, persistent=p.credentials.is_persistent)
        plan = p.default_plan(self.context.default_channel)
        if plan is not None:
            self.window.start_form.set_defaults(plan)

    def _on_window_profile_chosen(self, name: str) -> None:
        problem = self.profiles.select(name)
        if problem:
            self.window.statusBar().showMessage(problem, 8000)

    # -- the Layout tab -----------------------------------------------------------------------
    def _on_dashboard_session_selected(self, bridge: SessionBridge | None) -> None:
        self.window.status_panel.files_check.set_files(
            self.files_for(bridge) if bridge is not None else None
        )
        # The Layout tab renders the selection when it is shown: an editor (a canvas, its scene
        # and the session's layout bridge) is made only for a recording someone arranges.
        if self.window.layout_tab_open:
            self._show_layout_of(bridge)

    def _on_window_layout_tab_opened(self) -> None:
        self._show_layout_of(self.window.dashboard.current)

    def _show_layout_of(self, bridge: SessionBridge | None) -> None:
        if bridge is None:
            self.window.set_layout_message(NO_LAYOUT_NONE)
            return
        layout = self.bridge.layout_for(bridge)
        if not layout.is_mix:
            self.window.set_layout_message(
                f"“{bridge.cname}” is {_article(bridge.mode_label)} {bridge.mode_label} "
                "recording: there is no mixed video to arrange. Select a mix recording."
            )
            return
        self.window.set_layout_widget(self.layout_editor(layout))

    def layout_editor(self, layout: SessionLayoutBridge) -> LayoutEditorWidget:
        """The session's editor: one document (and undo history) per session, made once."""
        editor = self.layout_editors.get(layout.key)
        if editor is not None:
            return editor
        from recorder_gui.layout import LayoutDocument
        from recorder_gui.ui.canvas import LayoutEditorWidget

        editor = LayoutEditorWidget(LayoutDocument(layout.start_layout()), layout.sink)
        editor.set_channel_users(layout.users)
        layout.sink_changed.connect(editor.set_sink)

        def on_users_changed() -> None:
            if shiboken6.isValid(editor):
                editor.set_channel_users(layout.users)

        layout.users_changed.connect(on_users_changed)
        self.layout_editors[layout.key] = editor
        return editor

    def _keep(self, dialog: QDialog) -> None:
        self.dialogs = [d for d in self.dialogs if shiboken6.isValid(d)] + [dialog]
        dialog.finished.connect(dialog.deleteLater)

    def open_dialogs(self) -> list[QDialog]:
        """The dialogs this controller opened that still exist."""
        return [d for d in self.dialogs if shiboken6.isValid(d) and d.isVisible()]

    def open_profile_dialog(self, name: str | None) -> ProfileDialog:
        from recorder_gui.ui.dialogs.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.profiles, name or None, self.window)
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_confirm_stop(self) -> ConfirmStopDialog | None:
        from recorder_gui.ui.dialogs.stop_dialog import ConfirmStopDialog

        current = self.window.dashboard.current
        if current is None or not current.can_stop:
            self.window.statusBar().showMessage("No running recording is selected.", 4000)
            return None
        dialog = ConfirmStopDialog(current.title, self.window)
        dialog.confirmed.connect(current.stop_requested)
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_confirm_stop_pair(self, bridge: SessionBridge) -> ConfirmStopDialog | None:
        """Ask before stopping a recording and its backup together ("Stop both…")."""
        from recorder_gui.ui.dialogs.confirm_stop import ConfirmStopDialog

        pair = bridge.pair
        if not (bridge.can_stop and pair.can_stop_both):
            self.window.statusBar().showMessage("This recording has no running partner.", 4000)
            return None
        partners = pair.backup_titles or (pair.primary_title,)
        names = "\n".join((bridge.title, *(f"and {t}" for t in partners)))
        dialog = ConfirmStopDialog(names, self.window)
        dialog.setWindowTitle("Stop both recordings?")
        dialog.stop_button.setText("Stop both")
        dialog.confirmed.connect(bridge.stop_pair_requested)
        self._keep(dialog)
        dialog.open()
        return dialog

    def _on_bridge_stop_finished(self, bridge: SessionBridge) -> None:
        from recorder_gui.ui.dialogs.stop_dialog import StopResultDialog

        summary = bridge.stop_summary
        if summary is None:
            return
        from recorder_gui.bridge.cost_view import stop_total

        files = self.files_for(bridge) if summary.rows else None
        dialog = StopResultDialog(
            summary, self.window, bridge=bridge, files=files, cost=stop_total(bridge)
        )
        self._keep(dialog)
        dialog.open()
        if files is not None:
            from recorder_gui.bridge.files_bridge import SETTLE_WAITS

            files.check(settle=SETTLE_WAITS)

    def files_for(self, bridge: SessionBridge) -> FilesBridge:
        """The session's file check (one per recording, closed at quit)."""
        from recorder_gui.bridge.files_bridge import FilesBridge

        files = self.file_checks.get(bridge.key)
        if files is None:
            from recorder_gui.bridge.cost_view import stop_cost

            files = FilesBridge(
                bridge,
                self.profiles,
                manifests=self.context.manifests_dir,
                cost=lambda: stop_cost(bridge),
                parent=self,
            )
            self.file_checks[bridge.key] = files
        return files

    def _on_window_close_requested(self) -> None:
        from recorder_gui.ui.dialogs.quit_dialog import QuitDialog

        running = self.bridge.running()
        if not running:
            self.quit()
            return
        dialog = QuitDialog([s.title for s in running], self.window)
        dialog.stop_all_requested.connect(lambda: self.quit(stop_all=True, report=dialog))
        dialog.leave_running_requested.connect(self.quit)
        self._keep(dialog)
        dialog.open()

    def quit(
        self, *, stop_all: bool = False, report: QuitDialog | None = None
    ) -> asyncio.Task[None]:
        import asyncio

        return asyncio.get_running_loop().create_task(
            self.shutdown(stop_all=stop_all, report=report)
        )

    async def shutdown(self, *, stop_all: bool = False, report: QuitDialog | None = None) -> None:
        """Stop (if asked) or leave the recordings, close the engine and the window.

        With ``report`` (the quit dialog), what stopped and what did not is shown there until
        the producer presses Quit, at most ``REPORT_TIMEOUT`` seconds."""
        import asyncio

        if self.done.is_set():
            return
        if self._shutting_down:  # the window closed while quitting: one shutdown, waited for
            await self.done.wait()
            return
        self._shutting_down = True
        if stop_all:
            running = self.bridge.running()  # before stopping: who was asked to stop
            self.window.statusBar().showMessage("Stopping every recording…")
            with contextlib.suppress(Exception):
                await bounded(self.bridge.request_stop_all(), STOP_ALL_TIMEOUT, "stopping all")
            if report is not None and shiboken6.isValid(report) and report.isVisible():
                from recorder_gui.ui.dialogs.quit_dialog import results_of

                read = asyncio.Event()
                report.finished.connect(lambda _code: read.set())
                report.show_results(*results_of(running))
                await bounded(read.wait(), REPORT_TIMEOUT, "showing what stopped")
        try:
            if self.context.settings is not None and shiboken6.isValid(self.window):
                self.window.save_state(self.context.settings)
            for files in self.file_checks.values():
                await bounded(files.aclose(), QUIT_TIMEOUT, "closing the file checks")
            await bounded(self.bridge.aclose(), QUIT_TIMEOUT, "closing the recording engine")
            for dialog in self.open_dialogs():
                dialog.close()
            if shiboken6.isValid(self.window):
                self.window.allow_close = True
                self.window.close()
        finally:
            self.context.close()
            self.done.set()
            self.finished.emit()


#: Seconds quitting waits for the engine to close (its own bound is 5 s per session).
QUIT_TIMEOUT = 10.0
#: Seconds the quit dialog shows what stopped before the app closes anyway.
REPORT_TIMEOUT = 30.0
#: Seconds "stop everything and quit" waits for the stops (each synchronous stop can take 30 s).
STOP_ALL_TIMEOUT = 120.0


async def bounded(awaitable: Awaitable[object], seconds: float, what: str) -> bool:
    """Await ``awaitable`` in its own task for at most ``seconds``; True when it finished.

    On time-out the task is cancelled but not awaited, and a warning is logged: even an engine
    that swallowed the cancellation (or lost a task) cannot make quitting hang.
    """
    import asyncio

    task = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if task in done:
        task.result()  # re-raise its error, if any
        return True
    task.cancel()
    log.warning("%s did not finish within %.0f s; quitting anyway", what, seconds)
    return False
