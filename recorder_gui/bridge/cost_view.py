"""The cost estimate for views: the shared price table, a plan's estimate, a session's running
cost and its total, all as display strings (docs/cost.md).

``CostSettings`` holds the prices in use (list prices, or the contract file in the config dir)
and the producer's assumptions (each input's size, how many inputs "everyone" means). A
session's running cost comes from a :class:`SessionCostWatch`, attached once per session by
:func:`watch_for`: it hears the session's events and feeds a Qt-free minute ledger.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from recorder_gui.cost import (
    EACH_RECORDER_NOTE,
    FILE_NAME,
    FREE_MINUTES_NOTE,
    HD_720,
    LIST_PRICES,
    PRICING_URL,
    Category,
    Kind,
    MinuteLedger,
    PriceFileError,
    PriceTable,
    Resolution,
    RunningCost,
    Shape,
    TierReading,
    VideoSubscription,
    estimate_plan,
    format_minutes,
    format_price,
    kind_of,
    load_prices,
    price_problem,
    running_cost,
    save_prices,
)
from recorder_gui.recording import RecordingSession, SessionEvent
from recorder_gui.recording.limits import length
from recorder_gui.recording.preflight import StartPlan
from recorder_gui.store.paths import config_dir

from .session import SessionBridge

__all__ = [  # what views use, re-exported so they need not reach below the bridge
    "FREE_MINUTES_NOTE",
    "LIST_PRICES",
    "PRICING_URL",
    "Category",
    "CostSettings",
    "PlanCostView",
    "PriceTable",
    "Resolution",
    "SessionCostWatch",
    "cost_settings",
    "format_price",
    "plan_cost",
    "price_problem",
    "running_detail",
    "running_line",
    "stop_total",
    "watch_for",
]

#: A web recording whose size is unknown (reattached) is counted at the larger web price.
UNKNOWN_WEB_SIZE = Resolution(1920, 1080)
#: How many inputs "everyone" means until the producer says otherwise.
DEFAULT_EVERYONE = 2


class CostSettings(QObject):
    """The prices in use and the producer's assumptions; ``changed`` when any of them does."""

    changed = Signal()

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path if path is not None else config_dir(create=False) / FILE_NAME
        loaded = load_prices(self.path)
        self._prices = loaded.table
        self._problem: PriceFileError | None = loaded.error
        self._input_size = HD_720
        self._everyone = DEFAULT_EVERYONE

    @property
    def prices(self) -> PriceTable:
        return self._prices

    @property
    def problem(self) -> PriceFileError | None:
        """The price file could not be read (list prices are used) or written."""
        return self._problem

    @property
    def problem_text(self) -> str | None:
        p = self._problem
        return None if p is None else f"{p.sentence} {p.next_step}"

    @property
    def input_size(self) -> Resolution:
        return self._input_size

    @property
    def everyone_inputs(self) -> int:
        return self._everyone

    def set_input_size(self, size: Resolution) -> None:
        if size != self._input_size:
            self._input_size = size
            self.changed.emit()

    def set_everyone_inputs(self, count: int) -> None:
        if max(0, count) != self._everyone:
            self._everyone = max(0, count)
            self.changed.emit()

    def save_contract(self, prices: Mapping[Category, Decimal]) -> None:
        """Use ``prices`` (the rest at list price) and keep them in the price file. A disk that
        refuses leaves them in use for this run and says so (``problem``)."""
        table = PriceTable(prices)
        self._prices, self._problem = table, None
        try:
            save_prices(self.path, table)
        except PriceFileError as exc:
            self._problem = exc
        self.changed.emit()

    def reset_to_list(self) -> None:
        self.save_contract({})


_shared: dict[Path, CostSettings] = {}


def cost_settings() -> CostSettings:
    """The settings for this run's config dir (one object, shared by every view)."""
    path = config_dir(create=False) / FILE_NAME
    found = _shared.get(path)
    if found is None or not shiboken6.isValid(found):
        found = _shared[path] = CostSettings(path)
    return found


def price_source(prices: PriceTable) -> str:
    return f"At {prices_words(prices)}."


