"""The emulator handle: thread-safe state of channels, resources and tasks; inspection, control."""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from recorder_gui.emulator import service
from recorder_gui.emulator.channels import Channel, SimulatedChannel
from recorder_gui.emulator.clock import EmulatorClock
from recorder_gui.emulator.config import EmulatorConfig, config_view, update_config
from recorder_gui.emulator.endings import Ending
from recorder_gui.emulator.errors import gateway_error, service_error
from recorder_gui.emulator.events import make_event
from recorder_gui.emulator.faults import Fault, FaultBook
from recorder_gui.emulator.history import HISTORY_LIMIT, RecordedRequest, RequestHistory
from recorder_gui.emulator.lifecycle import due_ending, finish
from recorder_gui.emulator.silent_failures import apply_task_fault, fits
from recorder_gui.emulator.tasks import Task

_APP_ID = re.compile(r"[0-9a-fA-F]{32}")
Key = tuple[str, str]

__all__ = ["HISTORY_LIMIT", "Emulator", "RecordedRequest"]


class Emulator:
    """The local Cloud Recording service's state; the HTTP app and tests share one instance."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config if config is not None else EmulatorConfig()
        self.clock = EmulatorClock()
        self._lock = threading.RLock()
        self._faults = FaultBook()
        self._rate: dict[str, deque[float]] = {}
        self._init_state()

    def _init_state(self) -> None:
        self._channels: dict[Key, Channel] = {}
        self._sims: dict[Key, SimulatedChannel] = {}
        self._tasks: dict[str, Task] = {}
        self._resource_sid: dict[str, str] = {}
        # Bounded, so a long demo or benchmark run does not grow without limit.
        self._events: deque[dict[str, Any]] = deque(maxlen=HISTORY_LIMIT)
        self._requests = RequestHistory()

    def clear_logs(self) -> None:
        """Forget the request history and the event log (long benchmark runs)."""
        with self._lock:
            self._requests.clear()
            self._events.clear()

    def reset(self) -> None:
        """Forget every channel, task, request, event, fault and rate-limit window."""
        with self._lock:
            self._init_state()
            self._faults.clear()
            self._rate.clear()

    def configure(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Change settable config fields (``config.SETTABLE``); returns them, secrets masked."""
        with self._lock:
            update_config(self.config, changes)
            return config_view(self.config)

    # -- time ---------------------------------------------------------------------------
    def _advance(self) -> float:
        """Bring every lazily-evaluated rule up to the clock; returns now."""
        now = self.clock.now()
        for key, sim in self._sims.items():
            channel = self._channel(*key)
            for t, action, uid in sim.events_until(now):
                self._tick(t, key)
                if action == "join":
                    channel.add_user(uid, "host", True, True, t)
                else:
                    channel.remove_user(uid, t)
        self._tick(now)
        return now

    def _tick(self, now: float, key: Key | None = None) -> None:
        for task in self._tasks.values():
            if key is not None and (task.appid, task.cname) != key:
                continue
            if task.state == "running":
                self._tick_running(task, now)
            if task.state == "exiting" and task.exit_until is not None and now >= task.exit_until:
                task.state = "ended"

    def _tick_running(self, task: Task, now: float) -> None:
        if task.failover_until is not None and now >= task.failover_until:
            task.failover_until = None
        due = due_ending(task, now, self._channels.get((task.appid, task.cname)))
        if due is not None:
            self._finish(task, *due)

    def _finish(self, task: Task, at: float, ending: Ending) -> None:
        """The recording ends at ``at`` (exiting, then gone), with the ending's events."""
        channel = self._channels.get((task.appid, task.cname))
        finish(task, at, ending, self.config, channel, self._emit)

    def _emit(self, task: Task, event_type: int, at: float, **details: Any) -> None:
        self._events.append(make_event(task, event_type, at, **details))

    # -- HTTP-facing --------------------------------------------------------------------
    def authenticate(self, header: str | None) -> str:
        """The customer ID of a valid ``Authorization: Basic`` header, else a 401 error."""
        if header is None:
            raise gateway_error(401, "Unauthorized")
        bad = gateway_error(401, "Invalid authentication credentials")
        if not header.startswith("Basic "):
            raise bad
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise bad from None
        customer_id, sep, secret = decoded.partition(":")
        expected = self.config.credentials.get(customer_id)
        if not sep or expected is None or not hmac.compare_digest(expected, secret):
            raise bad
        return customer_id

    def check_app_id(self, appid: str, *, service_level: bool) -> None:
        if not _APP_ID.fullmatch(appid):
            raise gateway_error(400, "invalid appid")
        allowed = self.config.app_ids
        if allowed is not None and appid not in allowed:
            if service_level:
                raise service_error(400, 400, "invalid_appid")
            raise gateway_error(400, "invalid appid")

    def rate_key(self, customer_id: str, appid: str) -> str:
        """The rate-limit budget a request counts against (``config.rate_limit_scope``)."""
        if self.config.rate_limit_scope == "app":
            return appid
        return f"customer:{customer_id}"

    def check_rate(self, key: str) -> None:
        """Sliding one-second window on real monotonic time, per budget key (``rate_key``)."""
        limit = self.config.rate_limit_per_second
        if limit is None:
            return
        now = time.monotonic()
        with self._lock:
            window = self._rate.setdefault(key, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                raise gateway_error(429, "API rate limit exceeded")
            window.append(now)

    def call(self, operation: Callable[..., service.Result], *args: Any) -> service.Result:
        """Run one service operation under the lock, with the state ticked to now."""
        with self._lock:
            now = self._advance()
            return operation(self, *args, now)

    def record(self, request: RecordedRequest, body_bytes: int = 0) -> None:
        """Keep ``request`` (already masked); ``body_bytes``: wire size of its kept bodies."""
        with self._lock:
            self._requests.add(
                request,
                body_bytes,
                max_bytes=self.config.history_max_bytes,
                max_count=HISTORY_LIMIT,
            )

    @property
    def history_bytes(self) -> int:
        """Size of the request history as counted against ``config.history_max_bytes``."""
        with self._lock:
            return self._requests.bytes

    def take_faults(self, endpoint: str) -> Any:
        return self._faults.take(endpoint)

    # -- channels -----------------------------------------------------------------------
    def _channel(self, appid: str, cname: str) -> Channel:
        key = (appid, cname)
        if key not in self._channels:
            self._channels[key] = Channel(appid, cname)
        return self._channels[key]

    def add_user(
        self,
        appid: str,
        cname: str,
        uid: int,
        *,
        role: str = "host",
        audio: bool = True,
        video: bool = True,
    ) -> None:
        with self._lock:
            now = self._advance()
            self._channel(appid, cname).add_user(uid, role, audio, video, now)

    def remove_user(self, appid: str, cname: str, uid: int) -> None:
        with self._lock:
            now = self._advance()
            self._channel(appid, cname).remove_user(uid, now)

    def set_publishing(self, appid: str, cname: str, uid: int, *, audio: bool, video: bool) -> None:
        with self._lock:
            now = self._advance()
            self._channel(appid, cname).set_publishing(uid, audio, video, now)

    def set_channel_profile(self, appid: str, cname: str, mode: int) -> None:
        with self._lock:
            now = self._advance()
            self._channel(appid, cname).set_mode(mode, now)

    def channel_users(self, appid: str, cname: str, *, hosts_only: bool = False) -> dict[str, Any]:
        with self._lock:
            self._advance()
            channel = self._channels.get((appid, cname))
            if channel is None:
                return {"channel_exist": False}
            return channel.snapshot(hosts_only=hosts_only)

    def simulate_channel(
        self,
        appid: str,
        cname: str,
        *,
        seed: int = 0,
        min_users: int = 1,
        max_users: int = 4,
        mean_stay_seconds: float = 40.0,
        uid_base: int = 1000,
    ) -> None:
        """Users join and leave on their own (hosts publishing audio+video), for the demo."""
        with self._lock:
            now = self._advance()
            self._sims[(appid, cname)] = SimulatedChannel(
                appid,
                cname,
                start=now,
                seed=seed,
                min_users=min_users,
                max_users=max_users,
                mean_stay_seconds=mean_stay_seconds,
                uid_base=uid_base,
            )
            self._advance()

    # -- faults and HA ------------------------------------------------------------------
    def inject_fault(self, fault: Fault) -> None:
        """Keep a request fault; a task fault acts now on its running task(s) (KeyError: none)."""
        if not fault.on_task:
            self._faults.add(fault)
            return
        with self._lock:
            now = self._advance()
            if fault.sid is not None:
                targets = [self._live_task(fault.sid)]
            else:
                targets = [
                    t for t in self._tasks.values() if t.state == "running" and fits(fault.kind, t)
                ]
                if not targets:
                    raise KeyError(f"no running task for fault {fault.kind!r}")
            for task in targets:
                apply_task_fault(task, fault.kind, now, fault.seconds, self.config, self._emit)
            self._tick(now)

    def clear_faults(self) -> None:
        self._faults.clear()

    def faults(self) -> list[Fault]:
        return self._faults.active()

    def _live_task(self, sid: str) -> Task:
        task = self._tasks.get(sid)
        if task is None or task.state != "running":
            raise KeyError(f"no running task {sid!r}")
        return task

    def start_failover(self, sid: str, *, window_seconds: float | None = None) -> None:
        """HA failover: 404 "failed to find worker" for the window.

        Afterwards the task goes on with a new bot uid and ``bak<n>_`` file names.
        """
        window = self.config.ha_window_seconds if window_seconds is None else window_seconds
        with self._lock:
            now = self._advance()
            service.failover(self, self._live_task(sid), now, window)

    def set_backup_upload(self, sid: str, backup: bool = True) -> None:
        """Make stop report ``uploadingStatus: "backuped"`` (files went to Agora backup)."""
        with self._lock:
            self._advance()
            self._tasks[sid].backup_upload = backup

    # -- inspection ---------------------------------------------------------------------
    def requests(self, endpoint: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self._requests if endpoint is None or r.endpoint == endpoint]

    def last_body(self, endpoint: str) -> Any:
        found = self.requests(endpoint)
        if not found:
            raise KeyError(f"no {endpoint} request was received")
        return found[-1].json

    def task(self, sid: str) -> dict[str, Any]:
        with self._lock:
            now = self._advance()
            task = self._tasks[sid]
            return task.snapshot(now, self.config, self._channels.get((task.appid, task.cname)))

    def tasks(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self.task(sid) for sid in self._tasks]

    def storage_objects(self, sid: str) -> list[str]:
        """Every object the simulated storage holds for this task (m3u8, ts, mp4, jpg)."""
        with self._lock:
            now = self._advance()
            task = self._tasks[sid]
            channel = self._channels.get((task.appid, task.cname))
            final = task.stopped_at is not None
            return task.storage_objects(task.files(now, self.config, channel, final=final))

    @property
    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            self._advance()
            return list(self._events)
