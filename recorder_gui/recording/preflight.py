"""Pre-flight: turn a profile, its secrets and the start form into a start body, or refuse.

Runs before acquire and lists every problem in plain words: invalid settings, a missing
secret, a bad or too short bot token, a storage pair the service does not know, a bot uid
already in the channel; an empty channel is a warning (the recorder would leave after
``maxIdleTime``). Nothing here talks to the network; the channel list is passed in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from pydantic import ValidationError

from recorder_gui.api import (
    ExtensionServiceConfig,
    Mode,
    RecordingConfig,
    RecordingFileConfig,
    StartConfig,
    StorageConfig,
    StorageExtensionParams,
    TranscodingConfig,
    WebRecorderConfig,
    parse_mode,
)
from recorder_gui.api.identifiers import cname_problem, uid_problem
from recorder_gui.api.results import ChannelUsers
from recorder_gui.store import CredentialStore, MissingSecretError, Profile, SecretField
from recorder_gui.tokens import (
    MAX_PLANNED_SECONDS,
    TokenFormatError,
    bot_token_for,
    parse_token,
    token_problem,
)

from .limits import RunLimits, length, sts_note
from .preflight_words import pydantic_sentences

#: The shortest plan (1 minute) and the longest (web maxRecordingHour's top, 720 h).
MIN_PLANNED_SECONDS = 60
MAX_WEB_PLANNED_SECONDS = 720 * 3600

#: uids per subscribeUidGroup value (docs/api-notes.md, "start"): group -> most uids it covers.
_UID_GROUPS = ((0, 2), (1, 7), (2, 12), (3, 17), (4, 32), (5, 49))


def uid_group_for(count: int) -> int:
    """The smallest ``subscribeUidGroup`` that covers ``count`` subscribed uids."""
    for group, most in _UID_GROUPS:
        if count <= most:
            return group
    return 5


@dataclass(frozen=True)
class StartPlan:
    """What the start form collects; defaults come from the profile (:meth:`from_profile`)."""

    cname: str
    bot_uid: str
    mode: str = "mix"
    planned_seconds: int = 4 * 3600
    max_idle_time: int = 300
    channel_type: int = 0
    stream_types: int = 2
    av_file_type: tuple[str, ...] = ("hls",)
    # mix
    width: int = 1280
    height: int = 720
    fps: int = 15
    bitrate: int = 1130
    mixed_video_layout: int = 0
    audio_profile: int = 0
    background_color: str = "#000000"
    # subscription lists (None = everyone)
    subscribe_audio_uids: tuple[str, ...] | None = None
    unsubscribe_audio_uids: tuple[str, ...] | None = None
    subscribe_video_uids: tuple[str, ...] | None = None
    unsubscribe_video_uids: tuple[str, ...] | None = None
    # individual
    stream_mode: str | None = None
    expected_uids: int = 2
    # web
    web_url: str = ""
    web_width: int = 1280
    web_height: int = 720
    token: str | None = None  #: a token pasted by hand (else built from the certificate)
    #: The producer said yes to a whitelist for only audio or only video (the other type is
    #: then not recorded at all: docs/api-notes.md, "start").
    one_sided_confirmed: bool = False
    #: The producer said yes to a channel name close to one the panel records already.
    channel_confirmed: bool = False

    @classmethod
    def from_profile(cls, profile: Profile, cname: str, **overrides: object) -> StartPlan:
        rec = profile.recording
        tc = rec.transcoding
        plan = cls(
            cname=cname,
            bot_uid=profile.bot_uid,
            mode=profile.mode.value,
            max_idle_time=rec.max_idle_time,
            planned_seconds=rec.planned_minutes * 60,
            channel_type=rec.channel_type,
            stream_types=rec.stream_types,
            av_file_type=tuple(rec.av_file_type),
            width=tc.width,
            height=tc.height,
            fps=tc.fps,
            bitrate=tc.bitrate,
            mixed_video_layout=tc.mixed_video_layout,
            audio_profile=rec.audio_profile,
            background_color=tc.background_color,
            stream_mode=rec.stream_mode,
        )
        return replace(plan, **overrides)  # type: ignore[arg-type]


@dataclass
class PreflightResult:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    config: StartConfig | None = None
    token_built: bool = False
    limits: RunLimits | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.config is not None


def _secret(
    store: CredentialStore, profile: str, which: SecretField, problems: list[str]
) -> str | None:
    try:
        return store.get(profile, which)
    except MissingSecretError:
        problems.append(
            f"The profile '{profile}' has no {which.label}: open the profile and enter it."
        )
        return None


def _storage(profile: Profile, store: CredentialStore, problems: list[str]) -> StorageConfig | None:
    access = _secret(store, profile.name, SecretField.STORAGE_ACCESS_KEY, problems)
    secret = _secret(store, profile.name, SecretField.STORAGE_SECRET_KEY, problems)
    if access is None or secret is None:
        return None
    ext = profile.storage.extension
    params = (
        StorageExtensionParams(sse=ext.sse, tag=ext.tag, endpoint=ext.endpoint)
        if (ext.sse or ext.tag or ext.endpoint)
        else None
    )
    try:
        return StorageConfig(
            vendor=profile.storage.vendor,
            region=profile.storage.region,
            bucket=profile.storage.bucket,
            access_key=access,
            secret_key=secret,
            sts_token=store.get_optional(profile.name, SecretField.STORAGE_STS_TOKEN),
            file_name_prefix=list(profile.storage.file_name_prefix) or None,
            extension_params=params,
        )
    except ValidationError as exc:
        problems.extend(pydantic_sentences(exc, "Storage"))
        return None


def _recording(plan: StartPlan, mode: Mode) -> RecordingConfig:
    def lst(values: tuple[str, ...] | None) -> list[str] | None:
        return None if values is None else list(values)

    transcoding = None
    if mode is Mode.MIX:
        transcoding = TranscodingConfig(
            width=plan.width,
            height=plan.height,
            fps=plan.fps,
            bitrate=plan.bitrate,
            mixed_video_layout=plan.mixed_video_layout,
            background_color=plan.background_color,
        )
    return RecordingConfig.model_validate(
        {
            "channel_type": plan.channel_type,
            "stream_types": plan.stream_types,
            "stream_mode": plan.stream_mode
            if mode is Mode.INDIVIDUAL and plan.stream_mode not in (None, "default")
            else None,
            "audio_profile": plan.audio_profile if mode is Mode.MIX else None,
            "max_idle_time": plan.max_idle_time,
            "subscribe_audio_uids": lst(plan.subscribe_audio_uids),
            "unsubscribe_audio_uids": lst(plan.unsubscribe_audio_uids),
            "subscribe_video_uids": lst(plan.subscribe_video_uids),
            "unsubscribe_video_uids": lst(plan.unsubscribe_video_uids),
            "subscribe_uid_group": uid_group_for(plan.expected_uids)
            if mode.is_individual
            else None,
            "transcoding_config": transcoding,
        }
    )


def _token(
    plan: StartPlan, profile: Profile, store: CredentialStore, now: float, result: PreflightResult
) -> str | None:
    certificate = store.get_optional(profile.name, SecretField.APP_CERTIFICATE)
    token = plan.token
    if token is None and certificate:
        if plan.planned_seconds > MAX_PLANNED_SECONDS:
            result.problems.append(
                f"Planned length: {length(plan.planned_seconds)} is too long for one "
                "recording. The bot's token lasts at most 24 hours and the service cannot "
                "renew it, so plan at most 23 h 55 min and start a second recording (another "
                "bot uid) for the rest."
            )
            return None
        try:
            token = bot_token_for(
                profile.app_id, certificate, plan.cname, plan.bot_uid, plan.planned_seconds
            )
        except ValueError as exc:
            result.problems.append(f"The bot token could not be built: {exc}")
            return None
        result.token_built = True
    if token is None:
        return None
    problem = token_problem(
        token,
        app_id=profile.app_id,
        app_certificate=certificate or None,
        channel=plan.cname,
        uid=plan.bot_uid,
        planned_seconds=plan.planned_seconds,
        now=int(now),
    )
    if problem:
        result.problems.append(problem)
    return token


def one_sided_list(plan: StartPlan) -> str | None:
    """The media type that would not be recorded at all: a uid list is set for only the
    other one (docs/api-notes.md, "start"). None when both or neither are set, or
    when the recording takes only one type anyway (``stream_types`` 0 or 1)."""
    if plan.stream_types != 2 or plan.mode == "web":
        return None
    audio = plan.subscribe_audio_uids is not None or plan.unsubscribe_audio_uids is not None
    video = plan.subscribe_video_uids is not None or plan.unsubscribe_video_uids is not None
    if audio and not video:
        return "video"
    if video and not audio:
        return "audio"
    return None


def one_sided_sentence(plan: StartPlan) -> str | None:
    missing = one_sided_list(plan)
    if missing is None:
        return None
    other = "audio" if missing == "video" else "video"
    return (
        f"Only {other} is limited to chosen uids, so {missing} from nobody will be recorded "
        f"(the service subscribes no {missing} when only the {other} list is set). Fill "
        f"'{missing.capitalize()} from' too, or confirm that you want no {missing}."
    )


def _planned_problem(plan: StartPlan, mode: Mode) -> str | None:
    planned = plan.planned_seconds
    if planned < MIN_PLANNED_SECONDS:
        return "Planned length: plan at least 1 minute."
    if mode is Mode.WEB and planned > MAX_WEB_PLANNED_SECONDS:
        return (
            "Planned length: a web recording runs at most 720 hours (maxRecordingHour); "
            f"{length(planned)} is longer. Split the show into several recordings."
        )
    return None


def _limits(plan: StartPlan, mode: Mode, token: str | None, sts: bool) -> RunLimits:
    valid_until: float | None = None
    if token is not None:
        try:
            valid_until = float(parse_token(token).valid_until)
        except TokenFormatError:
            valid_until = None  # already a problem of its own
    return RunLimits(
        planned_seconds=plan.planned_seconds,
        token_valid_until=valid_until,
        web_max_hours=_web_hours(plan) if mode is Mode.WEB else None,
        sts_token=sts,
    )


def _web_hours(plan: StartPlan) -> int:
    """maxRecordingHour that covers the plan: whole hours, rounded up, 1..720."""
    return min(720, max(1, -(-plan.planned_seconds // 3600)))


def preflight(
    plan: StartPlan,
    profile: Profile,
    store: CredentialStore,
    *,
    channel: ChannelUsers | None = None,
    now: float | None = None,
) -> PreflightResult:
    """Check everything that can be checked before acquire; build the start body if valid."""
    result = PreflightResult()
    problems = result.problems
    try:
        mode = parse_mode(plan.mode)
    except ValueError as exc:
        problems.append(f"Mode: {exc}.")
        return result
    if (p := cname_problem(plan.cname, mode)) is not None:
        problems.append(f"Channel name {p}.")
    if (p := uid_problem(plan.bot_uid)) is not None:
        problems.append(f"Bot uid {p}.")
    if (p := _planned_problem(plan, mode)) is not None:
        problems.append(p)
        return result
    if not plan.one_sided_confirmed and (p := one_sided_sentence(plan)) is not None:
        problems.append(p)
    _secret(store, profile.name, SecretField.CUSTOMER_ID, problems)
    _secret(store, profile.name, SecretField.CUSTOMER_SECRET, problems)
    storage = _storage(profile, store, problems)
    token = None if mode is Mode.WEB else _token(plan, profile, store, now or time.time(), result)
    recording = files = extension = None
    try:
        if mode is Mode.WEB:
            extension = ExtensionServiceConfig(
                web_recorder=WebRecorderConfig(
                    url=plan.web_url,
                    video_width=plan.web_width,
                    video_height=plan.web_height,
                    max_recording_hour=_web_hours(plan),
                )
            )
        else:
            recording = _recording(plan, mode)
        files = RecordingFileConfig(av_file_type=list(plan.av_file_type))
    except ValidationError as exc:
        problems.extend(pydantic_sentences(exc, "Settings"))
    if channel is not None and mode is not Mode.WEB:
        if plan.bot_uid.isdecimal() and int(plan.bot_uid) in (
            set(channel.users) | set(channel.broadcasters) | set(channel.audience)
        ):
            problems.append(
                f"Bot uid {plan.bot_uid} is already used by someone in the channel: choose "
                "another bot uid."
            )
        if channel.counts_as_idle:
            who = "no host" if channel.is_live_broadcast else "nobody"
            result.warnings.append(
                f"There is {who} in channel '{plan.cname}' right now: the recorder will leave "
                f"after {plan.max_idle_time} s unless someone joins."
            )
    if storage is None or problems:
        return result
    try:
        config = StartConfig(
            token=token,
            recording_config=recording,
            recording_file_config=files,
            storage_config=storage,
            extension_service_config=extension,
        )
    except ValidationError as exc:
        problems.extend(pydantic_sentences(exc, "Settings"))
        return result
    for problem in config.problems(mode):
        problems.append(f"{problem.field}: {problem.rule}.")
    if not problems:
        result.config = config
        sts = storage.sts_token is not None
        result.limits = _limits(plan, mode, token, sts)
        if sts and (note := sts_note(plan.planned_seconds)) is not None:
            result.warnings.append(note)
    return result
