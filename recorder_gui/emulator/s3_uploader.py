"""Puts recorded objects into S3-compatible storage, off the request path.

One daemon thread, started on the first ``submit``, takes jobs from a queue in order (a segment
before the playlist that names it) and PUTs each with boto3, imported there and only then: a
run without S3-compatible storage never loads it. ``submit`` never blocks, so a slow or refusing
storage cannot slow an API call. A failed PUT is reported once per task to ``on_failure``
(the emulator then treats the storage as refusing, like the service does).
"""

from __future__ import annotations

import importlib
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

log = logging.getLogger(__name__)

#: Upload outcomes kept for inspection (oldest dropped first).
OUTCOME_LIMIT = 20_000
DEFAULT_TIMEOUT = 5.0
S3_COMPATIBLE = 11


@dataclass(frozen=True)
class S3Target:
    """Where a task's files go: the endpoint, the bucket and the key pair of its storageConfig."""

    endpoint: str
    bucket: str
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)


def s3_target(storage: dict[str, Any]) -> S3Target | None:
    """The S3 target of a storageConfig: vendor 11 with ``extensionParams.endpoint``, else None."""
    if storage.get("vendor") != S3_COMPATIBLE:
        return None
    ext = storage.get("extensionParams")
    endpoint = ext.get("endpoint") if isinstance(ext, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return None
    if "://" not in endpoint:
        endpoint = "https://" + endpoint
    return S3Target(
        endpoint=endpoint,
        bucket=str(storage.get("bucket", "")),
        access_key=str(storage.get("accessKey", "")),
        secret_key=str(storage.get("secretKey", "")),
    )


@dataclass(frozen=True)
class Upload:
    """One object to put: ``body`` None means the object is dropped (never sent)."""

    sid: str
    target: S3Target
    key: str
    body: bytes | None
    content_type: str = "application/octet-stream"


@dataclass
class Outcome:
    """What became of one upload: ``state`` uploaded, failed, dropped (a fault) or abandoned
    (the uploader closed first)."""

    sid: str
    key: str
    state: str
    error: str | None = None

    def view(self) -> dict[str, Any]:
        return asdict(self)


class S3Uploader:
    """``submit`` uploads; ``wait_idle`` waits for the queue; ``close`` stops the thread."""

    def __init__(
        self,
        on_failure: Callable[[str, str], None] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.timeout = timeout
        self._on_failure = on_failure
        self._queue: queue.Queue[Upload | None] = queue.Queue()
        self._lock = threading.Condition()
        self._pending = 0
        self._closed = False
        self._thread: threading.Thread | None = None
        self._outcomes: deque[Outcome] = deque(maxlen=OUTCOME_LIMIT)
        self._failed_sids: set[str] = set()
        self._clients: dict[S3Target, Any] = {}

    def submit(self, upload: Upload) -> None:
        """Queue ``upload`` (thread-safe, never blocks); ignored once closed."""
        with self._lock:
            if self._closed:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="recorder-gui-s3-upload", daemon=True
                )
                self._thread.start()
            self._pending += 1
        self._queue.put(upload)

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted upload is done; False when ``timeout`` ran out first."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending == 0, timeout)

    def outcomes(self, sid: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [o.view() for o in self._outcomes if sid is None or o.sid == sid]

    def close(self) -> None:
        """Stop: what is still queued is abandoned; joins the thread (bounded by the timeout)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        self._queue.put(None)
        if thread is not None:
            thread.join(self.timeout * 2)

    # -- the worker thread --------------------------------------------------------------
    def _run(self) -> None:
        while True:
            upload = self._queue.get()
            if upload is None:
                break
            with self._lock:
                closed = self._closed
            outcome = Outcome(upload.sid, upload.key, "abandoned") if closed else self._put(upload)
            failed = outcome.state == "failed"
            with self._lock:
                self._outcomes.append(outcome)
                self._pending -= 1
                first_failure = failed and upload.sid not in self._failed_sids
                if failed:
                    self._failed_sids.add(upload.sid)
                self._lock.notify_all()
            if first_failure and self._on_failure is not None and outcome.error is not None:
                try:
                    self._on_failure(upload.sid, outcome.error)
                except Exception:  # the emulator's own bug must not kill the uploads
                    log.exception("emulator: handling a failed upload failed")
        with self._lock:  # abandon what came after the sentinel
            while not self._queue.empty():
                left = self._queue.get_nowait()
                if left is not None:
                    self._outcomes.append(Outcome(left.sid, left.key, "abandoned"))
                    self._pending -= 1
            self._lock.notify_all()

    def _put(self, upload: Upload) -> Outcome:
        if upload.body is None:
            return Outcome(upload.sid, upload.key, "dropped")
        try:
            client = self._client(upload.target)
            client.put_object(
                Bucket=upload.target.bucket,
                Key=upload.key,
                Body=upload.body,
                ContentType=upload.content_type,
            )
        except Exception as exc:  # any failure of the storage is an outcome, not a crash
            why = f"{type(exc).__name__}: {exc}"
            log.warning("emulator: upload of %s failed: %s", upload.key, why)
            return Outcome(upload.sid, upload.key, "failed", why)
        return Outcome(upload.sid, upload.key, "uploaded")

    def _client(self, target: S3Target) -> Any:
        client = self._clients.get(target)
        if client is None:
            # Imported here, in the worker: only a run with S3-compatible storage pays for it.
            boto3 = importlib.import_module("boto3")
            botocore_config = importlib.import_module("botocore.config")
            config = botocore_config.Config(
                connect_timeout=self.timeout,
                read_timeout=self.timeout,
                retries={"max_attempts": 1, "mode": "standard"},
                s3={"addressing_style": "path"},
            )
            client = boto3.session.Session().client(
                "s3",
                endpoint_url=target.endpoint,
                aws_access_key_id=target.access_key,
                aws_secret_access_key=target.secret_key,
                region_name="us-east-1",
                config=config,
            )
            self._clients[target] = client
        return client