def prices_words(prices: PriceTable) -> str:
    """``list prices (https://www.agora.io/en/pricing/)`` or which contract prices."""
    return f"{prices.source()} (list: {PRICING_URL})"


# -- a planned recording ---------------------------------------------------------------------
def plan_subscription(plan: StartPlan) -> VideoSubscription:
    return VideoSubscription.of_lists(
        stream_types=plan.stream_types,
        subscribe_video=plan.subscribe_video_uids,
        unsubscribe_video=plan.unsubscribe_video_uids,
        subscribe_audio=plan.subscribe_audio_uids,
        unsubscribe_audio=plan.unsubscribe_audio_uids,
    )


@dataclass(frozen=True)
class PlanCostView:
    """What the start form shows about cost."""

    per_hour: str  #: "$0.36 per hour"
    total: str  #: "$1.44 for 4 h"
    tier: str  #: "HD"
    why: str
    lower: str
    notes: tuple[str, ...]
    source: str
    problem: str | None
    asks_everyone: bool  #: the subscription is "everyone": the count is the producer's guess


def plan_cost(plan: StartPlan, settings: CostSettings) -> PlanCostView:
    subscription = plan_subscription(plan)
    shape = Shape(
        kind_of(plan.mode),
        subscription,
        input_size=settings.input_size,
        web_size=Resolution(max(1, plan.web_width), max(1, plan.web_height)),
        mix=plan.mode == "mix",
    )
    inputs = subscription.planned_inputs(settings.everyone_inputs)
    estimate = estimate_plan(shape, plan.planned_seconds, inputs, settings.prices)
    reading = estimate.reading
    return PlanCostView(
        per_hour=f"{estimate.per_hour_text} per hour",
        total=f"{estimate.total_text} for {length(plan.planned_seconds)}",
        tier=reading.category.label,
        why=reading.why,
        lower=" ".join(t for t in (reading.lower, estimate.saving) if t),
        notes=estimate.notes,
        source=price_source(settings.prices),
        problem=settings.problem_text,
        asks_everyone=shape.kind is Kind.AUDIO_VIDEO and subscription.counts_everyone,
    )


# -- a running recording ---------------------------------------------------------------------
def session_shape(session: RecordingSession, input_size: Resolution) -> Shape:
    """How ``session`` is billed, from its start body (a reattached one has none: everyone's
    video, and a web page at the larger size)."""
    config = session.start_config
    rc = config.recording_config if config is not None else None
    subscription = (
        VideoSubscription.of_lists(
            stream_types=rc.stream_types,
            subscribe_video=rc.subscribe_video_uids,
            unsubscribe_video=rc.unsubscribe_video_uids,
            subscribe_audio=rc.subscribe_audio_uids,
            unsubscribe_audio=rc.unsubscribe_audio_uids,
        )
        if rc is not None
        else VideoSubscription.of_lists()
    )
    web = config.extension_service_config if config is not None else None
    web_size = (
        Resolution(web.web_recorder.video_width, web.web_recorder.video_height)
        if web is not None
        else UNKNOWN_WEB_SIZE
    )
    shots = config is not None and config.screenshots_only
    return Shape(
        kind_of(session.mode.value, screenshots_only=shots),
        subscription,
        input_size=input_size,
        web_size=web_size,
        mix=session.mode.value == "mix",
    )


