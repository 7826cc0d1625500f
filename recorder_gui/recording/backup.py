"""A backup recorder in another region (docs/api-notes.md, "Backup recorder in another region").

A second task on the same channel, in the same mode and with the same settings, but with its
own bot uid (one the channel and this panel do not use), its own bot token, files under the
extra prefix folder ``backup`` (so it never overwrites the primary's), and an acquire whose
``excludeResourceIds`` names the primary's resource ID, so the service runs it in another
region. :func:`plan_backup` checks the primary and builds what the backup sends, or raises
:class:`BackupRefused` with a plain sentence; :class:`~.manager.SessionManager` makes the
session (``add_backup``) and stops a pair together (``stop_pair``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr, ValidationError

from recorder_gui.api.identifiers import Mode, uid_problem
from recorder_gui.api.request_models import AcquireConfig, StartConfig
from recorder_gui.tokens import MAX_PLANNED_SECONDS, TokenFormatError, bot_token_for, parse_token

from .events import SessionState
from .limits import RunLimits
from .start_flow import suggest_uid

#: The extra folder a backup's files go in (a fileNamePrefix segment: letters and digits only).
BACKUP_FOLDER = "backup"
#: A backup added near the end of the plan still gets at least this long (and its token too).
MIN_BACKUP_SECONDS = 10 * 60


class BackupRefused(Exception):
    """A backup cannot be added: ``sentence`` says why, ``next_step`` what to do."""

    def __init__(self, sentence: str, next_step: str = "") -> None:
        super().__init__(f"{sentence} {next_step}".strip())
        self.sentence = sentence
        self.next_step = next_step


class Primary(Protocol):
    """What planning a backup reads of the recording it backs up."""

    @property
    def key(self) -> str: ...
    @property
    def app_id(self) -> str: ...
    @property
    def cname(self) -> str: ...
    @property
    def uid(self) -> str: ...
    @property
    def mode(self) -> Mode: ...
    @property
    def state(self) -> SessionState: ...
    @property
    def resource_id(self) -> str | None: ...
    @property
    def started_at(self) -> float | None: ...
    @property
    def backup_of(self) -> str: ...

    start_config: StartConfig | None
    acquire_config: AcquireConfig | None
    limits: RunLimits | None

    def taken_uids(self) -> set[str]: ...


@dataclass(frozen=True)
class BackupPlan:
    """What the backup session is made with."""

    uid: str
    start_config: StartConfig
    acquire_config: AcquireConfig
    limits: RunLimits


def backup_problem(primary: Primary, live_backups: Iterable[Primary] = ()) -> str | None:
    """Why ``primary`` cannot get a backup now (None: it can). One plain sentence."""
    if primary.backup_of:
        return "This recording is itself a backup: add a backup to its primary instead."
    if primary.state is not SessionState.RECORDING:
        return "A backup can be added only while the recording runs (ON AIR)."
    if primary.resource_id is None:
        return "The recording's resource ID is unknown, so the service cannot be told to avoid it."
    if primary.start_config is None:
        return (
            "This recording was taken over after a restart and its settings are not kept "
            "(the journal holds no secrets): start the backup from the start form instead."
        )
    backup = next(iter(live_backups), None)
    if backup is not None:
        return f"It already has a backup (bot uid {backup.uid})."
    return None


def backup_seconds(primary: Primary, now: float) -> int:
    """How long the backup is planned for: the rest of the primary's plan (at least
    ``MIN_BACKUP_SECONDS``, at most what one bot token covers)."""
    limits, started = primary.limits, primary.started_at
    if limits is None or started is None:
        return MAX_PLANNED_SECONDS
    left = int(started + limits.planned_seconds - now)
    return min(MAX_PLANNED_SECONDS, max(MIN_BACKUP_SECONDS, left))


def plan_backup(
    primary: Primary,
    *,
    now: float,
    certificate: str | None = None,
    uid: str | None = None,
    live_backups: Iterable[Primary] = (),
) -> BackupPlan:
    """The backup of ``primary``: a free bot uid, its token (built with the App
    ``certificate`` when the primary's start carried one), the copied settings with files
    under ``backup/``, and acquire with ``excludeResourceIds`` = the primary's resource ID."""
    problem = backup_problem(primary, live_backups)
    if problem is not None:
        raise BackupRefused(problem)
    assert primary.start_config is not None
    assert primary.resource_id is not None
    taken = primary.taken_uids()
    if uid is None:
        uid = suggest_uid(taken, primary.uid)
    elif (why := uid_problem(uid)) is not None:
        raise BackupRefused(f"Bot uid {why}.", "Choose another bot uid for the backup.")
    elif uid in taken:
        raise BackupRefused(
            f"Bot uid {uid} is already in the channel or used by a recording of this panel.",
            f"Use {suggest_uid(taken, uid)}.",
        )
    seconds = backup_seconds(primary, now)
    config = _start_config(primary.start_config, primary, uid, seconds, certificate)
    limits = primary.limits
    token = config.token.get_secret_value() if config.token is not None else None
    return BackupPlan(
        uid=uid,
        start_config=config,
        acquire_config=_acquire_config(primary.acquire_config, primary.resource_id, config),
        limits=RunLimits(
            planned_seconds=seconds,
            token_valid_until=_valid_until(token),
            web_max_hours=limits.web_max_hours if limits is not None else None,
            sts_token=config.storage_config.sts_token is not None,
        ),
    )


def _start_config(
    source: StartConfig, primary: Primary, uid: str, seconds: int, certificate: str | None
) -> StartConfig:
    config = source.model_copy(deep=True)  # the primary's settings are never touched
    storage = config.storage_config
    try:
        storage.file_name_prefix = [*(storage.file_name_prefix or []), BACKUP_FOLDER]
    except ValidationError:
        raise BackupRefused(
            "The storage file name prefix is too long to add the folder 'backup' (at most "
            "128 characters with its slashes).",
            "Shorten the profile's file name prefix for the next recording.",
        ) from None
    if source.token is not None:
        if not certificate:
            raise BackupRefused(
                f"The recording's bot token is for bot uid {primary.uid} only, and the "
                "profile has no App Certificate to make one for the backup's bot.",
                "Enter the App Certificate in the profile, or start the backup from the start "
                "form with a token for its bot uid.",
            )
        try:
            token = bot_token_for(primary.app_id, certificate, primary.cname, uid, seconds)
        except ValueError as exc:
            raise BackupRefused(f"The backup's bot token could not be built: {exc}") from None
        config.token = SecretStr(token)
    return config


def _acquire_config(
    source: AcquireConfig | None, resource_id: str, start: StartConfig
) -> AcquireConfig:
    config = (source or AcquireConfig()).model_copy(deep=True)
    config.exclude_resource_ids = [*(config.exclude_resource_ids or []), resource_id]
    if config.start_parameter is not None:  # must agree with the backup's own start body
        config.start_parameter = start
    return config


def _valid_until(token: str | None) -> float | None:
    if token is None:
        return None
    try:
        return float(parse_token(token).valid_until)
    except TokenFormatError:
        return None
