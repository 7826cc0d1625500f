"""The bridge's cost words: a plan's estimate, a session's running cost as users come and go,
and the stop dialog's total, over a real RecordingSession on a virtual clock."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from recorder_gui.api.config_models import RecordingConfig, StorageConfig
from recorder_gui.api.identifiers import Mode
from recorder_gui.api.request_models import StartConfig
from recorder_gui.api.results import ChannelUsers
from recorder_gui.bridge import SessionBridge, StartPlan
from recorder_gui.bridge.cost_view import (
    Category,
    CostSettings,
    cost_settings,
    plan_cost,
    running_detail,
    running_line,
    stop_total,
    watch_for,
)
from recorder_gui.recording import Journal, RecordingSession, SessionState
from recorder_gui.recording.events import Note
from recorder_gui.recording.outcomes import Settle
from recorder_gui.recording.record import SessionRecord
from recorder_gui.recording.timers import VirtualTimer
from recorder_gui.store.paths import config_dir

STORAGE = StorageConfig(vendor=1, region=7, bucket="b", access_key="AK12", secret_key="SK12")


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.t = now

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def session_on(
    folder: Path, clock: Clock, *, config: StartConfig | None = None, mode: Mode = Mode.MIX
) -> RecordingSession:
    client = SimpleNamespace(app_id="0" * 32, domain="api.example.test")
    fields: dict[str, Any] = {
        "key": "k",
        "app_id": "0" * 32,
        "profile": "",
        "cname": "show",
        "uid": "42",
        "mode": mode,
        "state": SessionState.RECORDING,
        "sid": "sid1",
        "started_at": clock.now(),
    }
    return RecordingSession(  # type: ignore[arg-type]
        client=client,
        journal=Journal(folder / "j.sqlite3"),
        cname="show",
        uid="42",
        mode=mode.value,
        start_config=config,
        timer=VirtualTimer(clock),
        record=SessionRecord(**fields),
    )


def users(*uids: int) -> ChannelUsers:
    return ChannelUsers(channel_exists=True, mode=1, users=[42, *uids])  # 42: the bot


def test_the_settings_read_the_contract_file_in_the_config_dir() -> None:
    path = config_dir() / "prices.json"
    path.write_text('{"per_1000_minutes": {"hd": "3"}}')
    settings = CostSettings()
    assert settings.prices.per_thousand(Category.HD) == Decimal(3)
    assert settings.problem is None


def test_a_damaged_contract_file_is_said_and_list_prices_are_used() -> None:
    (config_dir() / "prices.json").write_text("{not json")
    settings = CostSettings()
    assert settings.prices.is_list
    assert settings.problem_text is not None
    assert "list prices are used" in settings.problem_text
    assert "Prices…" in settings.problem_text


def test_saving_and_resetting_the_contract(qapp: object) -> None:
    settings = CostSettings()
    heard: list[str] = []
    settings.changed.connect(lambda: heard.append("changed"))
    settings.save_contract({Category.HD: Decimal("4")})
    assert CostSettings(settings.path).prices.per_thousand(Category.HD) == Decimal(4)
    settings.reset_to_list()
    assert not settings.path.exists()
    assert heard == ["changed", "changed"]


def test_the_settings_are_shared_per_config_dir() -> None:
    assert cost_settings() is cost_settings()


def test_a_plan_of_four_720p_inputs_is_2k_and_says_why() -> None:
    settings = CostSettings()
    plan = StartPlan(cname="show", bot_uid="1", subscribe_video_uids=("1", "2", "3", "4"))
    view = plan_cost(plan, settings)
    assert view.tier == "2K"
    assert view.why == "4 inputs of 1280x720 = 3,686,400 pixels: 2K"
    assert view.per_hour == "$1.44 per hour"
    assert view.total == "$5.76 for 4 h 00 min"
    assert "Full HD" in view.lower
    assert not view.asks_everyone
    assert "list prices" in view.source


def test_a_plan_for_everyone_uses_the_producers_guess() -> None:
    settings = CostSettings()
    settings.set_everyone_inputs(3)
    view = plan_cost(StartPlan(cname="show", bot_uid="1"), settings)
    assert view.asks_everyone
    assert view.why.startswith("3 inputs of 1280x720")
    settings.set_everyone_inputs(1)
    assert plan_cost(StartPlan(cname="show", bot_uid="1"), settings).tier == "HD"


def test_an_audio_only_plan_is_audio() -> None:
    view = plan_cost(StartPlan(cname="show", bot_uid="1", stream_types=0), CostSettings())
    assert view.tier == "Audio"
    assert view.per_hour == "$0.09 per hour"


def test_a_web_plan_is_priced_by_its_page() -> None:
    plan = StartPlan(cname="", bot_uid="1", mode="web", web_width=1920, web_height=1080)
    view = plan_cost(plan, CostSettings())
    assert (view.tier, view.per_hour) == ("Web page Full HD", "$1.68 per hour")


def test_the_running_cost_follows_the_users_present(tmp_path: Path, qapp: object) -> None:
    clock = Clock()
    config = StartConfig(
        storage_config=STORAGE,
        recording_config=RecordingConfig(subscribe_video_uids=["1", "2", "3"]),
    )
    session = session_on(tmp_path, clock, config=config)
    bridge = SessionBridge(session, now=clock.now)
    try:
        watch = watch_for(bridge)
        assert watch is watch_for(session)
        session.observe_users(users(1, 2, 9), clock.now())  # 2 of the 3 listed send video
        clock.advance(30 * 60)
        assert running_line(bridge) == "Cost ≈ $0.40 so far · Full HD now"
        session.observe_users(users(9), clock.now())  # none of the listed: audio
        clock.advance(10 * 60)
        assert "Audio now" in running_line(bridge)
        detail = running_detail(bridge)
        assert "30 min Full HD $0.40, 10 min Audio $0.01" in detail
        assert "10,000 minutes" in detail
        session.apply(Settle(SessionState.STOPPED, Note("stopped")))
        clock.advance(60 * 60)  # after the end: nothing more
        total = stop_total(bridge)
        assert total.startswith("Estimated cost: $0.42 for 40 min (30 min Full HD $0.40")
        assert "first 10,000 minutes each month are free" in total
    finally:
        bridge.detach()
        watch_for(session).detach()


def test_users_not_seen_yet_count_as_planned(tmp_path: Path) -> None:
    clock = Clock()
    session = session_on(tmp_path, clock)  # reattached: no start body, everyone's video
    watch = watch_for(session)
    try:
        clock.advance(60)
        assert running_line(session).endswith("(users not seen yet: as planned)")
        assert watch.ledger.current is Category.FULL_HD  # the default guess: 2 inputs
    finally:
        watch.detach()


@pytest.mark.parametrize(("width", "category"), [(1280, "Web page HD"), (1920, "Web page Full HD")])
def test_a_web_session_is_billed_by_its_page(tmp_path: Path, width: int, category: str) -> None:
    from recorder_gui.api.config_models import ExtensionServiceConfig, WebRecorderConfig

    clock = Clock()
    web = WebRecorderConfig(
        url="https://example.com", video_width=width, video_height=720, max_recording_hour=2
    )
    config = StartConfig(
        storage_config=STORAGE, extension_service_config=ExtensionServiceConfig(web_recorder=web)
    )
    session = session_on(tmp_path, clock, config=config, mode=Mode.WEB)
    try:
        clock.advance(60)
        assert running_line(session).endswith(f"{category} now")
    finally:
        watch_for(session).detach()


def test_nothing_is_billed_before_the_start(tmp_path: Path) -> None:
    clock = Clock()
    session = session_on(tmp_path, clock)
    object.__setattr__(session, "_record", session.record.with_(started_at=None))
    try:
        assert running_line(session) == "Cost: nothing billed yet"
        assert stop_total(session).startswith("Estimated cost: $0.00 (nothing was billed).")
    finally:
        watch_for(session).detach()
