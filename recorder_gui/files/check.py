"""Are a recording's files really there, whole and playable? One report, rows and a summary.

``check_files`` HEADs each listed object; for each HLS playlist (``.m3u8``) it reads the text,
parses it with the ``m3u8`` library (imported lazily), HEADs every segment it names (URIs
relative to the playlist's key), counts missing segments and gaps, says whether the playlist
was closed (``#EXT-X-ENDLIST``) and compares its length with the recording's.
"""

from __future__ import annotations

import asyncio
import importlib
import posixpath
from dataclasses import dataclass
from typing import Any

from recorder_gui.files.storage import Storage

#: At most this many HEADs in flight for one check.
CONCURRENCY = 8
_MISSING = "not in the bucket"
_NOT_YET = "not in the bucket yet (still uploading?)"
_URI_TAGS = ("#EXTINF", "#EXT-X-BYTERANGE", "#EXT-X-DISCONTINUITY", "#EXT-X-GAP")


@dataclass(frozen=True)
class FileRow:
    """One listed file: ``duration`` and the segment counts are for playlists only."""

    name: str
    present: bool
    size: int | None = None
    duration: float | None = None
    playable: bool = False
    problem: str | None = None
    segments: int = 0
    segments_missing: int = 0
    gaps: int = 0
    closed: bool | None = None

    @property
    def short_name(self) -> str:
        return posixpath.basename(self.name)

    @property
    def is_playlist(self) -> bool:
        return self.name.endswith(".m3u8")


@dataclass(frozen=True)
class FilesReport:
    rows: tuple[FileRow, ...]
    recording_seconds: float | None = None
    live: bool = False  #: checked while recording: open playlists are expected

    @property
    def missing(self) -> list[FileRow]:
        return [r for r in self.rows if not r.present]

    @property
    def ok(self) -> bool:
        return all(r.present and r.problem is None for r in self.rows)

    @property
    def summary(self) -> str:
        """``14 files, 1 h 02 min, all present`` or the problems, most important first."""
        count = len(self.rows)
        if count == 0:
            return "No files listed."
        noun = "file" if count == 1 else "files"
        if self.ok:
            parts = [f"{count} {noun}" + (" so far" if self.live else "")]
            lengths = [r.duration for r in self.rows if r.duration is not None]
            if lengths:
                parts.append(format_duration(max(lengths)))
            parts.append("all present" if count > 1 else "present")
            return ", ".join(parts)
        problems: list[str] = []
        missing = len(self.missing)
        if missing:
            gone = "not uploaded yet" if self.live else "missing"
            problems.append(f"{missing} of {count} {noun} {gone}")
        for row in self.rows:
            if row.present and row.problem is not None:
                problems.append(_short_problem(row))
        return "; ".join(problems)


