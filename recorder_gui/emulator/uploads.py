"""Real uploads to S3-compatible storage, following the emulator's clock.

A task whose storageConfig is vendor 11 with ``extensionParams.endpoint`` really gets its files
in that bucket, under its ``fileNamePrefix``, named as query and stop report them
(``tasks.Task.files``): each segment once the clock has passed its slice, its playlist
rewritten after it, MP4/MP3/JPG files as they are completed, and every playlist closed with
``#EXT-X-ENDLIST`` when the recording ends. The world calls ``sync`` on each tick, under the
emulator's lock; the bytes go out from the ``S3Uploader``'s own thread. What the storage
refused (``Task.upload_cutoff``) is never written; segment faults drop or corrupt one segment.
See docs/emulator-uploads.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recorder_gui.emulator.channels import Channel
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.files import Slice, join_prefix, stem
from recorder_gui.emulator.media import (
    Segment,
    corrupt,
    jpg_file,
    mp3_file,
    mp4_file,
    playlist,
    ts_segment,
)
from recorder_gui.emulator.s3_uploader import S3Target, S3Uploader, Upload, s3_target
from recorder_gui.emulator.tasks import StreamFiles, Task

_EPS = 1e-9
_TYPES = {
    ".ts": "video/mp2t",
    ".m3u8": "application/vnd.apple.mpegurl",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".jpg": "image/jpeg",
}


@dataclass
class _Sent:
    """What was handed to the uploader for one task."""

    objects: set[str] = field(default_factory=set)
    playlists: dict[str, tuple[int, bool]] = field(default_factory=dict)  # key -> (n, ended)
    done: bool = False


def _duration(f: StreamFiles, s: Slice, step: float) -> float:
    for begin, end in f.stream.intervals:
        if begin - _EPS <= s.start < end:
            return min(step, end - s.start)
    return step


class UploadPlanner:
    """Decides, tick by tick, which objects each task's storage now holds, and sends them."""

    def __init__(self, uploader: S3Uploader) -> None:
        self.uploader = uploader
        self._sent: dict[str, _Sent] = {}

    def clear(self) -> None:
        self._sent.clear()

    def sync(self, task: Task, now: float, cfg: EmulatorConfig, channel: Channel | None) -> None:
        """Upload what ``task`` has recorded by ``now`` and not uploaded yet (no-op unless its
        storage is S3-compatible)."""
        target = s3_target(task.storage)
        if target is None:
            return
        sent = self._sent.setdefault(task.sid, _Sent())
        if sent.done:
            return
        ended = task.state != "running"
        files = task.files(now, cfg, channel, final=task.stopped_at is not None)
        for f in files:
            self._stream(task, target, sent, f, now, cfg.slice_seconds, ended=ended)
        sent.done = ended

    def _key(self, task: Task, name: str) -> str:
        return join_prefix(task.spec.file_prefix, name)

    def _put(self, task: Task, target: S3Target, key: str, body: bytes | None) -> None:
        kind = key[key.rfind(".") :]
        self.uploader.submit(Upload(task.sid, target, key, body, _TYPES.get(kind, "")))

    def _stream(
        self,
        task: Task,
        target: S3Target,
        sent: _Sent,
        f: StreamFiles,
        now: float,
        step: float,
        *,
        ended: bool,
    ) -> None:
        base = stem(task.mode, task.sid, task.cname, f.stream)
        segments: list[Segment] = []
        for s in f.slices:
            key = self._key(task, s.name)
            segments.append(Segment(s.name, s.start, _duration(f, s, step)))
            if key not in sent.objects:
                sent.objects.add(key)
                self._put(task, target, key, self._segment_body(task, s.name, now))
        if segments:
            self._playlist(task, target, sent, base, segments, now, step, ended=ended)
        others = [(f"{base}_{i}.mp4", mp4_file) for i in range(f.mp4s)]
        others += [(f"{base}_{i}.mp3", mp3_file) for i in range(f.mp3s)]
        others += [(s.name, jpg_file) for s in f.jpgs]
        for name, make in others:
            key = self._key(task, name)
            if key not in sent.objects:
                sent.objects.add(key)
                self._put(task, target, key, make())

    def _playlist(
        self,
        task: Task,
        target: S3Target,
        sent: _Sent,
        base: str,
        segments: list[Segment],
        now: float,
        step: float,
        *,
        ended: bool,
    ) -> None:
        key = self._key(task, f"{base}.m3u8")
        state = (len(segments), ended)
        if sent.playlists.get(key) == state:
            return
        # Written when its last segment is done, or (closed) when the recording ends.
        written_at = now if ended else segments[-1].start + segments[-1].duration
        cutoff = task.upload_cutoff
        if cutoff is not None and written_at > cutoff + _EPS:
            return  # the storage refuses every upload from the cutoff on
        sent.playlists[key] = state
        text = playlist(segments, step, ended=ended)
        self._put(task, target, key, text.encode("utf-8"))

    @staticmethod
    def _segment_body(task: Task, name: str, now: float) -> bytes | None:
        body = ts_segment(name)
        for fault in task.segment_faults:
            if fault.segment is None and fault.at <= now + _EPS:
                fault.segment = name
                return None if fault.kind == "segment_dropped" else corrupt(body)
        return body
