"""Recorded files: naming rules and the slices a task has uploaded so far.

See docs/api-notes.md, "Storage and file naming".
"""

from __future__ import annotations

import time
from dataclasses import dataclass

_SPECIAL = set("!@#$%^&*()+_.=[]{}~|,;:?<>")


def utc_stamp(t: float) -> str:
    """17-digit UTC+0 ``YYYYMMDDhhmmssSSS``."""
    ms = int(round(t * 1000))
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(ms // 1000)) + f"{ms % 1000:03d}"


def safe_cname(cname: str) -> str:
    # Documented for web mode only (docs/api-notes.md, "Open points": UNCONFIRMED for
    # individual/mix): we apply it in every mode, so clients must not splice raw cnames.
    return "".join("-" if ch in _SPECIAL else ch for ch in cname)


def join_prefix(prefix: list[str], name: str) -> str:
    return "/".join([*prefix, name]) if prefix else name


@dataclass(frozen=True)
class Stream:
    """One recorded stream: ``uid`` 0 = the composite (mix/web)."""

    uid: int
    track: str  # "audio" | "video" | "audio_and_video"
    intervals: tuple[tuple[float, float], ...]  # active (start, end), clipped to one epoch
    bak: str  # "" or "bak<n>_"


@dataclass(frozen=True)
class Slice:
    start: float
    name: str


def stem(mode: str, sid: str, cname: str, stream: Stream) -> str:
    base = f"{sid}_{safe_cname(cname)}"
    if mode in ("mix", "web"):
        return stream.bak + base
    track = "video" if stream.track == "video" else "audio"
    return f"{stream.bak}{base}__uid_s_{stream.uid}__uid_e_{track}"


def slice_starts(
    intervals: tuple[tuple[float, float], ...], step: float, *, final: bool
) -> list[float]:
    """Start times of uploaded slices: full ones, plus the trailing partial one when final."""
    starts: list[float] = []
    for begin, end in intervals:
        t = begin
        while t + step <= end + 1e-9 or (final and t < end - 1e-9):
            starts.append(t)
            t += step
    return starts


def ts_slices(
    mode: str, sid: str, cname: str, stream: Stream, step: float, *, final: bool
) -> list[Slice]:
    prefix = stem(mode, sid, cname, stream)
    return [
        Slice(t, f"{prefix}_{utc_stamp(t)}.ts")
        for t in slice_starts(stream.intervals, step, final=final)
    ]


def jpg_names(sid: str, cname: str, stream: Stream, interval: float) -> list[Slice]:
    """Screenshots every ``interval`` s while the stream sends video."""
    prefix = stem("individual", sid, cname, stream)
    out: list[Slice] = []
    for begin, end in stream.intervals:
        t = begin
        while t <= end + 1e-9:
            out.append(Slice(t, f"{prefix}_{utc_stamp(t)}.jpg"))
            t += interval
    return out


def mp4_count(stream: Stream, rollover: float, *, final: bool) -> int:
    """MP4 files of a composite stream: one per finished rollover period, plus the last on stop."""
    if not stream.intervals:
        return 0
    begin, end = stream.intervals[0][0], stream.intervals[-1][1]
    done = int((end - begin) // rollover)
    return done + 1 if final and end > begin + done * rollover else done


def clip_stream(stream: Stream, cutoff: float) -> Stream:
    """The part of ``stream`` before ``cutoff``."""
    kept = tuple((a, min(b, cutoff)) for a, b in stream.intervals if a < cutoff)
    return Stream(stream.uid, stream.track, kept, stream.bak)
