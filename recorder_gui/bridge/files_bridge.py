"""``FilesBridge``: are one recording's files really in the bucket? And a link to open one.

The check and the links run in tasks this object owns (``aclose`` cancels them); the keyring
is read and the storage is asked off the event loop. Views read ``state``, ``report``,
``problem`` and ``summary`` when ``changed`` fires; links come back through ``link_ready`` /
``link_failed``. Secrets never leave: a link is presigned (it carries a signature, not a key).
"""

from __future__ import annotations

import asyncio
import logging
import posixpath
import time
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from recorder_gui.files import FilesReport, Storage, StorageCheckError, StorageTarget
from recorder_gui.files.check import FileRow, format_duration
from recorder_gui.recording.manifest import (
    LayoutLog,
    build_manifest,
    manifest_name,
    manifest_text,
    write_manifest,
)
from recorder_gui.recording.storage_access import (
    FilesToCheck,
    checked_files,
    files_to_check,
    storage_target,
)
from recorder_gui.recording.tasks import OwnedTasks
from recorder_gui.store import ProfileError

from .profiles import ProfileBridge
from .session import SessionBridge

__all__ = ["LINK_EXPIRES", "SETTLE_WAITS", "CheckState", "FilesBridge", "row_cells"]

log = logging.getLogger(__name__)

#: A presigned link works this long (seconds).
LINK_EXPIRES = 3600
#: One check, everything included (keyring, bucket, every HEAD), may take this long.
CHECK_DEADLINE = 120.0
#: Right after a stop the last uploads can lag the stop's answer: a check that finds files
#: missing then looks again after these waits (seconds) before it says so.
SETTLE_WAITS = (2.0, 5.0, 10.0)


class CheckState(StrEnum):
    IDLE = "idle"
    CHECKING = "checking"
    DONE = "done"
    FAILED = "failed"


