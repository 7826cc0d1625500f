"""Write a text file so that a crash leaves the old file or the new one, whole, never half.

One helper for every file the panel writes (profiles, layout templates, the price table,
manifests): a temporary file beside the target, flushed and fsynced, then renamed over it.
On any failure the temporary file is removed and the error (``OSError``) goes to the caller,
who words it for people. It imports nothing of the app: every room may use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomically"]


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, ``\\n`` line ends) in one rename."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
