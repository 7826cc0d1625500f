"""Bytes of the recorded files the emulator really uploads: small but valid of their kind.

An HLS segment is a few 188-byte MPEG-TS packets (sync byte 0x47, a PAT then null packets);
an MP4 holds an ``ftyp`` box and an empty ``mdat``; a playlist is HLS version 3, rewritten as
segments are added and closed with ``#EXT-X-ENDLIST`` when the recording ends.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass

TS_PACKET = 188
TS_SYNC = 0x47
TS_PACKETS_PER_SEGMENT = 4


def _ts_packet(pid: int, counter: int, payload: bytes) -> bytes:
    header = bytes(
        [TS_SYNC, 0x40 | ((pid >> 8) & 0x1F), pid & 0xFF, 0x10 | (counter & 0x0F)]
    )  # payload_unit_start_indicator set, payload only
    body = payload[: TS_PACKET - 4]
    return header + body + b"\xff" * (TS_PACKET - 4 - len(body))


def _pat() -> bytes:
    """A Program Association Table naming program 1 on PMT PID 0x1000."""
    section = bytes([0x00, 0xB0, 0x0D, 0x00, 0x01, 0xC1, 0x00, 0x00, 0x00, 0x01, 0xF0, 0x00])
    crc = zlib.crc32(section) & 0xFFFFFFFF  # informative only: players re-read it anyway
    return b"\x00" + section + struct.pack(">I", crc)


def ts_segment(label: str) -> bytes:
    """A valid MPEG-TS segment: a PAT, then null packets carrying ``label`` (the file name)."""
    packets = [_ts_packet(0, 0, _pat())]
    tag = label.encode("utf-8")
    for i in range(1, TS_PACKETS_PER_SEGMENT):
        packets.append(_ts_packet(0x1FFF, i, tag))
    return b"".join(packets)


def corrupt(data: bytes) -> bytes:
    """``data`` with every sync byte gone: no longer a transport stream."""
    out = bytearray(data)
    for i in range(0, len(out), TS_PACKET):
        out[i] = 0x00
    return bytes(out)


def is_valid_ts(data: bytes) -> bool:
    """Whole 188-byte packets, each starting with the sync byte."""
    if not data or len(data) % TS_PACKET:
        return False
    return all(data[i] == TS_SYNC for i in range(0, len(data), TS_PACKET))


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_file() -> bytes:
    """An ISO base media file: ``ftyp`` (isom, brands isom/iso2/avc1/mp41) and an empty mdat."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    return ftyp + _box(b"mdat", b"")


def mp3_file() -> bytes:
    """An ID3v2.4 header with no frames (an empty MP3)."""
    return b"ID3\x04\x00\x00\x00\x00\x00\x00"


def jpg_file() -> bytes:
    """Start and end of image markers around an empty JFIF segment."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@dataclass(frozen=True)
class Segment:
    """One playlist entry: the segment's name beside the playlist, and when it ran."""

    uri: str
    start: float
    duration: float


def playlist(segments: list[Segment], step: float, *, ended: bool) -> str:
    """HLS playlist text; a gap between two segments is marked as a discontinuity."""
    longest = max([step, *(s.duration for s in segments)])
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{math.ceil(longest - 1e-6)}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:EVENT",  # segments are only ever appended
    ]
    previous_end: float | None = None
    for seg in segments:
        if previous_end is not None and seg.start > previous_end + 1e-3:
            lines.append("#EXT-X-DISCONTINUITY")
        lines.append(f"#EXTINF:{seg.duration:.3f},")
        lines.append(seg.uri)
        previous_end = seg.start + seg.duration
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"
