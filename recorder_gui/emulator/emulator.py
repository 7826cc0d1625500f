"""The emulator handle: the lock, the clock, faults, auth and rate limits, request history
around the ``World`` (channels, resources, tasks, events); inspection and control."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from recorder_gui.emulator import service
from recorder_gui.emulator.access import GatewayChecks
from recorder_gui.emulator.channels import SimulatedChannel
from recorder_gui.emulator.clock import EmulatorClock
from recorder_gui.emulator.config import EmulatorConfig, config_view, update_config
from recorder_gui.emulator.faults import Fault, FaultBook
from recorder_gui.emulator.history import HISTORY_LIMIT, RecordedRequest, RequestHistory
from recorder_gui.emulator.ids import decode_resource_id
from recorder_gui.emulator.ncs_control import NcsControls
from recorder_gui.emulator.s3_uploader import S3Uploader
from recorder_gui.emulator.silent_failures import (
    apply_task_fault,
    fits,
    note_backup,
    refuse_storage,
)
from recorder_gui.emulator.uploads import UploadPlanner
from recorder_gui.emulator.world import World

__all__ = ["HISTORY_LIMIT", "Emulator", "RecordedRequest"]


class Emulator(GatewayChecks, NcsControls):
    """The local Cloud Recording service; the HTTP app and tests share one instance.

    ``world`` holds what the service holds (tasks, channels, events); the emulator guards it
    with its lock and brings it up to its clock before each use.

    NCS callbacks: with ``config.ncs_url`` (and ``ncs_secret``), or after
    ``enable_ncs(url, secret)``, every event is also POSTed to that receiver from a thread of
    its own (outcomes: ``ncs_status()``, ``GET /_emulator/ncs``); ``disable_ncs()`` or
    ``close()`` stops it. ``events`` keeps them all in memory either way.

    Storage: a task whose storageConfig is S3-compatible (vendor 11 with
    ``extensionParams.endpoint``) really gets its files there, from an uploader thread
    (``wait_uploads``, ``upload_outcomes``; docs/emulator-uploads.md); others are simulated.
    """

    def __init__(
        self, config: EmulatorConfig | None = None, *, ncs_secret: str | None = None
    ) -> None:
        self.config = config if config is not None else EmulatorConfig()
        self.clock = EmulatorClock()
        self.world = World(self.config)
        self._lock = threading.RLock()
        self._faults = FaultBook()
        self._rate: dict[str, deque[float]] = {}
        self._requests = RequestHistory()
        self.world.uploads = UploadPlanner(S3Uploader(self._upload_failed))
        if self.config.ncs_url is not None:
            if not ncs_secret:
                raise ValueError("config.ncs_url needs the NCS secret (ncs_secret=...)")
            self.enable_ncs(self.config.ncs_url, ncs_secret)

    def clear_logs(self) -> None:
        """Forget the request history and the event log (long benchmark runs)."""
        with self._lock:
            self._requests.clear()
            self.world.clear_events()

    def reset(self) -> None:
        """Forget every channel, task, request, event, fault and rate-limit window."""
        with self._lock:
            self.world.clear()
            self._requests = RequestHistory()
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
        self.world.advance(now)
        return now

    # -- HTTP-facing --------------------------------------------------------------------
    def call(self, operation: Callable[..., service.Result], *args: Any) -> service.Result:
        """Run one service operation on the world under the lock, ticked to now (before, and
        after for the events it caused)."""
        with self._lock:
            now = self._advance()
            result = operation(self.world, *args, now)
            self.world.tick(now)
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
            self.world.channel(appid, cname).add_user(uid, role, audio, video, now)

    def remove_user(self, appid: str, cname: str, uid: int) -> None:
        with self._lock:
            now = self._advance()
            self.world.channel(appid, cname).remove_user(uid, now)

    def set_publishing(self, appid: str, cname: str, uid: int, *, audio: bool, video: bool) -> None:
        with self._lock:
            now = self._advance()
            self.world.channel(appid, cname).set_publishing(uid, audio, video, now)

    def set_channel_profile(self, appid: str, cname: str, mode: int) -> None:
        with self._lock:
            now = self._advance()
            self.world.channel(appid, cname).set_mode(mode, now)

    def channel_users(self, appid: str, cname: str, *, hosts_only: bool = False) -> dict[str, Any]:
        with self._lock:
            self._advance()
            channel = self.world.find_channel(appid, cname)
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
            sim = SimulatedChannel(
                appid,
                cname,
                start=now,
                seed=seed,
                min_users=min_users,
                max_users=max_users,
                mean_stay_seconds=mean_stay_seconds,
                uid_base=uid_base,
            )
            self.world.simulate(sim)
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
                targets = [self.world.live_task(fault.sid)]
            else:
                targets = [t for t in self.world.running() if fits(fault.kind, t)]
                if not targets:
                    raise KeyError(f"no running task for fault {fault.kind!r}")
            for task in targets:
                apply_task_fault(task, fault.kind, now, fault.seconds, self.config, self.world.emit)
            self.world.tick(now)

    def clear_faults(self) -> None:
        self._faults.clear()

    def faults(self) -> list[Fault]:
        return self._faults.active()

    def start_failover(self, sid: str, *, window_seconds: float | None = None) -> None:
        """HA failover: 404 "failed to find worker" for the window.

        Afterwards the task goes on with a new bot uid and ``bak<n>_`` file names.
        """
        window = self.config.ha_window_seconds if window_seconds is None else window_seconds
        with self._lock:
            now = self._advance()
            service.failover(self.world.live_task(sid), now, window)

    def set_backup_upload(self, sid: str, backup: bool = True) -> None:
        """Make stop report ``uploadingStatus: "backuped"`` (files went to Agora backup);
        turned on for a running task, the uploader warns (NCS 2, warnCode 32)."""
        with self._lock:
            now = self._advance()
            task = self.world.task(sid)
            if backup and not task.backup_upload and task.state == "running":
                note_backup(task, now, self.world.emit)
            task.backup_upload = backup

    # -- real uploads ---------------------------------------------------------------------
    def _upload_failed(self, sid: str, why: str) -> None:
        """The uploader's thread: the storage refused a real upload, as a wrong key would."""
        with self._lock:
            now = self._advance()
            task = self.world.find_task(sid)
            if task is None or task.state != "running" or task.upload_cutoff is not None:
                return
            refuse_storage(task, now, self.config.storage_failure_seconds, why)
            self.world.tick(now)

    @property
    def uploader(self) -> S3Uploader:
        planner = self.world.uploads
        assert planner is not None
        return planner.uploader

    def wait_uploads(self, timeout: float = 10.0) -> bool:
        """Bring the world to the clock, then wait for every queued upload (False: timed out)."""
        with self._lock:
            self._advance()
        return self.uploader.wait_idle(timeout)

    def upload_outcomes(self, sid: str | None = None) -> list[dict[str, Any]]:
        """Each real upload so far: sid, key, state (uploaded, failed, dropped...), error."""
        return self.uploader.outcomes(sid)

    def close(self) -> None:
        """Stop NCS delivery and the uploader's thread; the emulator stays usable (a new
        uploader starts on the next S3 upload)."""
        super().close()
        planner = self.world.uploads
        if planner is not None:
            old, planner.uploader = planner.uploader, S3Uploader(self._upload_failed)
            old.close()

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
            return self.world.snapshot(sid, now)

    def placement(self, resource_id: str) -> dict[str, Any]:
        """Where acquire placed ``resource_id``'s task: ``{"region", "exclude_resource_ids"}``
        (the resource IDs its ``excludeResourceIds`` named, and whose regions it avoided)."""
        with self._lock:
            claims = decode_resource_id(resource_id, self.config.resource_secret)
            noted = self.world.placement(resource_id)
            return {
                "region": claims.region if claims is not None else None,
                "exclude_resource_ids": list(noted.excluded),
            }

    def tasks(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self.task(sid) for sid in self.world.sids()]

    def storage_objects(self, sid: str) -> list[str]:
        """Every object the simulated storage holds for this task (m3u8, ts, mp4, jpg)."""
        with self._lock:
            now = self._advance()
            return self.world.storage_objects(sid, now)

    @property
    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            self._advance()
            return self.world.events()
