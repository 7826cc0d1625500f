"""Layering rules import-linter cannot express (it refuses subpackages of external packages)."""

from __future__ import annotations

import ast
from pathlib import Path

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
