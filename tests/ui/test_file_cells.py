"""How one checked file reads in the stop dialog's table: in the bucket or not, size, length,
and the check's verdict (the problem in the producer's words when there is one)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.bridge.files_bridge import _size, row_cells
from recorder_gui.files.check import FileRow


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        (None, ("", "", "", "")),
        (
            FileRow("p/a.m3u8", False, problem="not in the bucket"),
            ("missing", "", "", "not in the bucket"),
        ),
        (
            FileRow("p/a.m3u8", True, 2048, 65.0, True, segments=1),
            ("present", "2.0 KB", "1 min 05 s", "playable, 1 segment"),
        ),
        (
            FileRow("p/a.m3u8", True, 900, 3725.0, True, segments=373),
            ("present", "900 B", "1 h 02 min", "playable, 373 segments"),
        ),
        (
            FileRow("p/a.mp4", True, 5 * 1024**3, playable=True),
            ("present", "5.0 GB", "", "playable"),
        ),
        (
            FileRow("p/a.m3u8", True, 10, 12.0, False, "2 of 5 segments missing", 5, 2),
            ("present", "10 B", "12 s", "2 of 5 segments missing"),
        ),
        (FileRow("p/b.jpg", True, 1, playable=False), ("present", "1 B", "", "present")),
    ],
)
def test_cells(row: FileRow | None, cells: tuple[str, str, str, str]) -> None:
    assert row_cells(row) == cells


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"), (1536, "1.5 KB"), (1024**2, "1.0 MB")],
)
def test_sizes(n: int, text: str) -> None:
    assert _size(n) == text


@given(st.integers(min_value=0, max_value=10**15))
def test_every_size_is_short_and_has_a_unit(n: int) -> None:
    text = _size(n)
    number, unit = text.split(" ")
    assert unit in {"B", "KB", "MB", "GB"}
    assert float(number) >= 0 and (unit == "GB" or float(number) < 1024)
