"""``SessionManager``: many sessions at once, one HTTP client, one rate limiter per budget
(per Agora account by default, or per App ID: see :mod:`.ratelimit`),
reattach from the journal at start-up, and a clean shutdown (every task cancelled and awaited).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType

import httpx

from recorder_gui.api.client import CloudRecordingClient
from recorder_gui.api.domains import Area, area_domains, check_base_url
from recorder_gui.api.identifiers import Mode
from recorder_gui.api.ratelimit import LimiterRegistry, LimitScope, RateLimitedTransport
from recorder_gui.api.request_models import AcquireConfig, StartConfig
from recorder_gui.api.retry import RetryPolicy

from .backup import plan_backup
from .channel import Channel
from .events import SessionState
from .journal import Journal, JournalEntry
from .limits import RunLimits
from .pace import PollConfig
from .relay_watch import RelayWatch
from .session import CLOSE_TIMEOUT, RecordingSession
from .timers import RealTimer, Timer


@dataclass(frozen=True)
class Credentials:
    """Customer ID and secret for one profile (held in memory only; never journaled)."""

    customer_id: str
    customer_secret: str = field(repr=False)


#: (profile name, App ID) -> the credentials, or None when the producer has none for it.
CredentialLookup = Callable[[str, str], Credentials | None]
#: profile name -> that profile's base URLs, or None for the manager's default.
EndpointLookup = Callable[[str], Sequence[str] | None]


def profile_base_urls(area: Area | str, base_url: str | None = None) -> list[str]:
    """A profile's base URLs: its own ``base_url`` (emulator, proxy) if set, else its area's."""
    return [base_url] if base_url else area_domains(area)


class ReattachOutcome(StrEnum):
    REATTACHED = "reattached"  #: running: watched again
    CHECKING = "checking"  #: 404 or no answer: watched; ended only after the HA window
    ENDED = "ended"  #: it finished while recorder-gui was not running
    ORPHAN = "orphan"  #: cannot be checked: the producer must decide


@dataclass(frozen=True)
class ReattachResult:
    entry: JournalEntry
    outcome: ReattachOutcome
    reason: str
    session: RecordingSession | None = None


class SessionManager:
    """Owns every session, the shared ``httpx.AsyncClient`` and one client per App ID."""

    def __init__(
        self,
        *,
        journal: Journal | None = None,
        timer: Timer | None = None,
        base_urls: Sequence[str] | None = None,
        rate_limit: int | None = 10,
        rate_limit_scope: LimitScope | str = LimitScope.ACCOUNT,
        poll_config: PollConfig | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 10.0,
        deadline: float = 30.0,
        stop_timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        close_timeout: float | None = CLOSE_TIMEOUT,
    ) -> None:
        self.journal = journal if journal is not None else Journal()
        self.timer: Timer = timer or RealTimer()
        self.poll_config = poll_config or PollConfig()
        #: ``rate_limit`` requests/s per budget: per customer ID (``"account"``, the default:
        #: Agora's API pages) or per App ID (``"app"``: its best-practices page); see
        #: docs/api-notes.md, "Rate limits".
        self.limiters = LimiterRegistry(rate_limit, scope=rate_limit_scope)
        self._base_urls = list(base_urls) if base_urls else None
        self._retry = retry
        #: each client call's overall deadline (all attempts and waits); stop gets twice it
        self.deadline = deadline
        self._timeouts = (timeout, stop_timeout)
        #: seconds :meth:`aclose` waits for each session's cancelled tasks (None: no bound)
        self.close_timeout = close_timeout
        self._http = httpx.AsyncClient(
            transport=RateLimitedTransport(transport or httpx.AsyncHTTPTransport(), self.limiters),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )
        self._clients: dict[tuple[str, str, tuple[str, ...]], CloudRecordingClient] = {}
        self.sessions: list[RecordingSession] = []
        #: (App ID, channel) -> its sessions, the live list each session's Channel shows
        self._channels: dict[tuple[str, str], list[RecordingSession]] = {}
        self.orphans: list[ReattachResult] = []
        #: each profile's relay feed (``relays.watch(profile, settings)``), over its own client
        self.relays = RelayWatch(lambda: self.sessions, self.timer)
        self._closed = False

    async def __aenter__(self) -> SessionManager:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def endpoints(
        self, base_urls: Sequence[str] | None = None, area: Area | str | None = None
    ) -> tuple[str, ...]:
        """The base URLs a call uses: its own ``base_urls``, else its ``area``'s domains, else
        the manager-wide ``base_urls``, else the global domains."""
        if base_urls:
            return tuple(check_base_url(u) for u in base_urls)
        if area is not None:
            return tuple(area_domains(area))
        return tuple(self._base_urls or area_domains(Area.GLOBAL))

    def client_for(
        self,
        app_id: str,
        credentials: Credentials,
        *,
        base_urls: Sequence[str] | None = None,
        area: Area | str | None = None,
    ) -> CloudRecordingClient:
        """The client of this App ID, customer and base URLs (see :meth:`endpoints`): one per
        triple, all on the shared HTTP client and its rate-limit budget."""
        urls = self.endpoints(base_urls, area)
        key = (app_id, credentials.customer_id, urls)
        client = self._clients.get(key)
        if client is None:
            client = CloudRecordingClient(
                app_id,
                credentials.customer_id,
                credentials.customer_secret,
                base_urls=list(urls),
                http_client=self._http,
                retry=self._retry,
                sleep=self.timer.sleep,
                timeout=self._timeouts[0],
                stop_timeout=self._timeouts[1],
                deadline=self.deadline,
                stop_deadline=2 * self.deadline,
            )
            self._clients[key] = client
        return client

    def _add(self, session: RecordingSession) -> None:
        self.sessions.append(session)
        self._channels.setdefault((session.app_id, session.cname), []).append(session)
        self.relays.replay(session)

    def _channel(self, app_id: str, cname: str) -> Channel:
        """A live view of this app's sessions and orphans on one channel."""
        members = self._channels.setdefault((app_id, cname), [])
        return Channel(
            members=lambda: members,
            orphans=lambda: [
                o.entry for o in self.orphans if o.entry.app_id == app_id and o.entry.cname == cname
            ],
        )

    def create_session(
        self,
        *,
        app_id: str,
        credentials: Credentials,
        cname: str,
        uid: str | int,
        mode: Mode | str,
        start_config: StartConfig,
        acquire_config: AcquireConfig | None = None,
        profile: str = "",
        poll_config: PollConfig | None = None,
        base_urls: Sequence[str] | None = None,
        area: Area | str | None = None,
        limits: RunLimits | None = None,
    ) -> RecordingSession:
        """A new idle session (call ``await session.start()``).

        ``base_urls`` / ``area`` are the profile's own endpoints (see :meth:`endpoints`).
        """
        if self._closed:
            raise RuntimeError("the session manager is closed")
        session = RecordingSession(
            client=self.client_for(app_id, credentials, base_urls=base_urls, area=area),
            journal=self.journal,
            cname=cname,
            uid=uid,
            mode=mode,
            start_config=start_config,
            acquire_config=acquire_config,
            profile=profile,
            timer=self.timer,
            poll_config=poll_config or self.poll_config,
            channel=self._channel(app_id, cname),
            limits=limits,
        )
        self._add(session)
        return session

    async def start_session(
        self,
        *,
        app_id: str,
        credentials: Credentials,
        cname: str,
        uid: str | int,
        mode: Mode | str,
        start_config: StartConfig,
        acquire_config: AcquireConfig | None = None,
        profile: str = "",
        base_urls: Sequence[str] | None = None,
        area: Area | str | None = None,
    ) -> RecordingSession:
        """:meth:`create_session` then ``await session.start()``."""
        session = self.create_session(
            app_id=app_id,
            credentials=credentials,
            cname=cname,
            uid=uid,
            mode=mode,
            start_config=start_config,
            acquire_config=acquire_config,
            profile=profile,
            base_urls=base_urls,
            area=area,
        )
        await session.start()
        return session

    async def reattach(
        self, credentials: CredentialLookup, endpoints: EndpointLookup | None = None
    ) -> list[ReattachResult]:
        """Query every journaled recording that was not cleanly stopped and take it over.

        ``endpoints`` gives each journaled profile's base URLs (default: the manager's).
        """
        results: list[ReattachResult] = []
        known = {s.key for s in self.sessions}
        for entry in self.journal.unsettled():
            if entry.key in known:
                continue
            urls = endpoints(entry.profile) if endpoints is not None else None
            results.append(await self._reattach_one(entry, credentials, urls))
        self.orphans = [r for r in results if r.outcome is ReattachOutcome.ORPHAN]
        return results

    async def _reattach_one(
        self,
        entry: JournalEntry,
        credentials: CredentialLookup,
        base_urls: Sequence[str] | None = None,
    ) -> ReattachResult:
        if entry.sid is None or entry.resource_id is None:
            if not entry.start_maybe_sent:
                self.journal.write(entry.replace(settled=True, step="reattach: never started"))
                return ReattachResult(
                    entry, ReattachOutcome.ENDED, "It never started (no start was sent)."
                )
            return ReattachResult(
                entry,
                ReattachOutcome.ORPHAN,
                f"A start for channel {entry.cname!r} (bot uid {entry.uid}) may have reached the "
                "service but its sid is unknown, so it cannot be checked or stopped. If it runs "
                "it ends when the channel is idle for maxIdleTime. Dismiss it when you are sure.",
            )
        found = credentials(entry.profile, entry.app_id)
        if found is None:
            return ReattachResult(
                entry,
                ReattachOutcome.ORPHAN,
                f"No credentials for profile {entry.profile!r} (App ID {entry.app_id}): enter "
                "them to check this recording, or dismiss it.",
            )
        session = RecordingSession.from_entry(
            entry,
            client=self.client_for(entry.app_id, found, base_urls=base_urls),
            journal=self.journal,
            timer=self.timer,
            poll_config=self.poll_config,
            channel=self._channel(entry.app_id, entry.cname),
        )
        self._add(session)
        outcome = ReattachOutcome(await session.reattach())
        return ReattachResult(entry, outcome, session.reason, session)

    # -- backups in another region (see .backup) ---------------------------------------------
    def backups_of(self, session: RecordingSession) -> list[RecordingSession]:
        """The recordings that back ``session`` up, oldest first."""
        return [s for s in self.sessions if s.backup_of and s.backup_of == session.key]

    def primary_of(self, session: RecordingSession) -> RecordingSession | None:
        """The recording ``session`` backs up (None: it is no backup, or its primary is not
        in this panel)."""
        return next((s for s in self.sessions if s.key == session.backup_of), None)

    def add_backup(
        self, primary: RecordingSession, *, certificate: str | None = None, uid: str | None = None
    ) -> RecordingSession:
        """A backup of a running ``primary`` (idle: ``await session.start()``): same channel,
        mode and settings, another bot uid, files under ``backup/``, acquired away from the
        primary's region. Raises :class:`~.backup.BackupRefused` with a plain sentence."""
        if self._closed:
            raise RuntimeError("the session manager is closed")
        live = [b for b in self.backups_of(primary) if not b.state.is_final]
        plan = plan_backup(
            primary, now=self.timer.now(), certificate=certificate, uid=uid, live_backups=live
        )
        session = RecordingSession(
            client=primary.client,
            journal=self.journal,
            cname=primary.cname,
            uid=plan.uid,
            mode=primary.mode,
            start_config=plan.start_config,
            acquire_config=plan.acquire_config,
            profile=primary.profile,
            timer=self.timer,
            poll_config=primary.poll_config,
            channel=self._channel(primary.app_id, primary.cname),
            limits=plan.limits,
            backup_of=primary.key,
        )
        self._add(session)
        return session

    def pair_of(self, session: RecordingSession) -> list[RecordingSession]:
        """``session``'s pair: its primary first, then every backup of it."""
        primary = self.primary_of(session) or session
        return [primary, *self.backups_of(primary)]

    async def stop_pair(self, session: RecordingSession) -> dict[str, SessionState]:
        """Stop a recording and its backup (or a backup and its primary) together."""
        pair = [s for s in self.pair_of(session) if not s.state.is_final]
        states = await asyncio.gather(*(s.stop() for s in pair))
        return {s.key: state for s, state in zip(pair, states, strict=True)}

    def dismiss_orphan(self, key: str) -> None:
        """The producer decided: stop tracking this journal row."""
        entry = self.journal.get(key)
        if entry is not None:
            self.journal.write(entry.replace(settled=True, step="dismissed by the producer"))
        self.orphans = [o for o in self.orphans if o.entry.key != key]

    def active(self) -> list[RecordingSession]:
        return [s for s in self.sessions if not s.state.is_final]

    async def stop_all(self) -> dict[str, SessionState]:
        """Stop every recording that runs (e.g. the producer's "stop everything")."""
        return {s.key: await s.stop() for s in self.active()}

    async def aclose(self) -> None:
        """Stop watching: cancel and await every session task, close the HTTP client.

        Recordings are NOT stopped: they go on, and the journal lets the next run reattach.
        """
        if self._closed:
            return
        self._closed = True
        try:
            # Concurrently, so the whole close is bounded by one ``close_timeout``.
            await asyncio.gather(*(s.aclose(self.close_timeout) for s in self.sessions))
        finally:  # also when the caller gives up waiting: no connection is left open
            await self.relays.aclose()
            for client in self._clients.values():
                await client.aclose()
            with contextlib.suppress(Exception):
                await self._http.aclose()
