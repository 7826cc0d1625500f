"""The planned length sets the bot token's lifetime and web maxRecordingHour, or is refused."""

from __future__ import annotations

import time

import pytest

from recorder_gui.recording.limits import (
    LIMIT_SLACK,
    LimitKind,
    RunLimits,
    ended_at_limit,
    likely_cause,
    limit_warning,
    sts_note,
)
from recorder_gui.recording.preflight import StartPlan, one_sided_list, preflight
from recorder_gui.store import CredentialStore, Profile, SecretField
from recorder_gui.tokens import Privilege, Service, parse_token

from .show_profile import CERT, show_profile, show_store

HOUR = 3600


@pytest.fixture
def store() -> CredentialStore:
    return show_store(certificate=CERT)


@pytest.fixture
def profile() -> Profile:
    return show_profile(recording={"planned_minutes": 150})


def test_the_profile_default_is_the_plan(profile: Profile) -> None:
    assert StartPlan.from_profile(profile, "show").planned_seconds == 150 * 60


def test_a_ten_hour_plan_gets_a_token_whose_join_lasts_ten_hours(
    profile: Profile, store: CredentialStore
) -> None:
    now = time.time()
    plan = StartPlan.from_profile(profile, "show", planned_seconds=10 * HOUR)
    result = preflight(plan, profile, store, now=now)
    assert result.ok, result.problems
    assert result.config is not None and result.config.token is not None
    parsed = parse_token(result.config.token.get_secret_value(), app_certificate=CERT)
    assert parsed.signature_valid
    join = parsed.services[Service.RTC][Privilege.JOIN_CHANNEL]
    assert join >= 10 * HOUR
    assert parsed.valid_until - now >= 10 * HOUR
    assert result.limits is not None
    assert result.limits.planned_seconds == 10 * HOUR
    assert result.limits.token_valid_until == parsed.valid_until
    assert result.limits.web_max_hours is None


def test_a_ten_hour_web_plan_gets_max_recording_hour_ten(
    profile: Profile, store: CredentialStore
) -> None:
    plan = StartPlan.from_profile(
        profile, "show", mode="web", web_url="https://example.com/show", planned_seconds=10 * HOUR
    )
    result = preflight(plan, profile, store)
    assert result.ok, result.problems
    assert result.config is not None
    wire = result.config.to_wire()
    service = wire["extensionServiceConfig"]["extensionServices"][0]
    assert service["serviceParam"]["maxRecordingHour"] == 10
    assert result.limits is not None and result.limits.web_max_hours == 10
    assert result.limits.token_valid_until is None  # web needs no token


@pytest.mark.parametrize(
    ("mode", "seconds", "expected", "certificate"),
    [
        ("mix", 24 * HOUR, "The bot's token lasts at most 24 hours", True),
        ("individual", 30 * HOUR, "cannot renew it", True),
        ("mix", 30, "plan at least 1 minute", True),
        ("web", 721 * HOUR, "at most 720 hours", False),
    ],
)
def test_plans_the_service_cannot_cover_are_refused_with_why(
    profile: Profile,
    store: CredentialStore,
    mode: str,
    seconds: int,
    expected: str,
    certificate: bool,
) -> None:
    if not certificate:
        store.delete("show", SecretField.APP_CERTIFICATE)
    plan = StartPlan.from_profile(
        profile, "show", mode=mode, web_url="https://example.com/", planned_seconds=seconds
    )
    result = preflight(plan, profile, store)
    assert not result.ok
    assert any(expected in p for p in result.problems), result.problems


def test_without_a_certificate_a_long_plan_needs_no_token(
    profile: Profile, store: CredentialStore
) -> None:
    store.delete("show", SecretField.APP_CERTIFICATE)
    plan = StartPlan.from_profile(profile, "show", planned_seconds=30 * HOUR)
    result = preflight(plan, profile, store)
    assert result.ok, result.problems
    assert result.limits is not None and result.limits.token_valid_until is None


