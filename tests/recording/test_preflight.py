"""Pre-flight lists every problem in plain words and builds the start body when all is well."""

from __future__ import annotations

import pytest

from recorder_gui.api import ChannelUsers, Mode
from recorder_gui.recording.preflight import StartPlan, preflight, uid_group_for
from recorder_gui.store import CredentialStore, MemoryBackend, Profile, SecretField
from recorder_gui.tokens import Role, build_rtc_token, parse_token

from .show_profile import APP_ID, CERT, show_profile, show_store

NOW = 1_800_000_000


@pytest.fixture
def store() -> CredentialStore:
    return show_store()


@pytest.fixture
def profile() -> Profile:
    return show_profile()


def test_valid_mix_plan_builds_a_start_body(profile: Profile, store: CredentialStore) -> None:
    result = preflight(StartPlan.from_profile(profile, "demo"), profile, store, now=NOW)
    assert result.problems == []
    assert result.ok
    assert result.config is not None
    assert result.config.problems(Mode.MIX) == []
    wire = result.config.to_wire()
    assert wire["storageConfig"]["secretKey"] == "storage-secret"
    assert "token" not in wire  # no certificate, no token


def test_every_problem_is_listed(profile: Profile) -> None:
    empty = CredentialStore(backend=MemoryBackend())
    plan = StartPlan.from_profile(profile, "bad/name", bot_uid="0", fps=25)
    result = preflight(plan, profile, empty, now=NOW)
    text = "\n".join(result.problems)
    assert "Channel name contains characters" in text
    assert "Bot uid must be between 1 and" in text
    assert "has no Customer Secret" in text
    assert "has no storage secret key" in text
    assert "fps must be one of" in text
    assert not result.ok


def test_certificate_builds_a_token_for_the_bot(profile: Profile, store: CredentialStore) -> None:
    store.set("show", SecretField.APP_CERTIFICATE, CERT)
    plan = StartPlan.from_profile(profile, "demo", planned_seconds=3 * 3600)
    result = preflight(plan, profile, store)
    assert result.ok, result.problems
    assert result.token_built
    assert result.config is not None
    assert result.config.token is not None
    parsed = parse_token(result.config.token.get_secret_value(), app_certificate=CERT)
    assert parsed.channel == "demo"
    assert parsed.uid == profile.bot_uid
    assert parsed.signature_valid
    assert parsed.expire >= 3 * 3600


def test_long_plans_and_wrong_tokens_are_refused(profile: Profile, store: CredentialStore) -> None:
    store.set("show", SecretField.APP_CERTIFICATE, CERT)
    too_long = preflight(
        StartPlan.from_profile(profile, "demo", planned_seconds=25 * 3600), profile, store
    )
    assert "at most 24 hours" in too_long.problems[0]
    other_channel = build_rtc_token(
        APP_ID, CERT, "elsewhere", int(profile.bot_uid), Role.PUBLISHER, 7200, issue_ts=NOW
    )
    plan = StartPlan.from_profile(profile, "demo", token=other_channel, planned_seconds=3600)
    result = preflight(plan, profile, store, now=NOW + 10)
    assert any("channel" in p for p in result.problems), result.problems


def test_channel_checks(profile: Profile, store: CredentialStore) -> None:
    empty = ChannelUsers(channel_exists=False)
    result = preflight(StartPlan.from_profile(profile, "demo"), profile, store, channel=empty)
    assert result.ok
    assert "recorder will leave after 300 s" in result.warnings[0]
    busy = ChannelUsers(channel_exists=True, mode=1, users=[int(profile.bot_uid), 5])
    clash = preflight(StartPlan.from_profile(profile, "demo"), profile, store, channel=busy)
    assert "already used by someone in the channel" in clash.problems[0]


def test_individual_and_web_plans(profile: Profile, store: CredentialStore) -> None:
    ind = preflight(
        StartPlan.from_profile(profile, "demo", mode="individual", expected_uids=9),
        profile,
        store,
    )
    assert ind.ok, ind.problems
    assert ind.config is not None
    assert ind.config.recording_config is not None
    assert ind.config.recording_config.subscribe_uid_group == 2
    web = preflight(
        StartPlan.from_profile(profile, "demo", mode="web", web_url="https://example.com"),
        profile,
        store,
    )
    assert web.ok, web.problems
    bad_web = preflight(StartPlan.from_profile(profile, "demo", mode="web"), profile, store)
    assert any("Web page URL" in p for p in bad_web.problems)


@pytest.mark.parametrize(
    ("count", "group"),
    [(1, 0), (2, 0), (3, 1), (7, 1), (8, 2), (17, 3), (18, 4), (32, 4), (33, 5), (49, 5)],
)
def test_uid_groups(count: int, group: int) -> None:
    assert uid_group_for(count) == group
