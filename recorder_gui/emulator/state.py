"""The emulator handle: thread-safe state of channels, resources and tasks; inspection, control."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from recorder_gui.emulator import service
from recorder_gui.emulator.access import GatewayChecks
from recorder_gui.emulator.channels import Channel, SimulatedChannel
from recorder_gui.emulator.clock import EmulatorClock
from recorder_gui.emulator.config import EmulatorConfig, config_view, update_config
from recorder_gui.emulator.endings import Ending
from recorder_gui.emulator.events import EventLog
from recorder_gui.emulator.faults import Fault, FaultBook
from recorder_gui.emulator.history import HISTORY_LIMIT, RecordedRequest, RequestHistory
from recorder_gui.emulator.lifecycle import due_ending, finish
from recorder_gui.emulator.ncs_control import NcsControls
from recorder_gui.emulator.ncs_events import catch_up
from recorder_gui.emulator.silent_failures import apply_task_fault, fits, note_backup
from recorder_gui.emulator.tasks import Task

Key = tuple[str, str]

__all__ = ["HISTORY_LIMIT", "Emulator", "RecordedRequest"]


class Emulator(GatewayChecks, NcsControls):
    """The local Cloud Recording service's state; the HTTP app and tests share one instance.

    NCS callbacks: with ``config.ncs_url`` (and ``ncs_secret``), or after
    ``enable_ncs(url, secret)``, every event is also POSTed to that receiver from a thread of
    its own (outcomes: ``ncs_status()``, ``GET /_emulator/ncs``); ``disable_ncs()`` or
    ``close()`` stops it. ``events`` keeps them all in memory either way.
    """

    def __init__(
        self, config: EmulatorConfig | None = None, *, ncs_secret: str | None = None
    ) -> None:
        self.config = config if config is not None else EmulatorConfig()
        self.clock = EmulatorClock()
        self._lock = threading.RLock()
        self._faults = FaultBook()
        self._rate: dict[str, deque[float]] = {}
        self._log = EventLog()
        self._init_state()
        if self.config.ncs_url is not None:
            if not ncs_secret:
                raise ValueError("config.ncs_url needs the NCS secret (ncs_secret=...)")
            self.enable_ncs(self.config.ncs_url, ncs_secret)

    def _init_state(self) -> None:
        self._channels: dict[Key, Channel] = {}
        self._sims: dict[Key, SimulatedChannel] = {}
        self._tasks: dict[str, Task] = {}
        self._resource_sid: dict[str, str] = {}
        self._log.clear()
        self._requests = RequestHistory()

    def clear_logs(self) -> None:
        """Forget the request history and the event log (long benchmark runs)."""
        with self._lock:
            self._requests.clear()
            self._log.clear()

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
        channel = self._channels.get((task.appid, task.cname))
        due = due_ending(task, now, channel)
        if due is not None:
            self._finish(task, *due)
        else:
            catch_up(task, now, self.config, channel, self._emit)

    def _finish(self, task: Task, at: float, ending: Ending) -> None:
        """The recording ends at ``at`` (exiting, then gone), with the ending's events."""
        channel = self._channels.get((task.appid, task.cname))
        catch_up(task, at, self.config, channel, self._emit)
        finish(task, at, ending, self.config, channel, self._emit)

    def _emit(self, task: Task, event_type: int, at: float, **details: Any) -> None:
        self._log.emit(task, event_type, at, **details)

    # -- HTTP-facing --------------------------------------------------------------------
    def call(self, operation: Callable[..., service.Result], *args: Any) -> service.Result:
        """Run one service operation under the lock, with the state ticked to now (before, and
        after for the events it caused)."""
        with self._lock:
            now = self._advance()
            result = operation(self, *args, now)
            self._tick(now)
            return result

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
        """Make stop report ``uploadingStatus: "backuped"`` (files went to Agora backup);
        turned on for a running task, the uploader warns (NCS 2, warnCode 32)."""
        with self._lock:
            now = self._advance()
            task = self._tasks[sid]
            if backup and not task.backup_upload and task.state == "running":
                note_backup(task, now, self._emit)
            task.backup_upload = backup

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
            return list(self._log)
