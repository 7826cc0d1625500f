"""Every UI test fails if it leaves a visible top-level window behind."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_leftover_windows(no_leftover_windows: None) -> None:
    return
