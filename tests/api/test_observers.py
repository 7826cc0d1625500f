"""Observers: one failure policy for every subscriber list (the engine, the layout, the store)."""

from __future__ import annotations

import logging

import pytest

from recorder_gui.api.observers import Observers


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    observers: Observers[int] = Observers("numbers")
    first: list[int] = []
    last: list[int] = []

    def broken(value: int) -> None:
        raise RuntimeError(f"bug on {value}")

    observers.subscribe(first.append)
    observers.subscribe(broken)
    observers.subscribe(last.append)
    with caplog.at_level(logging.ERROR, logger="recorder_gui.observers"):
        observers.notify(1)  # does not raise
        observers.notify(2)
    assert first == [1, 2] and last == [1, 2]
    failures = [r for r in caplog.records if r.name == "recorder_gui.observers"]
    assert len(failures) == 2
    # with its traceback (the app's redacting log filter may have rendered it into exc_text)
    assert all(r.exc_info is not None or r.exc_text for r in failures)
    assert caplog.text.count("Traceback") == 2
    assert "numbers subscriber" in failures[0].getMessage()
    assert "bug on 1" in caplog.text and "bug on 2" in caplog.text


def test_subscribe_returns_the_unsubscribe_function() -> None:
    observers: Observers[str] = Observers("words")
    heard: list[str] = []
    stop = observers.subscribe(heard.append)
    observers.notify("a")
    stop()
    stop()  # twice is harmless
    observers.notify("b")
    assert heard == ["a"] and len(observers) == 0


def test_a_subscriber_may_unsubscribe_while_being_told() -> None:
    observers: Observers[int] = Observers("numbers")
    heard: list[int] = []
    stops: list[object] = []

    def once(value: int) -> None:
        heard.append(value)
        stop = stops[0]
        assert callable(stop)
        stop()

    stops.append(observers.subscribe(once))
    observers.subscribe(heard.append)
    observers.notify(7)
    observers.notify(8)
    assert heard == [7, 7, 8]
