"""Application logging: a rotating file under the platform's log dir, secrets redacted.

Every handler this installs carries :class:`~recorder_gui.api.redact.RedactingFilter`, so a
record is scrubbed of every registered secret and credential-shaped text before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from recorder_gui.api.redact import RedactingFilter
from recorder_gui.store import paths

LOG_NAME = "recorder-gui.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MARK = "_recorder_gui_handler"


def configure_logging(
    *, directory: Path | None = None, level: int = logging.INFO, console: bool = False
) -> Path:
    """Install the redacting handlers on the root logger (idempotent); return the log file."""
    folder = directory or paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handlers: list[logging.Handler] = [file_handler]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(RedactingFilter())
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    # httpx logs each request at INFO with the full URL; ours already does, with timing.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path


def remove_logging() -> None:
    """Detach and close the handlers :func:`configure_logging` installed."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
