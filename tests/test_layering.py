"""Layering rules import-linter cannot express (it refuses subpackages of external packages)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "recorder_gui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_bridge_has_no_widgets() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if "QtWidgets" in m)
        for path in (ROOT / "bridge").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_scan_sees_imports() -> None:
    assert "PySide6.QtWidgets" in imported_modules(ROOT / "ui" / "main_window.py") | {
        m.rsplit(".", 1)[0] for m in imported_modules(ROOT / "ui" / "main_window.py")
    }


def import_cycles(package: str, root: str = "recorder_gui") -> list[tuple[str, str]]:
    """Pairs of modules of ``package`` that import each other (directly or through others
    of the package), type-checking imports included: a circle is a circle."""
    import grimp

    graph = grimp.build_graph(root)
    inside = sorted(m for m in graph.modules if m.startswith(package + "."))

    def reaches(a: str, b: str) -> bool:
        chain = graph.find_shortest_chain(importer=a, imported=b)
        return chain is not None and all(m.startswith(package + ".") for m in chain)

    return [(a, b) for a in inside for b in inside if a < b and reaches(a, b) and reaches(b, a)]


def test_the_engine_has_no_import_circle() -> None:
    """Flows see the session through a protocol (recording/host.py), never import it."""
    assert import_cycles("recorder_gui.recording") == []


def test_the_cycle_check_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "circled" / "inner"
    package.mkdir(parents=True)
    (tmp_path / "circled" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
    )
    (package / "b.py").write_text("from . import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("circled.inner", root="circled") == [
        ("circled.inner.a", "circled.inner.b")
    ]


@pytest.mark.parametrize("package", ["recorder_gui.ui.canvas", "recorder_gui.emulator"])
def test_no_import_circle_in(package: str) -> None:
    """The canvas: items only draw, the scene routes input to tools that see it through a
    protocol. The emulator: its modules form no circle either."""
    assert import_cycles(package) == []


@pytest.mark.parametrize(
    ("module", "wrong"),
    [
        ("recording/limits.py", "recorder_gui.bridge"),  # the engine reaching up to Qt adapters
        ("layout/model.py", "recorder_gui.ui"),  # the model reaching up to the views
        ("api/wire.py", "recorder_gui.store"),  # the client reaching up to the store
        ("callbacks/envelope.py", "recorder_gui.recording"),
        ("store/models.py", "recorder_gui.recording"),
    ],
)
def test_the_layers_contract_fails_on_a_wrong_import(
    tmp_path: Path, module: str, wrong: str
) -> None:
    """A copy of the package with one import pointing up: import-linter must call it broken."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT, tmp_path / "recorder_gui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT.parent / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "recorder_gui" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\nimport {wrong}  # wrong\n")
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "Rooms in layers" in run.stdout and "BROKEN" in run.stdout
    assert f"is not allowed to import {wrong}" in run.stdout
