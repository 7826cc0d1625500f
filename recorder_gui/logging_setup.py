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
) -> Path | None:
    """Install the redacting handlers on the root logger (idempotent); return the log file.

    When the log folder cannot be created or written (read-only or full disk), log to stderr
    only, say so, and return None: logging must never stop the app from starting.
    """
    remove_logging()
    handlers: list[logging.Handler] = []
    path: Path | None = None
    problem: OSError | None = None
    try:
        folder = directory or paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        with path.open("a", encoding="utf-8"):  # fail here, not on every record
            pass
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
            )
        )
    except OSError as exc:
        path, problem = None, exc
    if console or path is None:
        handlers.append(logging.StreamHandler())
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(RedactingFilter())
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    # httpx logs each request at INFO with the full URL; ours already does, with timing.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    if problem is not None:
        logging.getLogger("recorder_gui").warning(
            "The log folder cannot be used (%s); logging to stderr only.", problem
        )
    return path


def remove_logging() -> None:
    """Detach and close the handlers :func:`configure_logging` installed."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
