"""The meaning of each ``serverResponse.status`` (docs/api-notes.md, "query"), in one table."""

from __future__ import annotations

import pytest

from recorder_gui.api.codes import STATUS_MEANINGS, has_ended, is_live, is_running

#: status: (is_running, has_ended, is_live)
TABLE: dict[int | None, tuple[bool, bool, bool]] = {
    None: (False, False, False),  # no answer yet
    0: (False, False, True),  # not started
    1: (False, False, True),  # initialised
    2: (False, False, True),  # components starting
    3: (False, False, True),  # some components ready
    4: (True, False, True),  # all components ready
    5: (True, False, True),  # recording in progress
    6: (False, True, False),  # stop requested
    7: (False, True, False),  # all components stopped
    8: (False, True, False),  # exited
    20: (False, True, False),  # exited abnormally
    42: (False, False, True),  # undocumented: still answering, not called running
}


@pytest.mark.parametrize(("status", "expected"), TABLE.items(), ids=str)
def test_status_predicates(status: int | None, expected: tuple[bool, bool, bool]) -> None:
    assert (is_running(status), has_ended(status), is_live(status)) == expected


def test_the_table_covers_every_documented_status() -> None:
    assert set(STATUS_MEANINGS) <= set(TABLE)