@pytest.mark.parametrize(
    ("audio", "video", "stream_types", "missing"),
    [
        (("1", "2"), None, 2, "video"),
        (None, ("3",), 2, "audio"),
        (("1",), ("3",), 2, None),
        (None, None, 2, None),
        (("1",), None, 0, None),  # audio only anyway
        (None, ("3",), 1, None),  # video only anyway
    ],
)
def test_one_sided_lists_are_found(
    profile: Profile,
    audio: tuple[str, ...] | None,
    video: tuple[str, ...] | None,
    stream_types: int,
    missing: str | None,
) -> None:
    plan = StartPlan.from_profile(
        profile,
        "show",
        subscribe_audio_uids=audio,
        subscribe_video_uids=video,
        stream_types=stream_types,
    )
    assert one_sided_list(plan) == missing


def test_a_one_sided_whitelist_is_refused_until_the_producer_says_yes(
    profile: Profile, store: CredentialStore
) -> None:
    plan = StartPlan.from_profile(profile, "show", subscribe_audio_uids=("1", "2"))
    refused = preflight(plan, profile, store)
    assert not refused.ok
    assert any("video from nobody will be recorded" in p for p in refused.problems)
    confirmed = preflight(
        StartPlan.from_profile(
            profile, "show", subscribe_audio_uids=("1", "2"), one_sided_confirmed=True
        ),
        profile,
        store,
    )
    assert confirmed.ok, confirmed.problems


def test_an_sts_token_profile_is_told_what_to_do_for_a_long_show(
    profile: Profile, store: CredentialStore
) -> None:
    store.set("show", SecretField.STORAGE_STS_TOKEN, "sts-temporary")
    long_show = preflight(
        StartPlan.from_profile(profile, "show", planned_seconds=3 * HOUR), profile, store
    )
    assert long_show.ok, long_show.problems
    assert any("STS token" in w and "60 minutes" in w for w in long_show.warnings)
    short = preflight(StartPlan.from_profile(profile, "show", planned_seconds=HOUR), profile, store)
    assert not any("STS" in w for w in short.warnings)
    assert sts_note(HOUR) is None


def test_the_hard_limit_is_the_first_of_token_and_web_hours() -> None:
    assert RunLimits(HOUR).hard_limit(1000.0) is None
    assert RunLimits(HOUR, token_valid_until=5000.0).hard_limit(1000.0) == (
        5000.0,
        LimitKind.TOKEN,
    )
    assert RunLimits(HOUR, web_max_hours=2).hard_limit(1000.0) == (
        1000.0 + 2 * HOUR,
        LimitKind.WEB_HOURS,
    )


@pytest.mark.parametrize(
    ("confirmed", "any_files", "lived", "token_used", "expected"),
    [
        (False, False, 10.0, True, "could not join (token)"),
        (False, False, 10.0, False, "add it to the profile"),
        (True, False, 40.0, True, "storage refused the upload (keys)"),
        (True, True, 40.0, True, ""),  # it recorded files: no guess
        (True, False, 3600.0, True, ""),  # long after start: no guess
    ],
)
def test_likely_cause_of_an_early_end(
    confirmed: bool, any_files: bool, lived: float, token_used: bool, expected: str
) -> None:
    cause = likely_cause(
        confirmed=confirmed, any_files=any_files, lived=lived, token_used=token_used
    )
    assert (expected in cause) if expected else cause == ""


def test_limit_sentences_name_the_limit_and_the_time() -> None:
    at = 1_800_000_000.0
    warning = limit_warning(LimitKind.TOKEN, at, at - 15 * 60)
    assert "token runs out in 15 min" in warning
    assert "web" in limit_warning(LimitKind.WEB_HOURS, at, at - 300)
    assert "token expired" in ended_at_limit(LimitKind.TOKEN, at)
    assert "maxRecordingHour" in ended_at_limit(LimitKind.WEB_HOURS, at)
    assert LIMIT_SLACK > 0
