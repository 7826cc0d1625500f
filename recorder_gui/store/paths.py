"""Where recorder-gui keeps its files: the platform's per-user dirs, overridable for tests.

Each ``RECORDER_GUI_<KIND>_DIR`` environment variable, when set, replaces the platformdirs
default. Directories are created on demand.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "recorder-gui"


def _resolve(env_name: str, default: Callable[[], Path]) -> Path:
    override = os.environ.get(env_name)
    path = Path(override).expanduser() if override else default()
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Profiles and settings (``RECORDER_GUI_CONFIG_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_CONFIG_DIR", lambda: platformdirs.user_config_path(APP_NAME, appauthor=False)
    )


def data_dir() -> Path:
    """The journal database and other data (``RECORDER_GUI_DATA_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_DATA_DIR", lambda: platformdirs.user_data_path(APP_NAME, appauthor=False)
    )


def log_dir() -> Path:
    """Log files (``RECORDER_GUI_LOG_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_LOG_DIR", lambda: platformdirs.user_log_path(APP_NAME, appauthor=False)
    )


def state_dir() -> Path:
    """Window state and similar run-to-run memory (``RECORDER_GUI_STATE_DIR`` overrides)."""
    return _resolve(
        "RECORDER_GUI_STATE_DIR", lambda: platformdirs.user_state_path(APP_NAME, appauthor=False)
    )
