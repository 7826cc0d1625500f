"""Every test gets private config/data/log dirs, so nothing touches the developer's own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_app_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "appdirs"
    for name in ("CONFIG", "DATA", "LOG", "STATE"):
        path = root / name.lower()
        path.mkdir(parents=True)
        monkeypatch.setenv(f"RECORDER_GUI_{name}_DIR", str(path))
    return root