class FilesBridge(QObject):
    """The file check of one recording (after stop, or "files so far" while it runs)."""

    changed = Signal()
    notice = Signal(str)  #: a one-off sentence for the producer (an upload's outcome)
    link_ready = Signal(str, str)  #: file name, presigned URL
    link_failed = Signal(str, str)  #: file name, sentence with a next step

    def __init__(
        self,
        session: SessionBridge,
        profiles: ProfileBridge,
        *,
        now: Callable[[], float] = time.time,
        deadline: float = CHECK_DEADLINE,
        manifests: Path | None = None,
        cost: Callable[[], Mapping[str, Any] | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._profiles = profiles
        self._now = now
        self._deadline = deadline
        self._manifests = manifests
        self._cost = cost
        self._layout_log = LayoutLog(session.session)
        #: where the manifest was saved in the data dir, or why it could not be
        self.manifest_path: Path | None = None
        self.manifest_problem: str | None = None
        self._tasks = OwnedTasks(f"files:{session.key}", self._on_task_crash)
        self._storage: Storage | None = None
        self.state = CheckState.IDLE
        self.report: FilesReport | None = None
        self.problem: StorageCheckError | None = None
        self.wanted: FilesToCheck | None = None
        self.checked_at: float | None = None
        #: while a check waits to look again: what it found so far
        self.waiting_note: str | None = None

    # -- what views read ------------------------------------------------------------------
    @property
    def summary(self) -> str:
        """One line: what the check found, or what it is doing, or why it could not."""
        if self.state is CheckState.CHECKING and self.waiting_note:
            return self.waiting_note
        if self.state is CheckState.CHECKING:
            n = len(self.wanted.names) if self.wanted else 0
            return f"Checking {n} file{'s' if n != 1 else ''} in the bucket…"
        if self.state is CheckState.FAILED and self.problem is not None:
            return f"Could not check the files: {self.problem.sentence} {self.problem.next_step}"
        if self.report is None:
            return "Files not checked yet."
        if not self.report.rows:
            return "The service listed no files, so there is nothing to check."
        prefix = "Checked: " if self.report.ok else "Problem: "
        if self.wanted is not None and self.wanted.predicted:
            prefix += "(expected names, the service listed none) "
        return prefix + self.report.summary

    @property
    def ok(self) -> bool:
        return self.state is CheckState.DONE and self.report is not None and self.report.ok

    def row(self, name: str) -> FileRow | None:
        if self.report is None:
            return None
        return next((r for r in self.report.rows if r.name == name), None)

    # -- intents --------------------------------------------------------------------------
    def check(self, *, settle: tuple[float, ...] = ()) -> None:
        """Check (again); a check already running is left to finish. ``settle``: waits after
        which a check that found problems looks again (used right after a stop)."""
        if self.state is CheckState.CHECKING:
            return
        self.wanted = files_to_check(self._session.session, now=self._now())
        self.state = CheckState.CHECKING
        self.problem = None
        self.waiting_note = None
        self.changed.emit()
        self._tasks.spawn(self._check(self.wanted, settle), "check-files")

    def request_link(self, name: str) -> None:
        """Make a presigned link to ``name``; the answer comes as ``link_ready``/``link_failed``."""
        self._tasks.spawn(self._link(name), "presign")

    async def aclose(self) -> None:
        self._layout_log.detach()
        await self._tasks.aclose(2.0)

    # -- the manifest ---------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """Everything known of the recording now (see ``recording/manifest.py``)."""
        return build_manifest(
            self._session.session,
            title=self._session.title,
            report=self.report,
            checked_at=self.checked_at,
            check_problem=(
                f"{self.problem.sentence} {self.problem.next_step}"
                if self.state is CheckState.FAILED and self.problem is not None
                else None
            ),
            layout_changes=self._layout_log.changes,
            layout_since=self._layout_log.since,
            cost=self._cost(),
            written_at=self._now(),
        )

    def export_manifest(self, path: Path) -> str:
        """Save a copy at ``path``; the sentence says where, or why not."""
        try:
            path.write_text(manifest_text(self.manifest()), encoding="utf-8")
        except OSError as exc:
            return f"Could not save the manifest to {path}: {exc.strerror or exc}."
        return f"Saved the manifest to {path}"

    def upload_manifest(self) -> None:
        """Put the manifest next to the recording's files; the answer comes as ``notice``."""
        self._tasks.spawn(self._upload_manifest(), "upload-manifest")

    async def _upload_manifest(self) -> None:
        manifest = self.manifest()
        prefix = self._session.session.storage_prefix
        key = posixpath.join(prefix, manifest_name(manifest)) if prefix else manifest_name(manifest)
        try:
            storage = await self._storage_for_links()
            await storage.put_text(key, manifest_text(manifest))
        except StorageCheckError as exc:
            self.notice.emit(f"The manifest was not uploaded: {exc.sentence} {exc.next_step}")
            return
        self.notice.emit(f"Uploaded the manifest next to the files as {key}")

    async def _save_manifest(self) -> None:
        if self._manifests is None or self._session.session.stop_outcome is None:
            return
        manifest = self.manifest()
        try:
            self.manifest_path = await asyncio.to_thread(write_manifest, self._manifests, manifest)
            self.manifest_problem = None
        except OSError as exc:
            self.manifest_problem = (
                f"The manifest could not be saved in {self._manifests}: "
                f"{exc.strerror or type(exc).__name__}. Free some space or export it elsewhere."
            )
        self.changed.emit()

    # -- work -----------------------------------------------------------------------------
    def _target(self) -> StorageTarget:
        """Blocking (keyring): run in a worker thread."""
        name = self._session.session.record.profile
        profile = None
        if name:
            try:
                profile = self._profiles.load(name)
            except (KeyError, ProfileError):  # damaged or deleted: the start config may do
                log.info("profile %r could not be read for the file check", name)
        return storage_target(self._session.session, profile, self._profiles.credentials)

    async def _check(self, wanted: FilesToCheck, settle: tuple[float, ...] = ()) -> None:
        try:
            for wait in (*settle, None):
                async with asyncio.timeout(self._deadline):
                    storage, report = await checked_files(self._target, wanted)
                if report.ok or wait is None:
                    break
                self.waiting_note = (
                    f"Not all there yet ({report.summary}); uploads can lag the stop, "
                    f"so the panel looks again in {wait:g} s…"
                )
                self.changed.emit()
                await asyncio.sleep(wait)
        except StorageCheckError as exc:
            self._fail(exc)
            await self._save_manifest()  # the manifest says why the files were not checked
            return
        except TimeoutError:
            self._fail(
                StorageCheckError(
                    "unreachable",
                    f"Checking the files took longer than {self._deadline:g} s.",
                    "Check the network, then check again.",
                )
            )
            await self._save_manifest()
            return
        self._storage = storage
        self.report = report
        self.waiting_note = None
        self.state = CheckState.DONE
        self.checked_at = self._now()
        self.changed.emit()
        await self._save_manifest()

    def _fail(self, exc: StorageCheckError) -> None:
        self.problem = exc
        self.waiting_note = None
        self.state = CheckState.FAILED
        self.changed.emit()

    async def _storage_for_links(self) -> Storage:
        if self._storage is None:
            made = await asyncio.to_thread(self._target)
            self._storage = Storage(made)
        return self._storage

    async def _link(self, name: str) -> None:
        try:
            storage = await self._storage_for_links()
            url = await storage.presigned_url(name, LINK_EXPIRES)
        except StorageCheckError as exc:
            self.link_failed.emit(name, f"{exc.sentence} {exc.next_step}")
            return
        self.link_ready.emit(name, url)

    def _on_task_crash(self, _task: asyncio.Task[Any], exc: BaseException) -> None:
        self._fail(
            StorageCheckError(
                "failed",
                f"The file check stopped on an unexpected error ({type(exc).__name__}).",
                "Check again; if it keeps failing, look at the files in the storage's console.",
            )
        )


def row_cells(row: FileRow | None) -> tuple[str, str, str, str]:
    """(present, size, length, check) for a table: "" where the check has not said."""
    if row is None:
        return ("", "", "", "")
    present = "present" if row.present else "missing"
    size = _size(row.size) if row.size is not None else ""
    length = format_duration(row.duration) if row.duration is not None else ""
    if row.problem:
        verdict = row.problem
    elif row.playable:
        verdict = "playable"
        if row.is_playlist:
            verdict += f", {row.segments} segment{'s' if row.segments != 1 else ''}"
    else:
        verdict = "present"
    return (present, size, length, verdict)


def _size(n: int) -> str:
    """``812 B``, ``1.5 KB``, ``3.2 MB``, ``1.1 GB``."""
    value = float(n)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
