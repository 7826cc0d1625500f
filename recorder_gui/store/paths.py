"""Where recorder-gui keeps its files: the platform's per-user dirs, overridable for tests.

Each ``RECORDER_GUI_<KIND>_DIR`` environment variable, when set, replaces the platformdirs
default. Directories are created on demand (``create=False`` only names them); creating one
raises ``OSError`` (read-only or full disk, a file in the way), which callers must handle.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "recorder-gui"


def _resolve(env_name: str, default: Callable[[], Path], create: bool) -> Path:
    override = os.environ.get(env_name)
    path = Path(override).expanduser() if override else default()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir(*, create: bool = True) -> Path:
    """Profiles and settings (``RECORDER_GUI_CONFIG_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_CONFIG_DIR",
        lambda: platformdirs.user_config_path(APP_NAME, appauthor=False),
        create,
    )


def data_dir(*, create: bool = True) -> Path:
    """The journal database and other data (``RECORDER_GUI_DATA_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_DATA_DIR",
        lambda: platformdirs.user_data_path(APP_NAME, appauthor=False),
        create,
    )


def log_dir(*, create: bool = True) -> Path:
    """Log files (``RECORDER_GUI_LOG_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_LOG_DIR",
        lambda: platformdirs.user_log_path(APP_NAME, appauthor=False),
        create,
    )


def state_dir(*, create: bool = True) -> Path:
    """Window state and similar run-to-run memory (``RECORDER_GUI_STATE_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_STATE_DIR",
        lambda: platformdirs.user_state_path(APP_NAME, appauthor=False),
        create,
    )
