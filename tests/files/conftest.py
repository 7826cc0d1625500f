"""The emulator's API driver (``api``) for the file checks, shared with tests/emulator; and the
order of this folder's tests: those without a server first.

Under ``make mutate`` each mutant runs the tests that reach it, in any order, stopping at the
first failure: a pure test that fails first saves starting moto's server (about a second) for
that mutant. The order changes nothing else: no test here depends on another."""

from __future__ import annotations

import pytest

from tests.emulator.conftest import api, http  # noqa: F401  (fixtures re-exported)

#: Fixtures that start a local HTTP server (milliseconds) or moto's S3 and the emulator (about
#: a second).
_LOCAL_SERVERS = frozenset({"odd", "dead_endpoint", "refusing_storage", "full_backlog"})
_BIG_SERVERS = frozenset({"s3", "s3_server", "api"})
#: Tests that wait on purpose (a deadline passing).
_WAITING = frozenset(
    {"test_a_call_past_its_deadline_is_unreachable", "test_a_quick_call_is_answered"}
)


def _cost(item: pytest.Item) -> int:
    names = set(getattr(item, "fixturenames", ()))
    if getattr(item, "originalname", item.name) in _WAITING:
        return 3
    return 2 if names & _BIG_SERVERS else 1 if names & _LOCAL_SERVERS else 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """This folder's tests, cheapest first, in the places they already hold in ``items``."""
    mine = [i for i, item in enumerate(items) if item.path.parent.name == "files"
            and item.path.parent.parent.name == "tests"]  # fmt: skip
    ordered = sorted((items[i] for i in mine), key=_cost)
    for i, item in zip(mine, ordered, strict=True):
        items[i] = item
