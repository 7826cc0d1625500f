"""The NCS events a running task sends as its clock moves (docs/api-notes.md, "Callbacks").

The emulator's tick calls ``catch_up`` with the time the task is brought up to. Whatever
happened since the last call is sent once (``Task.ncs`` remembers), stamped with the time it
happened even when the clock jumped over it, in time order:

* 12 ``session_failover`` when an HA failover window ends (``newUid``: the new bot uid);
* 42 ``recorder_slice_start`` when the recorder begins a stream: individual, one per uid and
  track; mix, one for the composite (``streamUid`` "0", ``mixedAllUser`` true); again after a
  failover (the new recorder starts new playlists);
* 43/44 audio/video stream state when a received stream stops (1) or starts again (0) while
  recording: a user stops or starts publishing, leaves, joins, or the subscription changes;
* 45 ``recorder_snapshot_file`` per screenshot (snapshot mode);
* 4 ``cloud_recording_file_infos`` once, when the first slice of a playlist is uploaded;
* 2 ``cloud_recording_warning`` (uploader, warnCode 31) when the first upload to a storage
  that refuses it fails;
* 33 ``uploading_progress`` every minute from the start (uploaded / recorded x 10000);
* 100 ``rtmp_publish_status`` (web with RTMP) on each change of an output's state.

``at_exit`` and ``rtmp_ended`` add what the end of a recording sends (see ``lifecycle``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from recorder_gui.emulator.channels import Channel
from recorder_gui.emulator.composite import merge
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.endings import MODULE_UPLOADER
from recorder_gui.emulator.files import Stream, join_prefix, jpg_names, slice_starts, stem
from recorder_gui.emulator.tasks import StreamFiles, Task

Emit = Callable[..., None]  # emit(task, event_type, at, **details)
Pending = list[tuple[float, int, dict[str, Any]]]  # (time, eventType, details)
PROGRESS_EVERY = 60.0
PROGRESS_DONE = 10000
#: cloud_recording_warning of the uploader: re-uploading to your storage.
WARN_REUPLOAD = 31
_EPS = 1e-9
#: Order of events stamped with the same time.
_RANK = {12: 0, 43: 1, 44: 1, 42: 2, 45: 3, 4: 4, 2: 5, 33: 6, 100: 7}


def _ms(t: float) -> int:
    return int(round(t * 1000))


def catch_up(
    task: Task, until: float, cfg: EmulatorConfig, channel: Channel | None, emit: Emit
) -> None:
    """Send the derived events of the running ``task`` that happened up to ``until``."""
    out: Pending = []
    _failovers(task, until, out)
    streams = task.streams(until, cfg, channel)
    if task.mode != "web":
        _slice_starts(task, streams, out)
        _stream_changes(task, until, cfg, channel, out)
        _file_infos(task, streams, cfg, out)
    _snapshots(task, streams, until, out)
    _upload_warning(task, streams, cfg, until, out)
    _progress(task, streams, cfg, until, out)
    if task.mode == "web":
        _rtmp(task, cfg, until, out)
    out.sort(key=lambda event: (event[0], _RANK[event[1]]))
    for at, event_type, details in out:
        emit(task, event_type, at, **details)


def _failovers(task: Task, until: float, out: Pending) -> None:
    marks = task.ncs
    for epoch in range(marks.failovers_sent + 1, len(task.epochs)):
        at = task.epochs[epoch][0]
        if at > until:
            return
        uids = marks.new_uids
        new_uid = uids[epoch - 1] if epoch - 1 < len(uids) else task.bot_uid
        out.append((at, 12, {"newUid": new_uid}))
        marks.failovers_sent = epoch


def _slice_starts(task: Task, streams: list[Stream], out: Pending) -> None:
    if not task.spec.record_files:
        return
    for stream in streams:
        key = (stream.bak, stream.uid, stream.track)
        if not stream.intervals or key in task.ncs.slices:
            continue
        task.ncs.slices.add(key)
        start = _ms(stream.intervals[0][0])
        details = {
            "startUtcMs": start,
            "discontinueUtcMs": start,
            "mixedAllUser": task.mode == "mix",
            "streamUid": str(stream.uid),
            "trackType": stream.track,
        }
        out.append((stream.intervals[0][0], 42, details))


def _stream_changes(
    task: Task, until: float, cfg: EmulatorConfig, channel: Channel | None, out: Pending
) -> None:
    """A stream received from a window's start, or up to its end, is no change."""
    sent = task.ncs.changes
    for lo, hi, bak in task.windows(until, cfg):
        for (uid, track), pieces in sorted(task.received(channel, lo, hi).items()):
            event_type = 43 if track == "audio" else 44
            for a, b in merge(pieces):
                for at, state, real in ((a, 0, a > lo + _EPS), (b, 1, b < hi - _EPS)):
                    key = (bak, uid, track, at, state)
                    if real and key not in sent:
                        sent.add(key)
                        details = {"streamUid": str(uid), "state": state, "UtcMs": _ms(at)}
                        out.append((at, event_type, details))


def _playlist(task: Task, stream: Stream) -> str:
    name = stem(task.mode, task.sid, task.cname, stream) + ".m3u8"
    return join_prefix(task.spec.file_prefix, name)


def _has_playlists(task: Task) -> bool:
    spec = task.spec
    return task.mode != "web" and spec.record_files and "hls" in spec.av_file_types


