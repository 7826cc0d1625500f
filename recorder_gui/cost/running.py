"""The running cost of a recording: minutes accumulated by category as its state is seen.

The service keeps no per-minute history we can read, so a :class:`MinuteLedger` is fed each
time the recording's users (and so its tier) are observed: the time since the previous
observation is billed at the previous category. Time never runs backwards in the ledger (an
observation older than the last one counts from the last one), and nothing is counted after
:meth:`MinuteLedger.end`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .money import format_minutes, format_money, minutes_of
from .prices import Category, PriceTable


@dataclass
class MinuteLedger:
    """Seconds by category between :meth:`begin` and :meth:`end`."""

    seconds: dict[Category, float] = field(default_factory=dict)
    began_at: float | None = None
    ended_at: float | None = None
    _current: Category | None = None
    _since: float = 0.0

    @property
    def current(self) -> Category | None:
        """The category being billed now (None before the start and after the end)."""
        return None if self.ended_at is not None else self._current

    @property
    def began(self) -> bool:
        return self.began_at is not None

    def begin(self, at: float, category: Category) -> None:
        """The recording started at ``at``, billed as ``category`` (once; later calls are
        observations)."""
        if self.began_at is not None:
            self.observe(at, category)
            return
        self.began_at = self._since = at
        self._current = category

    def observe(self, at: float, category: Category) -> None:
        """From ``at`` on, the recording is billed as ``category``."""
        if self.began_at is None or self.ended_at is not None or self._current is None:
            return
        self._close(at)
        self._current = category

    def end(self, at: float) -> None:
        """The recording ended at ``at`` (the first end counts)."""
        if self.began_at is None or self.ended_at is not None:
            return
        self._close(at)
        self.ended_at = max(at, self._since)

    def _close(self, at: float) -> None:
        if self._current is None:
            return
        if at > self._since:
            self.seconds[self._current] = self.seconds.get(self._current, 0.0) + at - self._since
            self._since = at

    def totals(self, now: float) -> dict[Category, float]:
        """Seconds by category, counting the open stretch up to ``now``."""
        out = dict(self.seconds)
        if self.ended_at is None and self._current is not None and now > self._since:
            out[self._current] = out.get(self._current, 0.0) + now - self._since
        return {c: s for c, s in out.items() if s > 0}


@dataclass(frozen=True)
class CostLine:
    category: Category
    minutes: Decimal
    cost: Decimal

    @property
    def text(self) -> str:
        return f"{format_minutes(self.minutes)} {self.category.label} {format_money(self.cost)}"


@dataclass(frozen=True)
class RunningCost:
    total: Decimal
    lines: tuple[CostLine, ...]
    current: Category | None
    source: str

    @property
    def minutes(self) -> Decimal:
        return sum((line.minutes for line in self.lines), Decimal(0))

    @property
    def total_text(self) -> str:
        return format_money(self.total)

    @property
    def breakdown(self) -> str:
        """``30 min Full HD $0.20, 12 min Audio $0.02`` (largest cost first)."""
        return ", ".join(line.text for line in self.lines) or "nothing billed yet"


def running_cost(ledger: MinuteLedger, prices: PriceTable, now: float) -> RunningCost:
    lines = [
        CostLine(c, minutes_of(s), minutes_of(s) * prices.per_minute(c))
        for c, s in ledger.totals(now).items()
    ]
    lines.sort(key=lambda line: (-line.cost, list(Category).index(line.category)))
    return RunningCost(
        total=sum((line.cost for line in lines), Decimal(0)),
        lines=tuple(lines),
        current=ledger.current,
        source=prices.source(),
    )
