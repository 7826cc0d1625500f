"""The secret registry and the log filter: ordering, the minimum length and the fallbacks."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from recorder_gui.api.redact import MASK, SECRETS, RedactingFilter, SecretRegistry, redact


@pytest.fixture
def registered() -> Iterator[list[str]]:
    """Values registered in the process-wide registry for one test, removed afterwards."""
    values: list[str] = []
    yield values
    SECRETS.discard(*values)


def register(values: list[str], *secrets: str) -> None:
    values.extend(secrets)
    SECRETS.add(*secrets)


def test_registry_keeps_values_of_four_characters_or_more() -> None:
    registry = SecretRegistry()
    registry.add("abc", "abcd", "abcde", None, "")
    assert registry.snapshot() == ["abcde", "abcd"]
    registry.discard("abcd", None, "")
    assert registry.snapshot() == ["abcde"]
    assert repr(registry) == "SecretRegistry(1 values)"


def test_snapshot_is_longest_first_whatever_the_alphabet() -> None:
    registry = SecretRegistry()
    registry.add("zzzz", "Azzzz-tail", "mmmmmm")
    assert registry.snapshot() == ["Azzzz-tail", "mmmmmm", "zzzz"]


def test_a_secret_containing_another_is_masked_whole(registered: list[str]) -> None:
    # Shortest (or alphabetical) first would mask "zzzz" inside the long one and leak its tail.
    register(registered, "zzzz", "Azzzz-tail")
    assert redact("key Azzzz-tail and zzzz") == "key *** and ***"


def test_short_values_are_not_registered(registered: list[str]) -> None:
    register(registered, "q7k", "q7k9")
    assert redact("a q7k b q7k9 c") == "a q7k b *** c"


def test_extra_values_are_masked_too_and_empty_ones_ignored() -> None:
    assert redact("one-off-value here", extra=["one-off-value", ""]) == "*** here"


def test_credential_shapes_keep_their_keys() -> None:
    assert redact('{"secretKey": "abc", "token": ""}') == '{"secretKey": "***", "token": "***"}'
    assert redact("Authorization: Bearer a.b-c") == "Authorization: ***"
    assert redact("x 007eJ" + "A" * 20 + " y") == f"x {MASK} y"


def record(msg: str, args: tuple[object, ...] | None = None) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, None)


def test_filter_formats_once_and_drops_args(registered: list[str]) -> None:
    register(registered, "s3cr3t-arg")
    rec = record("key=%s n=%d", ("s3cr3t-arg", 3))
    assert RedactingFilter().filter(rec) is True
    assert rec.msg == "key=*** n=3"
    assert rec.args is None


def test_filter_keeps_a_record_whose_format_string_is_broken(registered: list[str]) -> None:
    register(registered, "s3cr3t-fmt")
    rec = record("%d items for s3cr3t-fmt", ("not a number",))
    assert RedactingFilter().filter(rec) is True
    assert rec.msg == "%d items for ***"
    assert rec.args is None
    assert logging.Formatter().format(rec) == "%d items for ***"


def test_filter_redacts_the_traceback_and_drops_exc_info(registered: list[str]) -> None:
    register(registered, "s3cr3t-exc")
    rec = record("failed")
    try:
        raise RuntimeError("boom s3cr3t-exc")
    except RuntimeError:
        import sys

        rec.exc_info = sys.exc_info()
    RedactingFilter().filter(rec)
    assert rec.exc_info is None
    assert rec.exc_text is not None and rec.exc_text.endswith("RuntimeError: boom ***")
    assert "s3cr3t-exc" not in logging.Formatter().format(rec)


def test_filter_redacts_a_preformatted_traceback(registered: list[str]) -> None:
    register(registered, "s3cr3t-pre")
    rec = record("failed")
    rec.exc_info = (RuntimeError, RuntimeError("x"), None)
    rec.exc_text = "Traceback: s3cr3t-pre"
    RedactingFilter().filter(rec)
    assert rec.exc_text == "Traceback: ***"


def test_filter_redacts_stack_info(registered: list[str]) -> None:
    register(registered, "s3cr3t-stk")
    rec = record("here")
    rec.stack_info = "Stack (most recent call last):\n  frame with s3cr3t-stk"
    RedactingFilter().filter(rec)
    assert rec.stack_info == "Stack (most recent call last):\n  frame with ***"
    plain = record("here")
    RedactingFilter().filter(plain)
    assert plain.stack_info is None and plain.exc_text is None
