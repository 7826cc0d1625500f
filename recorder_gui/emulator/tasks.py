"""One recording task and everything derived lazily from the clock: status, streams and files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recorder_gui.emulator.channels import Channel
from recorder_gui.emulator.composite import composite_places, holders_at, presence
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.endings import Ending
from recorder_gui.emulator.faults import SegmentFault
from recorder_gui.emulator.files import (
    Slice,
    Stream,
    clip_stream,
    join_prefix,
    jpg_names,
    mp4_count,
    stem,
    ts_slices,
)
from recorder_gui.emulator.ncs_marks import NcsMarks
from recorder_gui.emulator.start_rules import StartSpec

MIX_MP4_ROLLOVER = 2 * 3600.0  # 2 h per the start/API pages (the files page says 3 h)
Interval = tuple[float, float]


@dataclass
class StreamFiles:
    """One stream's files in storage; ``recorded``: the recorder wrote data (uploaded or not)."""

    stream: Stream
    slices: list[Slice]
    jpgs: list[Slice]
    mp4s: int
    mp3s: int = 0
    recorded: bool = False

    @property
    def uploaded(self) -> bool:
        return bool(self.slices or self.jpgs or self.mp4s or self.mp3s)


@dataclass
class Task:
    sid: str
    appid: str
    cname: str
    uid: str
    mode: str
    resource_id: str
    config: dict[str, Any]
    spec: StartSpec
    started_at: float
    expires_at: float
    bot_uid: int
    layout: dict[str, Any] = field(default_factory=dict)
    sub_log: list[tuple[float, dict[str, list[str]]]] = field(default_factory=list)
    onhold_log: list[tuple[float, bool]] = field(default_factory=list)
    storage: dict[str, Any] = field(default_factory=dict)
    rtmp_outputs: list[str] = field(default_factory=list)
    state: str = "running"
    ended_reason: str | None = None
    stopped_at: float | None = None
    exit_until: float | None = None
    epochs: list[tuple[float, float | None, str]] = field(default_factory=list)
    failover_until: float | None = None
    failovers: int = 0
    backup_upload: bool = False
    sequence: int = 0
    first_file_seen: bool = False
    #: The mode as the start URL wrote it ("raw" for a raw task, whose ``mode`` is individual).
    url_mode: str = ""
    #: False: the bot never joined the channel (token refused), so nothing is ever recorded.
    joined: bool = True
    #: Uploads fail from this time on (storage refused): later files never reach storage.
    upload_cutoff: float | None = None
    #: Endings scheduled in advance (token expiry, storage refusal, injected faults).
    deadlines: list[tuple[float, Ending]] = field(default_factory=list)
    #: Segments to drop or corrupt on their real upload (S3-compatible storage only).
    segment_faults: list[SegmentFault] = field(default_factory=list)
    #: Field paths of the start body the service ignored (unknown fields).
    warnings: list[str] = field(default_factory=list)
    #: The worker region it runs in, and the resource IDs its acquire asked to avoid.
    region: str = ""
    excluded_resource_ids: list[str] = field(default_factory=list)
    #: The NCS events derived from the clock that were sent already (``ncs_events``).
    ncs: NcsMarks = field(default_factory=NcsMarks)

    # -- time-derived -------------------------------------------------------------------
    def record_from(self, cfg: EmulatorConfig) -> float:
        return self.started_at + 4 * cfg.status_step_seconds

    def record_end(self, now: float) -> float:
        end = now if self.stopped_at is None else min(now, self.stopped_at)
        if self.mode == "web":
            end = min(end, self.started_at + self.spec.max_recording_hour * 3600)
        return min(end, self.expires_at)

    def status(
        self,
        now: float,
        cfg: EmulatorConfig,
        channel: Channel | None,
        files: list[StreamFiles] | None = None,
    ) -> int:
        if self.state != "running":
            return 6 if self.state == "exiting" else 8
        if files is None:
            files = self.files(now, cfg, channel)
        if any(f.uploaded for f in files):
            return 5
        # A bot that cannot join never has all its components ready.
        ready = 4 if self.joined else 3
        return min(ready, max(0, int((now - self.started_at) / cfg.status_step_seconds)))

    def windows(self, now: float, cfg: EmulatorConfig) -> list[tuple[float, float, str]]:
        """(from, to, bak prefix) of each recorder epoch that recorded, up to ``now``."""
        if not self.joined:
            return []
        begin, end = self.record_from(cfg), self.record_end(now)
        out = []
        for start, stop, bak in self.epochs:
            lo, hi = max(start, begin), min(end, end if stop is None else stop)
            if hi > lo:
                out.append((lo, hi, bak))
        return out

    def _subscribed(self, uid: int, track: str, sub: dict[str, list[str]]) -> bool:
        if self.spec.stream_types == 0 and track == "video":
            return False
        if self.spec.stream_types == 1 and track == "audio":
            return False
        kind, other = ("Audio", "Video") if track == "audio" else ("Video", "Audio")
        white = sub.get(f"subscribe{kind}Uids")
        black = sub.get(f"unSubscribe{kind}Uids")
        if white is not None:
            return "#allstream#" in white or str(uid) in white
        if black is not None:
            return str(uid) not in black
        # A list for only the other media type means this type is not subscribed at all.
        return f"subscribe{other}Uids" not in sub

    def _pieces(self, uid: int, track: str, lo: float, hi: float) -> list[Interval]:
        """Where (uid, track) was subscribed within [lo, hi], per the subscription history."""
        out = []
        for i, (since, sub) in enumerate(self.sub_log):
            until = self.sub_log[i + 1][0] if i + 1 < len(self.sub_log) else hi
            a, b = max(lo, since), min(hi, until)
            if b > a and self._subscribed(uid, track, sub):
                out.append((a, b))
        return out

    def received(
        self, channel: Channel | None, lo: float, hi: float
    ) -> dict[tuple[int, str], list[Interval]]:
        """When the recorder received each (uid, track) within [lo, hi]: published and
        subscribed (pieces split where the subscription changed)."""
        per_stream: dict[tuple[int, str], list[Interval]] = {}
        for span in channel.spans if channel is not None else []:
            a, b = max(lo, span.start), min(hi, hi if span.end is None else span.end)
            if b > a:
                pieces = self._pieces(span.uid, span.track, a, b)
                per_stream.setdefault((span.uid, span.track), []).extend(pieces)
        return per_stream

    def _web_intervals(self, lo: float, hi: float) -> list[Interval]:
        out, active_since = [], None
        for t, onhold in [*self.onhold_log, (hi, True)]:
            t = min(max(t, lo), hi)
            if not onhold and active_since is None:
                active_since = t
            elif onhold and active_since is not None:
                if t > active_since:
                    out.append((active_since, t))
                active_since = None
        return out

    def streams(self, now: float, cfg: EmulatorConfig, channel: Channel | None) -> list[Stream]:
        mixed = {0: "audio", 1: "video"}.get(self.spec.stream_types, "audio_and_video")
        out: list[Stream] = []
        for lo, hi, bak in self.windows(now, cfg):
            if self.mode == "web":
                out.append(Stream(0, "audio_and_video", tuple(self._web_intervals(lo, hi)), bak))
                continue
            per_stream = self.received(channel, lo, hi)
            if self.mode == "mix":
                # The composite records continuously from the first published frame of a
                # uid holding one of its 17 places.
                places = composite_places(presence(per_stream))
                starts = [p[0] for spans in places.values() for p in spans]
                intervals = ((min(starts), hi),) if starts else ()
                out.append(Stream(0, mixed, intervals, bak))
                continue
            for (uid, track), pieces in sorted(per_stream.items()):
                if pieces:
                    out.append(Stream(uid, track, tuple(sorted(pieces)), bak))
        return out

    def composite_uids(self, now: float, cfg: EmulatorConfig, channel: Channel | None) -> list[int]:
        """Mix mode: the uids the composite records now (at most 17), in the order they came."""
        if self.mode != "mix" or self.state != "running" or channel is None:
            return []
        windows = self.windows(now, cfg)
        if not windows or windows[-1][1] < now:
            return []
        lo, horizon = windows[-1][0], now + 1.0  # still-present uids stay past ``now``
        per_stream = self.received(channel, lo, horizon)
        return holders_at(composite_places(presence(per_stream)), now)

    def files(
        self,
        now: float,
        cfg: EmulatorConfig,
        channel: Channel | None,
        *,
        final: bool = False,
        uploaded_only: bool = True,
    ) -> list[StreamFiles]:
        """Each stream's files; ``uploaded_only``: without those a storage refusal kept out."""
        out = []
        types = self.spec.av_file_types
        rollover = self.spec.max_video_minutes * 60.0 if self.mode == "web" else MIX_MP4_ROLLOVER
        cutoff = self.upload_cutoff if uploaded_only else None
        for stream in self.streams(now, cfg, channel):
            written: list[Slice] = []
            if self.spec.record_files:
                written = ts_slices(
                    self.mode, self.sid, self.cname, stream, cfg.slice_seconds, final=final
                )
            jpgs: list[Slice] = []
            if self.spec.snapshot_interval and stream.track == "video":
                jpgs = jpg_names(self.sid, self.cname, stream, self.spec.snapshot_interval)
            recorded = bool(written or jpgs)
            kept = stream if cutoff is None else clip_stream(stream, cutoff)
            mp4s = mp3s = 0
            if written and "mp4" in types:
                mp4s = mp4_count(kept, rollover, final=final and cutoff is None)
            if written and "mp3" in types and stream.track == "audio":
                mp3s = mp4_count(kept, rollover, final=final and cutoff is None)
            slices = written if "hls" in types else []
            if cutoff is not None:
                slices = [x for x in slices if x.start + cfg.slice_seconds <= cutoff + 1e-9]
                jpgs = [x for x in jpgs if x.start <= cutoff]
            out.append(StreamFiles(stream, slices, jpgs, mp4s, mp3s, recorded))
        return out

    # -- presentation -------------------------------------------------------------------
    def _name(self, name: str) -> str:
        return join_prefix(self.spec.file_prefix, name)

    def file_entries(self, files: list[StreamFiles]) -> list[dict[str, Any]]:
        """json-mode ``fileList`` entries (web uses ``filename``)."""
        entries: list[dict[str, Any]] = []
        for f in files:
            if not (f.slices or f.mp4s or f.mp3s):
                continue
            base = stem(self.mode, self.sid, self.cname, f.stream)
            first_at = f.slices[0].start if f.slices else f.stream.intervals[0][0]
            first = int(round(first_at * 1000))
            names = [f"{base}.m3u8"] if f.slices else []
            names += [f"{base}_{i}.mp4" for i in range(f.mp4s)]
            names += [f"{base}_{i}.mp3" for i in range(f.mp3s)]
            for name in names:
                if self.mode == "web":
                    entries.append({"filename": self._name(name), "sliceStartTime": first})
                    continue
                entries.append(
                    {
                        "fileName": self._name(name),
                        "trackType": f.stream.track,
                        "uid": str(f.stream.uid),
                        "mixedAllUser": self.mode == "mix",
                        "isPlayable": True,
                        "sliceStartTime": first,
                    }
                )
        return entries

    def file_list(self, files: list[StreamFiles]) -> tuple[str, Any]:
        """(fileListMode, fileList) for individual/mix."""
        entries = self.file_entries(files)
        if self.mode == "mix" and self.spec.av_file_types == ["hls"]:
            return "string", entries[-1]["fileName"] if entries else ""
        return "json", entries

    def slice_start_ms(self, files: list[StreamFiles]) -> int:
        starts = [s.start for f in files for s in (f.slices or f.jpgs)[:1]]
        return int(round(min(starts) * 1000)) if starts else 0

    def storage_objects(self, files: list[StreamFiles]) -> list[str]:
        names: list[str] = []
        for f in files:
            base = stem(self.mode, self.sid, self.cname, f.stream)
            if f.slices:
                names.append(f"{base}.m3u8")
            names.extend(s.name for s in f.slices)
            names.extend(f"{base}_{i}.mp4" for i in range(f.mp4s))
            names.extend(f"{base}_{i}.mp3" for i in range(f.mp3s))
            names.extend(s.name for s in f.jpgs)
        return [self._name(n) for n in names]

    def snapshot(self, now: float, cfg: EmulatorConfig, channel: Channel | None) -> dict[str, Any]:
        files = self.files(now, cfg, channel, final=self.stopped_at is not None)
        sub = self.sub_log[-1][1] if self.sub_log else {}
        onhold = self.onhold_log[-1][1] if self.onhold_log else False
        return {
            "sid": self.sid,
            "appid": self.appid,
            "cname": self.cname,
            "uid": self.uid,
            "bot_uid": self.bot_uid,
            "mode": self.mode,
            "url_mode": self.url_mode or self.mode,
            "resource_id": self.resource_id,
            "region": self.region,
            "exclude_resource_ids": list(self.excluded_resource_ids),
            "status": self.status(now, cfg, channel, files),
            "config": self.config,
            "layout": dict(self.layout),
            "subscription": dict(sub),
            "onhold": onhold,
            "storage": dict(self.storage),
            "rtmp_outputs": list(self.rtmp_outputs),
            "files": self.file_entries(files),
            "state": self.state,
            "ended_reason": self.ended_reason,
            "started_at": self.started_at,
            "failovers": self.failovers,
            "backup_upload": self.backup_upload,
            "joined": self.joined,
            "uploads_refused": self.upload_cutoff is not None,
            "composite_uids": self.composite_uids(now, cfg, channel),
            "warnings": list(self.warnings),
        }
