"""The emulator's data lives in one public place (``World``); no module reaches into another
object's private members."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import recorder_gui.emulator as emulator_package
from recorder_gui.emulator import Emulator
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.world import World
from tests._fixtures.emulator import DEMO_APP_ID
from tests.emulator.conftest import Api

PACKAGE = Path(emulator_package.__file__).parent

# "module.py:attribute" pairs that may legitimately touch another object's private member
# (a library's internals, say). Each needs a comment saying why. Empty today.
ALLOWED: set[str] = set()


def private_accesses(source: str, name: str) -> list[str]:
    """``name:line: X._attr`` for every ``X._attr`` where X is not ``self``/``cls`` (dunders
    are public protocol, not private members)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") and node.attr.endswith("__"):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue
        if f"{name}:{node.attr}" in ALLOWED:
            continue
        found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_reaches_into_another_objects_private_members() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += private_accesses(path.read_text(encoding="utf-8"), path.name)
    assert found == []


@pytest.mark.parametrize(
    ("source", "hits"),
    [
        ("emu._tasks[sid] = task", 1),
        ("self.world._tasks.get(sid)", 1),  # self.world is another object
        ("obj().x._y", 1),
        ("self._tasks.get(sid)", 0),
        ("cls._registry", 0),
        ("task.__class__", 0),
        ("world.task(sid)", 0),
    ],
)
def test_the_scan_sees_what_it_should(source: str, hits: int) -> None:
    assert len(private_accesses(source, "x.py")) == hits


def test_world_keeps_tasks_resources_channels_and_events() -> None:
    world = World(EmulatorConfig())
    assert world.find_task("nope") is None
    assert world.sid_for_resource("rid") is None
    with pytest.raises(KeyError):
        world.live_task("nope")
    assert world.find_channel("app", "c") is None
    channel = world.channel("app", "c")
    assert world.channel("app", "c") is channel
    assert world.find_channel("app", "c") is channel
    assert world.events() == []
    world.clear()
    assert world.find_channel("app", "c") is None


def test_emulator_state_goes_through_its_world() -> None:
    emu = Emulator()
    emu.add_user(DEMO_APP_ID, "room", 7)
    assert emu.world.find_channel(DEMO_APP_ID, "room") is not None
    emu.reset()
    assert emu.world.find_channel(DEMO_APP_ID, "room") is None
    assert emu.world.config is emu.config


def test_a_started_task_is_in_the_world(api: Api) -> None:
    sid = api.begin("mix")
    task = api.emu.world.live_task(sid)
    assert api.emu.world.sid_for_resource(task.resource_id) == sid
    assert [t.sid for t in api.emu.world.running()] == [sid]
    assert api.stop().status_code in (200, 206)
    assert api.emu.world.task(sid).state != "running"
