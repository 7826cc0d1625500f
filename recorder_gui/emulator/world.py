"""What the emulated service holds: tasks, resource IDs, channels (and simulated ones), events.

Not thread-safe by itself: the ``Emulator`` calls it under its lock, with ``advance`` run to
its clock first. The world moves only when told the time (``advance``/``tick``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from recorder_gui.emulator.channels import Channel, SimulatedChannel
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.endings import Ending
from recorder_gui.emulator.events import Envelope, EventLog
from recorder_gui.emulator.lifecycle import due_ending
from recorder_gui.emulator.lifecycle import finish as end_task
from recorder_gui.emulator.ncs_events import catch_up
from recorder_gui.emulator.ncs_sender import NcsSender
from recorder_gui.emulator.regions import Placement
from recorder_gui.emulator.tasks import Task
from recorder_gui.emulator.uploads import UploadPlanner

Key = tuple[str, str]


class World:
    """Tasks by sid, the sid each resource ID started, channels by (appid, cname), events.

    ``config`` is the emulator's own (changed in place by ``configure``), shared, not copied.
    """

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.log = EventLog()
        #: Real uploads to S3-compatible storage (set by the ``Emulator``), or None.
        self.uploads: UploadPlanner | None = None
        self.clear()

    def clear(self) -> None:
        """Forget every channel, simulation, task, resource and event (the sender stays)."""
        self._channels: dict[Key, Channel] = {}
        self._sims: dict[Key, SimulatedChannel] = {}
        self._tasks: dict[str, Task] = {}
        self._resource_sid: dict[str, str] = {}
        #: acquires that asked to avoid other resources' regions (``excludeResourceIds``)
        self._placements: dict[str, Placement] = {}
        self.log.clear()
        if self.uploads is not None:
            self.uploads.clear()

    # -- tasks and resources ------------------------------------------------------------
    def add_task(self, task: Task) -> None:
        """A started task, under its sid; its resource ID now names it."""
        self._tasks[task.sid] = task
        self._resource_sid[task.resource_id] = task.sid

    def task(self, sid: str) -> Task:
        """The task ``sid``, whatever its state (KeyError: never started)."""
        return self._tasks[sid]

    def find_task(self, sid: str) -> Task | None:
        """The task ``sid``, or None when no task has this sid."""
        return self._tasks.get(sid)

    def live_task(self, sid: str) -> Task:
        """The running task ``sid`` (KeyError: none)."""
        task = self._tasks.get(sid)
        if task is None or task.state != "running":
            raise KeyError(f"no running task {sid!r}")
        return task

    def tasks(self) -> Iterator[Task]:
        """Every task, in start order."""
        return iter(list(self._tasks.values()))

    def sids(self) -> list[str]:
        return list(self._tasks)

    def running(self) -> list[Task]:
        """The running tasks, in start order."""
        return [t for t in self._tasks.values() if t.state == "running"]

    def sid_for_resource(self, resource_id: str) -> str | None:
        """The sid a resource ID started, or None when it started nothing yet."""
        return self._resource_sid.get(resource_id)

    def note_placement(self, resource_id: str, placement: Placement) -> None:
        """Keep what an acquire with ``excludeResourceIds`` asked to avoid (others need no
        note: their region travels in the resource ID)."""
        if placement.excluded:
            self._placements[resource_id] = placement

    def placement(self, resource_id: str) -> Placement:
        """What acquire noted for ``resource_id`` (no exclusion: an empty placement)."""
        return self._placements.get(resource_id, Placement(""))

    # -- channels -----------------------------------------------------------------------
    def channel(self, appid: str, cname: str) -> Channel:
        """The channel (appid, cname), made empty on first use."""
        key = (appid, cname)
        if key not in self._channels:
            self._channels[key] = Channel(appid, cname)
        return self._channels[key]

    def find_channel(self, appid: str, cname: str) -> Channel | None:
        """The channel (appid, cname) if anyone ever used it, else None."""
        return self._channels.get((appid, cname))

    def channel_of(self, task: Task) -> Channel | None:
        """The channel a task records, if it exists."""
        return self._channels.get((task.appid, task.cname))

    def simulate(self, sim: SimulatedChannel) -> None:
        """Users of ``sim``'s channel now join and leave on their own (replaces one before)."""
        self._sims[(sim.appid, sim.cname)] = sim

    # -- events -------------------------------------------------------------------------
    def emit(self, task: Task, event_type: int, at: float, **details: Any) -> None:
        """Log one NCS event of ``task`` (and hand it to the sender, if any)."""
        self.log.emit(task, event_type, at, **details)

    def events(self) -> list[Envelope]:
        return list(self.log)

    def clear_events(self) -> None:
        self.log.clear()

    @property
    def sender(self) -> NcsSender | None:
        """Who POSTs every emitted event, or None (NCS off)."""
        return self.log.sender

    @sender.setter
    def sender(self, sender: NcsSender | None) -> None:
        self.log.sender = sender

    # -- time ---------------------------------------------------------------------------
    def advance(self, now: float) -> None:
        """Bring every lazily-evaluated rule up to ``now``: simulated users, endings, events."""
        for key, sim in self._sims.items():
            channel = self.channel(*key)
            for t, action, uid in sim.events_until(now):
                self.tick(t, key)
                if action == "join":
                    channel.add_user(uid, "host", True, True, t)
                else:
                    channel.remove_user(uid, t)
        self.tick(now)

    def tick(self, now: float, key: Key | None = None) -> None:
        """Tasks (of channel ``key``, else all) up to ``now``: endings, events, exits."""
        for task in self._tasks.values():
            if key is not None and (task.appid, task.cname) != key:
                continue
            if task.state == "running":
                self._tick_running(task, now)
            if task.state == "exiting" and task.exit_until is not None and now >= task.exit_until:
                task.state = "ended"
            if self.uploads is not None:
                self.uploads.sync(task, now, self.config, self.channel_of(task))

    def _tick_running(self, task: Task, now: float) -> None:
        if task.failover_until is not None and now >= task.failover_until:
            task.failover_until = None
        channel = self.channel_of(task)
        due = due_ending(task, now, channel)
        if due is not None:
            self.finish(task, *due)
        else:
            catch_up(task, now, self.config, channel, self.emit)

    def finish(self, task: Task, at: float, ending: Ending) -> None:
        """The recording ends at ``at`` (exiting, then gone), with the ending's events."""
        channel = self.channel_of(task)
        catch_up(task, at, self.config, channel, self.emit)
        end_task(task, at, ending, self.config, channel, self.emit)

    # -- inspection ---------------------------------------------------------------------
    def snapshot(self, sid: str, now: float) -> dict[str, Any]:
        """What the control API shows of task ``sid`` (KeyError: none)."""
        task = self._tasks[sid]
        return task.snapshot(now, self.config, self.channel_of(task))

    def storage_objects(self, sid: str, now: float) -> list[str]:
        """Every object the simulated storage holds for task ``sid`` (KeyError: none)."""
        task = self._tasks[sid]
        final = task.stopped_at is not None
        return task.storage_objects(
            task.files(now, self.config, self.channel_of(task), final=final)
        )
