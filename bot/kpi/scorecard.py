"""One SDR's scorecard for one period, computed from totals the storage layer summed."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.kpi.metrics import METRICS, Metric, Rate, derived_rates
from bot.kpi.pace import Pace, pace
from bot.kpi.periods import MONDAY_TO_FRIDAY, Period, working_days
from bot.kpi.targets import Ramp, ResolvedTarget

BASELINE_PERIODS = 4

Totals = Mapping[Metric, float]


@dataclass(frozen=True)
class MetricLine:
    metric: Metric
    actual: float
    previous: float  # the previous period over the same span (to date, for a current period)
    baseline: float | None  # mean of the last 4 complete periods before this one
    team_average: float | None
    target: ResolvedTarget | None
    pace: Pace | None

    @property
    def trend(self) -> float | None:
        """Change against the previous period as a fraction; None when that was zero."""
        if self.previous <= 0:
            return None
        return (self.actual - self.previous) / self.previous


@dataclass(frozen=True)
class Scorecard:
    user_id: str
    period: Period
    today: date
    lines: tuple[MetricLine, ...]
    rates: Mapping[Rate, float | None]
    previous_rates: Mapping[Rate, float | None]
    team_rates: Mapping[Rate, float | None]
    elapsed_days: int
    total_days: int
    team_size: int
    ramp: Ramp | None = None  # a new SDR's targets are already scaled by it

    @property
    def in_progress(self) -> bool:
        return self.period.contains(self.today)

    @property
    def is_empty(self) -> bool:
        return not self.lines


@dataclass(frozen=True)
class Ranges:
    """The date ranges a scorecard needs summed, each half-open."""

    current: tuple[date, date]
    previous: tuple[date, date]
    baseline: tuple[tuple[date, date], ...]


def scorecard_ranges(period: Period, today: date) -> Ranges:
    """Current period (to today when in progress), the previous one over the same span, and the
    complete periods for the baseline."""
    end = min(period.end, today + timedelta(days=1)) if period.contains(today) else period.end
    span = (end - period.start).days
    prev = period.previous()
    previous = (prev.start, min(prev.end, prev.start + timedelta(days=span)))
    baseline = []
    cursor = period
    for _ in range(BASELINE_PERIODS):
        cursor = cursor.previous()
        baseline.append((cursor.start, cursor.end))
    return Ranges((period.start, end), previous, tuple(baseline))


def build_scorecard(
    *,
    user_id: str,
    period: Period,
    today: date,
    current: Totals,
    previous: Totals,
    baseline: Sequence[Totals],
    team_totals: Totals,
    team_size: int,
    targets: Mapping[Metric, ResolvedTarget],
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
    days_off: Collection[date] = (),
    has_history: bool = True,
    ramp: Ramp | None = None,
) -> Scorecard:
    total_days = working_days(period.start, period.end, workdays=workdays, days_off=days_off)
    if period.contains(today):
        elapsed = working_days(period.start, today, workdays=workdays, days_off=days_off)
    elif today >= period.end:
        elapsed = total_days
    else:
        elapsed = 0
    lines = []
    for metric in METRICS:
        actual = current.get(metric, 0.0)
        target = targets.get(metric)
        if actual == 0 and target is None and previous.get(metric, 0.0) == 0:
            continue  # nothing to say about a metric nobody works on
        base = [b.get(metric, 0.0) for b in baseline]
        lines.append(
            MetricLine(
                metric=metric,
                actual=actual,
                previous=previous.get(metric, 0.0),
                baseline=sum(base) / len(base) if base and has_history else None,
                team_average=team_totals.get(metric, 0.0) / team_size if team_size else None,
                target=target,
                pace=pace(
                    target=target.value, actual=actual, elapsed_days=elapsed, total_days=total_days
                )
                if target is not None
                else None,
            )
        )
    team_avg_totals = {m: v / team_size for m, v in team_totals.items()} if team_size else {}
    return Scorecard(
        user_id=user_id,
        period=period,
        today=today,
        lines=tuple(lines),
        rates=derived_rates(current),
        previous_rates=derived_rates(previous),
        team_rates=derived_rates(team_avg_totals),
        elapsed_days=elapsed,
        total_days=total_days,
        team_size=team_size,
        ramp=ramp,
    )
