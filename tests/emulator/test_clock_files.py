"""The simulated clock and the file-naming helpers."""

from __future__ import annotations

import time

import pytest

from recorder_gui.emulator import EmulatorClock
from recorder_gui.emulator.files import safe_cname, slice_starts, utc_stamp


def test_clock_follows_real_time_with_offset() -> None:
    clock = EmulatorClock()
    assert not clock.frozen
    assert abs(clock.now() - time.time()) < 1
    clock.advance(100)
    assert 99 < clock.now() - time.time() < 101


def test_frozen_clock_moves_only_when_advanced() -> None:
    clock = EmulatorClock(frozen=True, start=1_000_000.0)
    assert clock.frozen
    assert clock.now() == 1_000_000.0
    clock.advance(2.5)
    assert clock.now() == 1_000_002.5
    clock.unfreeze()
    assert not clock.frozen
    assert 1_000_002.5 <= clock.now() < 1_000_003.5


def test_clock_refuses_to_go_back() -> None:
    with pytest.raises(ValueError, match="forward"):
        EmulatorClock().advance(-1)


def test_utc_stamp_is_17_digits_utc() -> None:
    assert utc_stamp(1568983902.485) == "20190920125142485"
    assert len(utc_stamp(0)) == 17


def test_special_characters_become_dashes() -> None:
    assert safe_cname("a!b@c#d_e.f g") == "a-b-c-d-e-f g"


def test_slices_full_then_partial_on_final() -> None:
    assert slice_starts(((0.0, 40.0),), 15.0, final=False) == [0.0, 15.0]
    assert slice_starts(((0.0, 40.0),), 15.0, final=True) == [0.0, 15.0, 30.0]
    assert slice_starts(((0.0, 10.0), (20.0, 50.0)), 15.0, final=False) == [20.0, 35.0]
