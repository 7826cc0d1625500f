"""``ManagerBridge``: the SessionManager as Qt signals, and the producer's intents as engine calls.

It owns the asyncio tasks it starts for those intents and cancels them in :meth:`aclose`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from recorder_gui.api.errors import AuthError, CloudRecordingError
from recorder_gui.callbacks.relay_url import RelaySettings, RelaySettingsError
from recorder_gui.recording import (
    ReattachOutcome,
    ReattachResult,
    SessionManager,
    profile_base_urls,
)
from recorder_gui.recording.backup import BackupRefused
from recorder_gui.recording.preflight import PreflightResult, StartPlan, preflight
from recorder_gui.recording.relay_feed import FeedStatus
from recorder_gui.recording.start_flow import suggest_uid
from recorder_gui.recording.tasks import OwnedTasks
from recorder_gui.store import ProfileError, SecretField

from .backup_view import pair_view
from .layout_view import SessionLayoutBridge
from .profiles import ProfileBridge
from .session import SessionBridge
from .start_guards import start_guards
from .views import OrphanView, PreflightView

log = logging.getLogger("recorder_gui.bridge")


class ManagerBridge(QObject):
    session_added = Signal(object)  # SessionBridge
    preflight_finished = Signal(object)  # PreflightView
    stop_finished = Signal(object)  # SessionBridge whose stop the producer asked for
    orphans_changed = Signal()
    reattach_finished = Signal()
    #: True from Start until the recording's card exists (or the checks refused it).
    start_pending = Signal(bool)
    relay_changed = Signal(str)  #: a profile's relay feed changed state (the profile's name)
    #: "Add backup recorder" was refused before anything was sent (the plain sentence)
    backup_refused = Signal(str)

    def __init__(
        self, manager: SessionManager, profiles: ProfileBridge, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.manager = manager
        self.profiles = profiles
        self.sessions: list[SessionBridge] = []
        self._layouts: dict[str, SessionLayoutBridge] = {}
        self._orphans: list[ReattachResult] = []
        self._tasks = OwnedTasks("bridge", lambda task, exc: None)  # OwnedTasks logs it
        self._pending: asyncio.Task[Any] | None = None
        self._closed = False
        self._closing: asyncio.Future[None] | None = None
        manager.relays.on_status = self._on_relay_status
        profiles.current_changed.connect(self._on_profiles_current_changed)
        profiles.profiles_changed.connect(self._on_profiles_current_changed)

    # -- reading --------------------------------------------------------------------------
    def now(self) -> float:
        return self.manager.timer.now()

    @property
    def orphans(self) -> list[OrphanView]:
        return [
            OrphanView(
                key=o.entry.key,
                cname=o.entry.cname,
                uid=o.entry.uid,
                mode=o.entry.mode,
                profile=o.entry.profile,
                reason=o.reason,
                can_stop=o.entry.sid is not None and o.entry.resource_id is not None,
            )
            for o in self._orphans
        ]

    def relay_settings(self, name: str) -> RelaySettings | None:
        """Where profile ``name`` reads callbacks (None: no relay, or not usable)."""
        try:
            profile = self.profiles.load(name)
        except (ProfileError, KeyError):
            return None
        if not profile.relay_url:
            return None
        token = self.profiles.credentials.get_optional(name, SecretField.RELAY_TOKEN)
        try:
            return RelaySettings(profile.relay_url, token or "")
        except RelaySettingsError as exc:
            log.warning("profile %r: relay not read: %s", name, exc)
            return None

    def relay_status(self, name: str) -> FeedStatus | None:
        return self.manager.relays.status(name)

    def watch_relay(self, name: str) -> None:
        """Read profile ``name``'s callbacks (again, when its settings changed)."""
        if name and not self._closed:
            self.manager.relays.watch(name, self.relay_settings(name))

    def running(self) -> list[SessionBridge]:
        return [s for s in self.sessions if not s.is_final]

    def suggest_bot_uid(self, cname: str, *, after: str | None = None) -> str:
        """A bot uid none of this panel's live recordings of ``cname`` uses: the profile's,
        else the next free one (after ``after`` when given)."""
        profile = self.profiles.current
        base = after or (profile.bot_uid if profile is not None else "999999999")
        taken = {s.bot_uid for s in self.running() if s.cname == cname}
        if after is not None:
            taken.add(after)
        return base if base not in taken else suggest_uid(taken, base)

    def layout_for(self, bridge: SessionBridge) -> SessionLayoutBridge:
        """The layout side of ``bridge`` (one per session, made on first use)."""
        found = self._layouts.get(bridge.key)
        if found is None:
            found = self._layouts[bridge.key] = SessionLayoutBridge(bridge, parent=self)
        return found

    # -- intents --------------------------------------------------------------------------
    def request_check(self, plan: StartPlan) -> None:
        self._spawn(self._preflight(plan), "preflight")

    def request_start(self, plan: StartPlan) -> None:
        """Start (ignored while another start is still being checked)."""
        if self._pending is not None and not self._pending.done():
            return
        task = self._pending = self._spawn(self._start(plan), "start")
        self.start_pending.emit(True)
        task.add_done_callback(self._end_pending)

    @property
    def start_is_pending(self) -> bool:
        return self._pending is not None and not self._pending.done()

    def cancel_start(self) -> None:
        """Cancel a start still in its checks; a start that reached the service has a card
        (stop it there): nothing that may be recording is ever dropped here."""
        task = self._pending
        if task is not None and not task.done():
            task.cancel()
            self.preflight_finished.emit(PreflightView((), ("Start cancelled.",)))

    def _end_pending(self, task: asyncio.Task[Any]) -> None:
        if self._pending is task:  # refused or cancelled in its checks
            self._pending = None
            self.start_pending.emit(False)

    def request_stop(self, bridge: SessionBridge) -> None:
        self._spawn(self._stop(bridge), "stop")

    def request_stop_all(self) -> asyncio.Task[Any]:
        return self._spawn(self.manager.stop_all(), "stop-all")

    def request_backup(self, bridge: SessionBridge) -> asyncio.Task[Any]:
        """Add a backup recorder of ``bridge``'s recording in another region: its card appears
        at once; a refusal is said in the recording's banner (docs/api-notes.md)."""
        return self._spawn(self._backup(bridge), "backup")

    def request_stop_pair(self, bridge: SessionBridge) -> asyncio.Task[Any]:
        """Stop ``bridge``'s recording and its backup (or primary) together."""
        return self._spawn(self._stop_pair(bridge), "stop-pair")

    def request_reattach(self) -> asyncio.Task[Any]:
        return self._spawn(self._reattach(), "reattach")

    def request_forget_orphan(self, key: str) -> None:
        self.manager.dismiss_orphan(key)
        self._orphans = [o for o in self._orphans if o.entry.key != key]
        self.orphans_changed.emit()

    def request_stop_orphan(self, key: str) -> None:
        self._spawn(self._stop_orphan(key), "stop-orphan")

    # -- the work -------------------------------------------------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        return self._tasks.spawn(coro, name)

    def _on_profiles_current_changed(self) -> None:
        self.watch_relay(self.profiles.current_name)

    def _on_relay_status(self, profile: str, status: FeedStatus) -> None:
        for bridge in self.sessions:
            if bridge.session.profile == profile:
                bridge.timeline_changed.emit()
        self.relay_changed.emit(profile)

    def _adopt(self, session: Any) -> SessionBridge:
        name = session.profile
        if name and self.manager.relays.status(name) is None:
            self.watch_relay(name)
        bridge = SessionBridge(
            session,
            now=self.now,
            relay=lambda: self.relay_status(name),
            pair=lambda: pair_view(self.manager, session),
            parent=self,
        )
        bridge.stop_requested.connect(lambda b=bridge: self.request_stop(b))
        bridge.backup_requested.connect(lambda b=bridge: self.request_backup(b))
        bridge.stop_pair_requested.connect(lambda b=bridge: self.request_stop_pair(b))
        self._link_pair(bridge)
        self.sessions.append(bridge)
        self.session_added.emit(bridge)
        return bridge

    async def _preflight(self, plan: StartPlan) -> tuple[PreflightView, PreflightResult | None]:
        profile = self.profiles.current
        if profile is None:
            view = PreflightView(
                ("Choose a profile, or create one with New profile… at the top.",), ()
            )
            self.preflight_finished.emit(view)
            return view, None
        store = self.profiles.credentials
        creds = self.profiles.credentials_for(profile.name, profile.app_id)
        channel = None
        extra_problems: list[str] = []
        extra_warnings: list[str] = []
        if creds is not None and plan.cname and plan.mode != "web":
            client = self.manager.client_for(profile.app_id, creds, base_urls=_urls(profile))
            try:
                channel = await client.channel_users(plan.cname)
            except AuthError as exc:
                extra_problems.append(exc.sentence())
            except CloudRecordingError as exc:
                extra_warnings.append(f"Who is in the channel could not be checked: {exc}")
        if store.get_optional(profile.name, SecretField.APP_CERTIFICATE) is None and not plan.token:
            extra_warnings.append(
                "No App Certificate in the profile: the bot joins without a token (fine only "
                "when the project has no certificate enabled)."
            )
        result = preflight(plan, profile, store, channel=channel, now=self.now())
        guards = start_guards(
            cname=plan.cname,
            bot_uid=plan.bot_uid,
            channel_confirmed=plan.channel_confirmed,
            live=((s.cname, s.bot_uid, s.title) for s in self.running()),
        )
        extra_problems[:0] = [g.problem for g in guards]
        view = PreflightView(
            tuple(dict.fromkeys(result.problems + extra_problems)),  # each said once
            tuple(dict.fromkeys(result.warnings + extra_warnings)),
            suggested_uid=next((g.suggested_uid for g in guards if g.suggested_uid), None),
            near_channel=next((g.near_channel for g in guards if g.near_channel), None),
        )
        self.preflight_finished.emit(view)
        return view, (result if not extra_problems else None)

    async def _start(self, plan: StartPlan) -> None:
        view, result = await self._preflight(plan)
        profile, current = self.profiles.current, self.profiles.current_name
        if not view.ok or result is None or result.config is None or profile is None:
            return
        creds = self.profiles.credentials_for(current, profile.app_id)
        assert creds is not None  # pre-flight refused a profile without them
        session = self.manager.create_session(
            app_id=profile.app_id,
            credentials=creds,
            cname=plan.cname,
            uid=plan.bot_uid,
            mode=plan.mode,
            start_config=result.config,
            profile=current,
            base_urls=_urls(profile),
            limits=result.limits,
        )
        self._adopt(session)
        # Started: the form moves on to the next free bot uid of this channel.
        following = self.suggest_bot_uid(plan.cname, after=plan.bot_uid)
        self.preflight_finished.emit(
            PreflightView((), view.warnings, started=True, suggested_uid=following)
        )
        # The card exists: from here the start is the session's own (cancel no longer applies).
        self._pending = None
        self.start_pending.emit(False)
        await session.start()

    async def _stop(self, bridge: SessionBridge) -> None:
        await bridge.session.stop()
        if bridge.session.stop_outcome is not None:
            self.stop_finished.emit(bridge)

    def _link_pair(self, bridge: SessionBridge) -> None:
        """A primary and its backup re-render when the other changes (either may come first
        after a restart)."""
        for other in self.sessions:
            o, b = other.session, bridge.session
            if (b.backup_of and b.backup_of == o.key) or (o.backup_of and o.backup_of == b.key):
                bridge.state_changed.connect(other.pair_changed)
                other.state_changed.connect(bridge.pair_changed)
                other.pair_changed.emit()

    async def _backup(self, bridge: SessionBridge) -> None:
        session = bridge.session
        store = self.profiles.credentials
        certificate = (
            store.get_optional(session.profile, SecretField.APP_CERTIFICATE)
            if session.profile
            else None
        )
        try:
            backup = self.manager.add_backup(session, certificate=certificate)
        except BackupRefused as exc:
            bridge.show_problem(exc.sentence, exc.next_step)
            self.backup_refused.emit(exc.sentence)
            return
        self._adopt(backup)
        await backup.start()

    async def _stop_pair(self, bridge: SessionBridge) -> None:
        pair = self.manager.pair_of(bridge.session)
        await self.manager.stop_pair(bridge.session)
        for member in self.sessions:
            if member.session in pair and member.session.stop_outcome is not None:
                self.stop_finished.emit(member)

    async def _reattach(self) -> None:
        self.watch_relay(self.profiles.current_name)
        known = {s.key for s in self.sessions}
        results = await self.manager.reattach(self.profiles.credentials_for, self._endpoints)
        for result in results:
            if result.session is not None and result.session.key not in known:
                self._adopt(result.session)
        self._orphans = [r for r in results if r.outcome is ReattachOutcome.ORPHAN]
        self.orphans_changed.emit()
        self.reattach_finished.emit()

    async def _stop_orphan(self, key: str) -> None:
        profile = self.profiles.current
        orphan = next((o for o in self._orphans if o.entry.key == key), None)
        if orphan is None or profile is None:
            return

        def lookup(name: str, app_id: str) -> Any:
            found = self.profiles.credentials_for(name, app_id)
            if found is None and app_id == profile.app_id:
                found = self.profiles.credentials_for(profile.name, app_id)
            return found

        await self._reattach_with(lookup)
        bridge = next((s for s in self.sessions if s.key == key), None)
        if bridge is not None and bridge.can_stop:
            await self._stop(bridge)

    async def _reattach_with(self, lookup: Any) -> None:
        known = {s.key for s in self.sessions}
        results = await self.manager.reattach(lookup, self._endpoints)
        for result in results:
            if result.session is not None and result.session.key not in known:
                self._adopt(result.session)
        self._orphans = [r for r in results if r.outcome is ReattachOutcome.ORPHAN]
        self.orphans_changed.emit()

    def _endpoints(self, name: str) -> list[str] | None:
        """A journaled profile's own base URLs (None: the manager's default)."""
        try:
            profile = self.profiles.load(name)
        except (ProfileError, KeyError):  # deleted or unreadable: the manager's default
            return None
        return _urls(profile)

    async def aclose(self) -> None:
        """Cancel the bridge's tasks, then close the manager (recordings keep running).

        A second call (the window closed while quitting) waits for the first one to finish:
        returning at once would let its caller tear down what the first is still closing."""
        if self._closing is None:
            self._closed = True
            self._closing = asyncio.ensure_future(self._aclose())
        await asyncio.shield(self._closing)

    async def _aclose(self) -> None:
        # Cancel and wait, bounded; a cancellation of this caller still propagates.
        await self._tasks.aclose(5.0)  # logs the tasks that did not finish
        for layout in self._layouts.values():
            layout.detach()
        for bridge in self.sessions:
            bridge.detach()
        await self.manager.aclose()


def _urls(profile: Any) -> list[str]:
    """The base URLs a profile asks for: its own base URL, else its area's domains."""
    return profile_base_urls(profile.area, profile.base_url)
