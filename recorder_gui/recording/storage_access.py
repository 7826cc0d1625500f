"""Where a recording's files are, and the keys to look at them (issue 12).

The place (vendor, region, bucket, endpoint) is the one the recording was started with, read
from its start config; after a restart, when the start config is gone, the profile's storage
settings stand in. The key pair always comes from the recording's profile in the keyring, never
from a file. Keyring reads can block (D-Bus), so callers run :func:`storage_target` in a worker
thread (``checked_files`` does).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from recorder_gui.files import FilesReport, Storage, StorageCheckError, StorageTarget, check_files
from recorder_gui.store import (
    CredentialError,
    CredentialStore,
    MissingSecretError,
    Profile,
    SecretField,
)

from .events import EventKind
from .session import RecordingSession

__all__ = [
    "FilesToCheck",
    "checked_files",
    "files_to_check",
    "ran_seconds",
    "storage_target",
]

#: How the keyring's fields read in a sentence.
_KEY_WORDS = {
    SecretField.STORAGE_ACCESS_KEY: "storage access key",
    SecretField.STORAGE_SECRET_KEY: "storage secret key",
}


@dataclass(frozen=True, slots=True)
class FilesToCheck:
    """The object names to look for, and what they are measured against."""

    names: tuple[str, ...]
    predicted: bool  #: names made by the naming rules: nothing the service listed
    live: bool  #: the recording still runs (its playlists are not closed yet)
    recording_seconds: float | None


def files_to_check(session: RecordingSession, *, now: float | None = None) -> FilesToCheck:
    """What to check: the stop's list (or its predicted names), or the files listed so far."""
    outcome = session.stop_outcome
    started = session.started_at
    if outcome is not None:
        names = outcome.files or tuple(f.name for f in outcome.predicted_files)
        return FilesToCheck(tuple(names), not outcome.files, False, ran_seconds(session))
    names = session.snapshot.files or tuple(f.name for f in session.predicted_files)
    seconds = session.snapshot.elapsed_seconds
    if seconds is None and started is not None and now is not None:
        seconds = max(0.0, now - started)
    return FilesToCheck(tuple(names), not session.snapshot.files, True, seconds)


def ran_seconds(session: RecordingSession) -> float | None:
    """From start to the final state, for an ended recording (None while it runs)."""
    started = session.started_at
    ended = [e.at for e in session.events_seen if e.kind is EventKind.STATE and e.state.is_final]
    return max(0.0, ended[-1] - started) if ended and started else None


def storage_target(
    session: RecordingSession, profile: Profile | None, credentials: CredentialStore
) -> StorageTarget:
    """The bucket this recording went to, with its profile's keys (blocking: keyring)."""
    name = session.record.profile
    config = session.start_config.storage_config if session.start_config else None
    if config is not None:
        params = config.extension_params
        vendor, region, bucket = config.vendor, config.region, config.bucket
        endpoint = params.endpoint if params else None
    elif profile is not None:
        vendor, region = profile.storage.vendor, profile.storage.region
        bucket, endpoint = profile.storage.bucket, profile.storage.extension.endpoint
    else:
        raise StorageCheckError(
            "settings",
            "The panel does not know where this recording's files are: it was picked up after "
            f"a restart and its profile {name!r} is not there any more.",
            "Check the files in the storage's own console.",
        )
    if not name:
        raise StorageCheckError(
            "settings",
            "This recording has no profile, so the panel has no storage keys to look with.",
            "Check the files in the storage's own console.",
        )
    try:
        access = credentials.get(name, SecretField.STORAGE_ACCESS_KEY)
        secret = credentials.get(name, SecretField.STORAGE_SECRET_KEY)
        sts = credentials.get_optional(name, SecretField.STORAGE_STS_TOKEN)
    except MissingSecretError as exc:
        raise StorageCheckError(
            "settings",
            f"The profile {name!r} has no {_KEY_WORDS.get(exc.field, exc.field.label)} in the "
            "keyring, so the panel cannot look into the bucket.",
            "Open “Edit profile…”, enter the storage keys, then check again.",
        ) from None
    except CredentialError:
        raise StorageCheckError(
            "settings",
            "The keyring could not be read for the storage keys.",
            "Unlock the system keyring, then check again.",
        ) from None
    return StorageTarget(
        vendor=vendor,
        region=region,
        bucket=bucket,
        access_key=access,
        secret_key=secret,
        endpoint=endpoint,
        sts_token=sts,
    )


async def checked_files(
    target: Callable[[], StorageTarget],
    wanted: FilesToCheck,
    *,
    deadline: float = 10.0,
) -> tuple[Storage, FilesReport]:
    """Build the target off the event loop (keyring), then check every file in ``wanted``."""
    made = await asyncio.to_thread(target)
    storage = Storage(made, timeout=deadline)
    report = await check_files(
        storage,
        list(wanted.names),
        recording_seconds=wanted.recording_seconds,
        live=wanted.live,
    )
    return storage, report
