"""A new run finds the last run's recordings in the journal: watched again, or orphans."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recorder_gui.recording import Journal, JournalEntry

from .conftest import AppFactory, start, wait_badge, wait_card


def test_reattach_after_the_process_went_away_and_orphans_get_two_actions(
    make_app: AppFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    journal = tmp_path / "shared-journal.sqlite3"
    first = make_app(journal=journal)
    start(first, qtbot)
    bridge = wait_card(first, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    key = bridge.key
    # The process goes away without stopping anything: only the journal remains.
    first.quit()
    qtbot.waitUntil(first.done.is_set, timeout=10_000)
    with Journal(journal) as j:
        assert not j.get(key).settled  # type: ignore[union-attr]
        j.write(
            JournalEntry(
                key="lost",
                app_id=bridge.session.app_id,
                profile="demo",
                cname="other-show",
                uid="900009",
                mode="mix",
                state="starting",
                start_maybe_sent=True,
            )
        )
    second = make_app(journal=journal)
    second.bridge.request_reattach()
    again = wait_card(second, qtbot, 0)
    assert again.key == key
    wait_badge(again, qtbot, "ON AIR")
    board = second.window.dashboard
    qtbot.waitUntil(lambda: len(board.orphan_cards()) == 1, timeout=10_000)
    orphan = board.orphan_cards()[0]
    assert not orphan.stop_button.isEnabled()  # its sid is unknown
    orphan.forget_button.click()
    qtbot.waitUntil(lambda: not board.orphan_cards(), timeout=5_000)
    with Journal(journal) as j:
        assert j.get("lost").settled  # type: ignore[union-attr]
