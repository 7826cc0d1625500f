"""The checker's rules without a bucket: reading a playlist, where its segments are, how a
length and a report read, which playlist is a failover copy. Fast, pure, exact wording."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.files import FileRow, FilesReport
from recorder_gui.files.check import _is_backup, format_duration, parse_playlist, segment_key

HEAD = b"#EXTM3U\n#EXT-X-TARGETDURATION:15\n"


def playlist(*lines: str, end: str = "\n") -> bytes:
    return HEAD + "\n".join(lines).encode() + end.encode()


# -- parse_playlist -----------------------------------------------------------------------


def test_a_closed_playlist_gives_its_segments_gaps_and_end() -> None:
    parsed = parse_playlist(
        playlist(
            "#EXTINF:4.5,",
            "a.ts",
            "#EXT-X-DISCONTINUITY",
            "#EXTINF:5,",
            "b.ts",
            "#EXT-X-GAP",
            "#EXTINF:15.25,",
            "sub/c.ts",
            "#EXT-X-ENDLIST",
        )
    )
    assert not isinstance(parsed, str)
    assert parsed.segments == [("a.ts", 4.5), ("b.ts", 5.0), ("sub/c.ts", 15.25)]
    assert parsed.gaps == 2  # one discontinuity, one gap tag
    assert parsed.closed is True


def test_an_open_playlist_is_not_closed_and_has_no_gaps() -> None:
    parsed = parse_playlist(playlist("#EXTINF:15,", "a.ts", "#EXTINF:15,", "b.ts"))
    assert not isinstance(parsed, str)
    assert (len(parsed.segments), parsed.gaps, parsed.closed) == (2, 0, False)


def test_a_zero_length_segment_counts_zero_and_a_uri_less_entry_is_no_segment() -> None:
    parsed = parse_playlist(playlist("#EXTINF:0,", "a.ts", "#EXTINF:5,", "#EXT-X-ENDLIST"))
    assert not isinstance(parsed, str)
    assert parsed.segments == [("a.ts", 0.0)]


def test_a_byte_order_mark_is_allowed() -> None:
    parsed = parse_playlist(b"\xef\xbb\xbf" + playlist("#EXTINF:5,", "a.ts", "#EXT-X-ENDLIST"))
    assert not isinstance(parsed, str) and parsed.segments == [("a.ts", 5.0)]


def test_an_empty_playlist_parses_to_no_segments() -> None:
    parsed = parse_playlist(b"#EXTM3U\n")
    assert not isinstance(parsed, str)
    assert (parsed.segments, parsed.gaps, parsed.closed) == ([], 0, False)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\xff\xfe#EXTM3U\n", "unreadable: not UTF-8 text"),
        (b"", "unreadable: not an HLS playlist (no #EXTM3U header)"),
        (b"  #EXTM3U\n", "unreadable: not an HLS playlist (no #EXTM3U header)"),
        (b"X#EXTM3U\n", "unreadable: not an HLS playlist (no #EXTM3U header)"),
        (b"<html>denied</html>\n", "unreadable: not an HLS playlist (no #EXTM3U header)"),
        (playlist("#EXTINF:abc,", "a.ts"), "unreadable: ValueError"),
        (
            playlist("#EXT-X-STREAM-INF:BANDWIDTH=1", "low.m3u8"),
            "a master playlist (this check reads media playlists only)",
        ),
        (
            playlist("#EXTINF:5,", "a.ts", "#EXTINF:5,", "b.ts", end=""),
            "truncated: the text stops mid-way after 2 segments",
        ),
        (
            playlist("#EXTINF:5,", "a.ts", "#EXTINF:5,"),
            "truncated: the text stops mid-way after 1 segments",
        ),
        (
            playlist("#EXTINF:5,", "a.ts", "#EXT-X-BYTERANGE:10@0"),
            "truncated: the text stops mid-way after 1 segments",
        ),
        (
            playlist("#EXTINF:5,", "a.ts", "#EXT-X-DISCONTINUITY"),
            "truncated: the text stops mid-way after 1 segments",
        ),
        (
            playlist("#EXTINF:5,", "a.ts", "#EXT-X-GAP"),
            "truncated: the text stops mid-way after 1 segments",
        ),
    ],
)
def test_what_cannot_be_read_is_said(data: bytes, why: str) -> None:
    assert parse_playlist(data) == why


def test_a_closed_playlist_without_the_last_newline_is_truncated() -> None:
    assert parse_playlist(playlist("#EXTINF:5,", "a.ts", "#EXT-X-ENDLIST", end="")) == (
        "truncated: the text stops mid-way after 1 segments"
    )


def test_trailing_blank_lines_are_not_truncation() -> None:
    parsed = parse_playlist(playlist("#EXTINF:5,", "a.ts", "#EXT-X-ENDLIST", end="\n\n  \n"))
    assert not isinstance(parsed, str) and parsed.closed


@given(st.binary(max_size=200))
def test_any_bytes_give_segments_or_a_sentence(data: bytes) -> None:
    parsed = parse_playlist(data)
    if isinstance(parsed, str):
        assert parsed.split(":")[0] in {"unreadable", "truncated"} or "master" in parsed
    else:
        assert parsed.gaps >= 0 and all(seconds >= 0 for _, seconds in parsed.segments)


# -- segment_key, _is_backup --------------------------------------------------------------


@pytest.mark.parametrize(
    ("playlist_key", "uri", "key"),
    [
        ("show/day1/a.m3u8", "a_1.ts", "show/day1/a_1.ts"),
        ("show/day1/a.m3u8", "./a_1.ts", "show/day1/a_1.ts"),
        ("show/day1/a.m3u8", "../b.ts", "show/b.ts"),
        ("show/day1/a.m3u8", "/other/c.ts", "other/c.ts"),
        ("show/day1/a.m3u8", "//c.ts", "c.ts"),
        ("show/day1/a.m3u8", "/XX/c.ts", "XX/c.ts"),
        ("a.m3u8", "a_1.ts", "a_1.ts"),
        ("a.m3u8", "./x/../a_1.ts", "a_1.ts"),
        ("x/a.m3u8", "https://cdn.example/x.ts", None),
        ("x/a.m3u8", "s3://bucket/x.ts", None),
    ],
)
def test_a_segment_uri_names_a_key_beside_its_playlist(
    playlist_key: str, uri: str, key: str | None
) -> None:
    assert segment_key(playlist_key, uri) == key


@pytest.mark.parametrize(
    ("name", "backup"),
    [
        ("show/bak0_sid_room.m3u8", True),
        ("bak12_sid_room.m3u8", True),
        ("bak_sid_room.m3u8", False),  # no number
        ("bakx_sid_room.m3u8", False),
        ("backup_sid.m3u8", False),
        ("bak0sid.m3u8", False),  # no underscore
        ("show/sid_bak0_room.m3u8", False),
        ("bak0_/sid_room.m3u8", False),  # the folder is not the file
        ("Bak0_sid.m3u8", False),
    ],
)
def test_failover_playlists_are_told_apart(name: str, backup: bool) -> None:
    assert _is_backup(name) is backup


# -- format_duration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (0.4, "0 s"),
        (45.2, "45 s"),
        (59.4, "59 s"),
        (59.6, "1 min 00 s"),
        (60, "1 min 00 s"),
        (65, "1 min 05 s"),
        (605, "10 min 05 s"),
        (3599, "59 min 59 s"),
        (3600, "1 h 00 min"),
        (3661, "1 h 01 min"),
        (3720, "1 h 02 min"),
        (36_000 + 59 * 60 + 59, "10 h 59 min"),
    ],
)
def test_a_length_reads_in_its_largest_units(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


# -- FileRow, FilesReport.summary ---------------------------------------------------------


def test_a_row_knows_its_short_name_and_whether_it_is_a_playlist() -> None:
    row = FileRow("show/day1/sid_room.m3u8", True)
    assert row.short_name == "sid_room.m3u8" and row.is_playlist
    assert not FileRow("show/sid_room_0.mp4", True).is_playlist
    assert not FileRow("show/sid_room.m3u8.bak", True).is_playlist
    bare = FileRow("a.ts", False)
    assert (bare.size, bare.duration, bare.playable, bare.problem) == (None, None, False, None)
    assert (bare.segments, bare.segments_missing, bare.gaps, bare.closed) == (0, 0, 0, None)


def good(name: str, seconds: float | None = None) -> FileRow:
    return FileRow(name, True, 100, seconds, True)


def test_nothing_listed_says_so() -> None:
    report = FilesReport(())
    assert report.summary == "No files listed."
    assert report.ok and report.missing == []


@pytest.mark.parametrize(
    ("rows", "live", "summary"),
    [
        ((good("a.mp4"),), False, "1 file, present"),
        ((good("a.mp4"),), True, "1 file so far, present"),
        ((good("a.m3u8", 64.6), good("a.mp4")), False, "2 files, 1 min 05 s, all present"),
        ((good("a.m3u8", 30), good("b.m3u8", 3725)), False, "2 files, 1 h 02 min, all present"),
        ((good("a.m3u8", 0.0), good("b.mp4")), True, "2 files so far, 0 s, all present"),
    ],
)
def test_all_present_reads_as_one_line(rows: tuple[FileRow, ...], live: bool, summary: str) -> None:
    report = FilesReport(rows, 65.0, live)
    assert report.ok and report.missing == []
    assert report.summary == summary


def test_missing_files_come_first_then_each_problem() -> None:
    gone = FileRow("p/gone.mp4", False, problem="not in the bucket")
    holes = FileRow("p/a.m3u8", True, 10, 30.0, problem="2 of 5 segments missing", segments=5,
                    segments_missing=2)  # fmt: skip
    one_hole = FileRow("p/b.m3u8", True, 10, 30.0, problem="x", segments=5, segments_missing=1)
    open_ = FileRow("p/c.m3u8", True, 10, 30.0, problem="not closed", segments=3)
    report = FilesReport((holes, gone, good("p/d.mp4"), one_hole, open_), 30.0)
    assert not report.ok
    assert report.missing == [gone]
    assert report.summary == (
        "1 of 5 files missing; 2 segments missing in a.m3u8; 1 segment missing in b.m3u8; "
        "c.m3u8: not closed"
    )


def test_a_present_file_with_a_problem_is_not_ok() -> None:
    report = FilesReport((FileRow("p/x.mp4", True, 0, problem="empty (0 bytes)"),))
    assert not report.ok and report.missing == []
    assert report.summary == "x.mp4: empty (0 bytes)"


def test_while_recording_a_missing_file_is_not_uploaded_yet() -> None:
    rows = (FileRow("a.m3u8", False), FileRow("b.m3u8", False))
    assert FilesReport(rows, None, True).summary == "2 of 2 files not uploaded yet"
    assert FilesReport(rows[:1], None, False).summary == "1 of 1 file missing"