def _file_infos(task: Task, streams: list[Stream], cfg: EmulatorConfig, out: Pending) -> None:
    if task.ncs.file_infos or not _has_playlists(task):
        return
    step, cutoff = cfg.slice_seconds, task.upload_cutoff
    first: tuple[float, Stream] | None = None
    for stream in streams:
        starts = slice_starts(stream.intervals, step, final=False)
        if not starts:
            continue
        done = starts[0] + step
        if cutoff is not None and done > cutoff + _EPS:
            continue  # the storage refused it
        if first is None or done < first[0]:
            first = (done, stream)
    if first is not None:
        task.ncs.file_infos = True
        out.append((first[0], 4, {"fileList": _playlist(task, first[1])}))


def _snapshots(task: Task, streams: list[Stream], until: float, out: Pending) -> None:
    interval = task.spec.snapshot_interval
    if not interval:
        return
    cutoff = task.upload_cutoff
    for stream in streams:
        if stream.track != "video":
            continue
        key = (stream.bak, stream.uid)
        last = task.ncs.snapshots.get(key)
        for shot in jpg_names(task.sid, task.cname, stream, interval):
            if last is not None and shot.start <= last + _EPS:
                continue
            if shot.start > until or (cutoff is not None and shot.start > cutoff):
                break
            name = join_prefix(task.spec.file_prefix, shot.name)
            out.append((shot.start, 45, {"fileName": name}))
            task.ncs.snapshots[key] = shot.start


def _upload_warning(
    task: Task, streams: list[Stream], cfg: EmulatorConfig, until: float, out: Pending
) -> None:
    """The first slice finished after uploads began to fail is the first upload refused."""
    cutoff = task.upload_cutoff
    if cutoff is None or task.ncs.upload_warned:
        return
    step = cfg.slice_seconds
    failed = [
        start + step
        for stream in streams
        for start in slice_starts(stream.intervals, step, final=False)
        if start + step > cutoff + _EPS
    ]
    if failed and min(failed) <= until:
        task.ncs.upload_warned = True
        details = {"module": MODULE_UPLOADER, "warnCode": WARN_REUPLOAD}
        out.append((min(failed), 2, details))


def progress_at(task: Task, streams: list[Stream], step: float, t: float) -> int:
    """uploaded / recorded x 10000 at ``t``: a slice is uploaded once full (screenshots at
    once); nothing after the storage refused it. 0 while nothing was recorded."""
    recorded = uploaded = 0.0
    cutoff = task.upload_cutoff
    for stream in streams:
        for a, b in stream.intervals:
            end = min(b, t)
            if end <= a:
                continue
            recorded += end - a
            got = (end if cutoff is None else min(end, cutoff)) - a
            if got > 0 and task.spec.record_files:
                got = math.floor(got / step + _EPS) * step
            uploaded += max(got, 0.0)
    return int(uploaded * PROGRESS_DONE / recorded) if recorded > 0 else 0


def _progress(
    task: Task, streams: list[Stream], cfg: EmulatorConfig, until: float, out: Pending
) -> None:
    marks = task.ncs
    if marks.next_progress is None:
        marks.next_progress = task.started_at + PROGRESS_EVERY
    while marks.next_progress <= until:
        at = marks.next_progress
        out.append((at, 33, {"progress": progress_at(task, streams, cfg.slice_seconds, at)}))
        marks.next_progress = at + PROGRESS_EVERY


def _rtmp_state(task: Task, cfg: EmulatorConfig, t: float) -> str:
    """As query reports it: onhold, publishing once the recorder runs, else connecting."""
    onhold = [hold for since, hold in task.onhold_log if since <= t]
    if onhold and onhold[-1]:
        return "onhold"
    return "publishing" if t >= task.record_from(cfg) else "connecting"


def _rtmp(task: Task, cfg: EmulatorConfig, until: float, out: Pending) -> None:
    marks = task.ncs
    for url in [u for u in marks.rtmp if u not in task.rtmp_outputs]:
        out.append((until, 100, {"rtmpUrl": url, "status": "disconnected"}))
        del marks.rtmp[url], marks.rtmp_checked[url]
    points = sorted({task.record_from(cfg), *(since for since, _ in task.onhold_log)})
    for url in task.rtmp_outputs:
        if url not in marks.rtmp:
            marks.rtmp[url] = "connecting"
            marks.rtmp_checked[url] = until
            out.append((until, 100, {"rtmpUrl": url, "status": "connecting"}))
            todo = [until]
        else:
            # ``until`` itself again: a change made at the very time of the last check
            checked = marks.rtmp_checked[url]
            todo = [*(t for t in points if checked < t < until), until]
            marks.rtmp_checked[url] = until
        for t in todo:
            state = _rtmp_state(task, cfg, t)
            if state != marks.rtmp[url]:
                marks.rtmp[url] = state
                out.append((t, 100, {"rtmpUrl": url, "status": state}))


def rtmp_ended(task: Task, at: float, emit: Emit) -> None:
    """Every RTMP output disconnects when the web recorder stops."""
    for url, state in task.ncs.rtmp.items():
        if state != "disconnected":
            emit(task, 100, at, rtmpUrl=url, status="disconnected")
    task.ncs.rtmp.clear()
    task.ncs.rtmp_checked.clear()


def at_exit(task: Task, at: float, files: list[StreamFiles], emit: Emit) -> None:
    """Once the last files are uploaded: the first playlist if it was never announced (a
    recording shorter than a slice), then uploading_progress 10000 (done)."""
    if not task.ncs.file_infos and _has_playlists(task):
        with_slices = [f for f in files if f.slices]
        if with_slices:
            first = min(with_slices, key=lambda f: f.slices[0].start)
            task.ncs.file_infos = True
            emit(task, 4, at, fileList=_playlist(task, first.stream))
    emit(task, 33, at, progress=PROGRESS_DONE)