def format_duration(seconds: float) -> str:
    """``1 h 02 min``, ``4 min 05 s``, ``45 s``."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def _short_problem(row: FileRow) -> str:
    if row.segments_missing:
        n = row.segments_missing
        return f"{n} segment{'s' if n != 1 else ''} missing in {row.short_name}"
    return f"{row.short_name}: {row.problem}"


async def check_files(
    storage: Storage,
    names: list[str],
    *,
    recording_seconds: float | None,
    live: bool = False,
) -> FilesReport:
    """Check every listed object (a ``StorageCheckError`` when the bucket cannot be read).

    ``live``: the recording still runs, so an open playlist is expected, its length is not
    compared, and a file not there yet is "not uploaded yet"."""
    await storage.check_bucket()
    limit = asyncio.Semaphore(CONCURRENCY)
    rows = await asyncio.gather(
        *(_check_one(storage, name, recording_seconds, limit, live) for name in names)
    )
    return FilesReport(tuple(rows), recording_seconds, live)


async def _head(storage: Storage, key: str, limit: asyncio.Semaphore) -> int | None:
    async with limit:
        return await storage.head(key)


async def _check_one(
    storage: Storage,
    name: str,
    recording_seconds: float | None,
    limit: asyncio.Semaphore,
    live: bool,
) -> FileRow:
    size = await _head(storage, name, limit)
    if size is None:
        return FileRow(name, present=False, problem=_NOT_YET if live else _MISSING)
    if not name.endswith(".m3u8"):
        if size == 0:
            return FileRow(name, True, size, problem="empty (0 bytes)")
        return FileRow(name, True, size, playable=True)
    async with limit:
        data = await storage.get(name)
    if data is None:  # gone between the HEAD and the GET
        return FileRow(name, present=False, problem=_MISSING)
    if live:
        recording_seconds = None
    return await _check_playlist(storage, name, size, data, recording_seconds, limit, live)


@dataclass(frozen=True)
class _Parsed:
    segments: list[tuple[str, float]]
    gaps: int
    closed: bool


def parse_playlist(data: bytes) -> _Parsed | str:
    """The playlist's segments (URI, seconds), gaps and end; or why it cannot be read."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "unreadable: not UTF-8 text"
    if not text.lstrip("\ufeff").startswith("#EXTM3U"):
        return "unreadable: not an HLS playlist (no #EXTM3U header)"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    truncated = not text.endswith("\n") or (bool(lines) and lines[-1].startswith(_URI_TAGS))
    m3u8: Any = importlib.import_module("m3u8")
    try:
        parsed = m3u8.loads(text)
    except Exception as exc:  # the library raises many kinds on bad input
        return f"unreadable: {type(exc).__name__}"
    if parsed.is_variant:
        return "a master playlist (this check reads media playlists only)"
    segments = [(str(s.uri), float(s.duration or 0.0)) for s in parsed.segments if s.uri]
    if truncated:
        return f"truncated: the text stops mid-way after {len(segments)} segments"
    gaps = sum(1 for s in parsed.segments if s.discontinuity or getattr(s, "gap_tag", None))
    return _Parsed(segments, gaps, bool(parsed.is_endlist))


def segment_key(playlist_key: str, uri: str) -> str | None:
    """The key a segment URI names, relative to the playlist; None for an outside URL."""
    if "://" in uri:
        return None
    if uri.startswith("/"):
        return uri.lstrip("/")
    folder = posixpath.dirname(playlist_key)
    return posixpath.normpath(posixpath.join(folder, uri)) if folder else posixpath.normpath(uri)


async def _check_playlist(
    storage: Storage,
    name: str,
    size: int,
    data: bytes,
    recording_seconds: float | None,
    limit: asyncio.Semaphore,
    live: bool = False,
) -> FileRow:
    parsed = parse_playlist(data)
    if isinstance(parsed, str):
        return FileRow(name, True, size, problem=parsed)
    keys = [segment_key(name, uri) for uri, _ in parsed.segments]
    sizes = await asyncio.gather(*(_head(storage, k, limit) for k in keys if k is not None))
    missing = sum(1 for s in sizes if s is None)
    duration = sum(seconds for _, seconds in parsed.segments)
    problems: list[str] = []
    if missing:
        problems.append(f"{missing} of {len(keys)} segments missing")
    if not parsed.closed and not live:
        problems.append("not closed (no #EXT-X-ENDLIST): still recording, or cut off")
    if not parsed.segments:
        problems.append("lists no segments")
    if recording_seconds is not None and not _is_backup(name) and parsed.segments:
        allowed = max(10.0, 0.05 * recording_seconds)
        if abs(duration - recording_seconds) > allowed:
            problems.append(
                f"lasts {format_duration(duration)} but the recording ran "
                f"{format_duration(recording_seconds)}"
            )
    return FileRow(
        name,
        True,
        size,
        duration=duration,
        playable=missing == 0 and bool(parsed.segments),
        problem="; ".join(problems) or None,
        segments=len(keys),
        segments_missing=missing,
        gaps=parsed.gaps,
        closed=parsed.closed,
    )


def _is_backup(name: str) -> bool:
    """An HA failover's ``bak<n>_`` playlist covers only part of the recording."""
    base = posixpath.basename(name)
    return base.startswith("bak") and "_" in base and base[3 : base.index("_")].isdigit()


async def presigned_url(storage: Storage, name: str, expires: int = 3600) -> str:
    """A link to ``name`` that works without keys until ``expires`` seconds have passed."""
    return await storage.presigned_url(name, expires)