class SessionCostWatch:
    """Feeds one session's minute ledger from its events (and from every read)."""

    def __init__(self, session: RecordingSession, settings: CostSettings) -> None:
        self._session = weakref.ref(session)
        self._settings = settings
        self._shape = session_shape(session, settings.input_size)
        self.ledger = MinuteLedger()
        self.users_seen = False
        self._unsubscribe = session.subscribe(self._on_session_event)
        seen = session.events_seen
        end = seen[-1].at if seen else (session.started_at or 0.0)
        self._sync(end if session.state.is_final else session.timer.now())

    def detach(self) -> None:
        self._unsubscribe()

    def reading(self) -> TierReading | None:
        session = self._session()
        return None if session is None else self._reading(session)

    def _reading(self, session: RecordingSession) -> TierReading:
        shape = replace(self._shape, input_size=self._settings.input_size)
        sub = shape.subscription
        # Users matter only to audio and video; until the first list, count as planned.
        self.users_seen = session.watch.observed or shape.kind is not Kind.AUDIO_VIDEO
        if session.watch.observed:
            inputs = sub.inputs_among(session.channel_users)
        else:  # not seen yet: as planned, never less
            inputs = sub.planned_inputs(self._settings.everyone_inputs)
        return shape.reading(inputs)

    def _sync(self, at: float) -> None:
        session = self._session()
        if session is None:
            return
        if not self.ledger.began:
            if session.started_at is None:
                return
            self.ledger.begin(session.started_at, self._reading(session).category)
        self.ledger.observe(at, self._reading(session).category)
        if session.state.is_final:
            self.ledger.end(at)

    def _on_session_event(self, event: SessionEvent) -> None:
        self._sync(event.at)

    def cost(self, prices: PriceTable) -> RunningCost:
        session = self._session()
        if session is not None and not session.state.is_final:
            self._sync(session.timer.now())
        return running_cost(self.ledger, prices, self.ledger.ended_at or self._now())

    def _now(self) -> float:
        session = self._session()
        return session.timer.now() if session is not None else 0.0


_watches: weakref.WeakKeyDictionary[RecordingSession, SessionCostWatch] = (
    weakref.WeakKeyDictionary()
)


def _session_of(source: SessionBridge | RecordingSession) -> RecordingSession:
    return source.session if isinstance(source, SessionBridge) else source


def watch_for(
    source: SessionBridge | RecordingSession, settings: CostSettings | None = None
) -> SessionCostWatch:
    """The session's cost watch, attached on first use (attach it when its card appears)."""
    session = _session_of(source)
    found = _watches.get(session)
    if found is None:
        found = _watches[session] = SessionCostWatch(session, settings or cost_settings())
    return found


def running_line(source: SessionBridge | RecordingSession) -> str:
    """The card's line: ``≈ $0.12 so far · Full HD now`` (or why nothing is billed yet)."""
    settings = cost_settings()
    watch = watch_for(source, settings)
    if not watch.ledger.began:
        return "Cost: nothing billed yet"
    cost = watch.cost(settings.prices)
    now = f" · {cost.current.label} now" if cost.current is not None else ""
    guess = "" if watch.users_seen else " (users not seen yet: as planned)"
    return f"Cost ≈ {cost.total_text} so far{now}{guess}"


def running_detail(source: SessionBridge | RecordingSession) -> str:
    """The card's tooltip: the breakdown, the tier now and why, the prices, the notes."""
    settings = cost_settings()
    watch = watch_for(source, settings)
    cost = watch.cost(settings.prices)
    reading = watch.reading()
    lines = [f"So far: {cost.breakdown}."]
    if reading is not None and cost.current is not None:
        lines += [f"Now: {reading.why}.", reading.lower]
    lines += [price_source(settings.prices), EACH_RECORDER_NOTE, FREE_MINUTES_NOTE]
    return "\n".join(lines)


def stop_total(source: SessionBridge | RecordingSession) -> str:
    """The stop dialog's sentence: the estimated total, what it is made of, and its caveats."""
    settings = cost_settings()
    watch = watch_for(source, settings)
    cost = watch.cost(settings.prices)
    if not cost.lines:
        return f"Estimated cost: {cost.total_text} (nothing was billed). {FREE_MINUTES_NOTE}"
    return (
        f"Estimated cost: {cost.total_text} for {format_minutes(cost.minutes)} "
        f"({cost.breakdown}), at {prices_words(settings.prices)}. {FREE_MINUTES_NOTE}"
    )


def stop_cost(source: SessionBridge | RecordingSession) -> dict[str, object]:
    """The estimate as plain JSON values, for the manifest (money as decimal strings, US$)."""
    settings = cost_settings()
    cost = watch_for(source, settings).cost(settings.prices)
    return {
        "currency": "USD",
        "total": str(cost.total),
        "minutes": str(cost.minutes),
        "by_category": [
            {"category": line.category.label, "minutes": str(line.minutes), "cost": str(line.cost)}
            for line in cost.lines
        ],
        "prices": prices_words(settings.prices),
        "note": FREE_MINUTES_NOTE,
        "estimate": True,
    }
