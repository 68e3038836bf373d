"""One SDR's scorecard for one period, computed from totals the storage layer summed."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.kpi.baseline import OwnAverage, baseline_periods
from bot.kpi.benchmarks import Band
from bot.kpi.comparison import Basis, Change, change, comparison
from bot.kpi.metrics import METRICS, Metric, Rate, derived_rates
from bot.kpi.pace import Pace, pace
from bot.kpi.periods import MONDAY_TO_FRIDAY, Period, working_days
from bot.kpi.targets import Availability, Ramp, ResolvedTarget

Totals = Mapping[Metric, float]


@dataclass(frozen=True)
class MetricLine:
    metric: Metric
    actual: float
    change: Change  # against the comparison's base (see Scorecard.basis)
    own_average: float | None  # mean over Scorecard.own_average_count complete periods
    team_average: float | None
    target: ResolvedTarget | None
    pace: Pace | None
    band: Band | None = None  # the industry band, when it is for a period of this kind

    @property
    def previous(self) -> float:
        return self.change.base


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
    basis: Basis = Basis.PREVIOUS  # what each line's change compares with
    own_average_count: int = 0  # complete periods the own average counts
    ramp: Ramp | None = None  # a new SDR's targets are already scaled by it
    availability: Availability | None = None  # set when time off scales the targets
    measured: bool = True  # False: an SDR of no team in the period, so no targets apply
    manager_only: bool = False  # a manager who is an SDR of no team: every surface says so
    rate_bands: Mapping[Rate, Band] = field(default_factory=dict)  # industry bands of rates
    # Money of the period in other currencies than the one it is measured in (bot/kpi/money):
    # shown beside the money lines, counted toward nothing.
    other_money: Mapping[str, float] = field(default_factory=dict)
    # The other currencies of the periods the money lines are compared with (the previous one
    # and the own average's): the comparison and the average count none of them, and say so.
    earlier_other_currencies: tuple[str, ...] = ()

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
    previous: tuple[date, date]  # the comparison's base
    baseline: tuple[tuple[date, date], ...]  # the own average's periods, newest first
    basis: Basis = Basis.PREVIOUS


def scorecard_ranges(period: Period, today: date, *,
                     workdays: Collection[int] = MONDAY_TO_FRIDAY,
                     days_off: Collection[date] = (),
                     origin: date | None = None) -> Ranges:
    """The current period (to today when in progress), what it is compared with, and the
    complete periods of the own average (`origin`: where the SDR's history begins; None, no
    average). `days_off` are the SDR's (none for a team)."""
    end = min(period.end, today + timedelta(days=1)) if period.contains(today) else period.end
    compared = comparison(period, today, workdays=workdays, days_off=days_off)
    baseline = baseline_periods(period, origin=origin, workdays=workdays, days_off=days_off)
    return Ranges((period.start, end), compared.base_range,
                  tuple((p.start, p.end) for p in baseline), compared.basis)


def elapsed_working_days(period: Period, today: date, *, workdays: Collection[int],
                         days_off: Collection[date] = ()) -> tuple[int, int]:
    """(working days over, working days in the period): today is not over yet."""
    total = working_days(period.start, period.end, workdays=workdays, days_off=days_off)
    if period.contains(today):
        return working_days(period.start, today, workdays=workdays, days_off=days_off), total
    return (total if today >= period.end else 0), total


@dataclass(frozen=True)
class ScorecardFacts:
    """Everything one SDR's scorecard for one period is computed from, read before any
    computing (bot/services/scorecards.py gathers it)."""

    user_id: str
    period: Period
    today: date
    current: Totals
    previous: Totals
    own_average: OwnAverage | None
    team_totals: Totals
    team_size: int
    targets: Mapping[Metric, ResolvedTarget]
    workdays: Collection[int] = MONDAY_TO_FRIDAY
    days_off: Collection[date] = ()
    basis: Basis = Basis.PREVIOUS
    ramp: Ramp | None = None
    availability: Availability | None = None
    measured: bool = True
    manager_only: bool = False
    bands: Mapping[str, Band] = field(default_factory=dict)  # the team motion's, by key
    other_money: Mapping[str, float] = field(default_factory=dict)
    earlier_other_currencies: tuple[str, ...] = ()


def build_scorecard(facts: ScorecardFacts) -> Scorecard:
    user_id, period, today = facts.user_id, facts.period, facts.today
    current, previous, own_average = facts.current, facts.previous, facts.own_average
    team_totals, team_size, targets = facts.team_totals, facts.team_size, facts.targets
    workdays, days_off, basis, ramp = facts.workdays, facts.days_off, facts.basis, facts.ramp
    availability, measured = facts.availability, facts.measured
    manager_only = facts.manager_only
    bands = {key: band for key, band in facts.bands.items() if band.fits(period.kind)}
    elapsed, total_days = elapsed_working_days(period, today, workdays=workdays,
                                               days_off=days_off)
    lines = []
    for metric in METRICS:
        actual = current.get(metric, 0.0)
        target = targets.get(metric)
        before = previous.get(metric, 0.0)
        if actual == 0 and target is None and before == 0 and not (
                metric.is_money and facts.other_money):
            continue  # nothing to say about a metric nobody works on
        lines.append(
            MetricLine(
                metric=metric,
                actual=actual,
                change=change(actual, before, money=metric.is_money),
                own_average=own_average.of(metric) if own_average is not None else None,
                team_average=team_totals.get(metric, 0.0) / team_size if team_size else None,
                target=target,
                pace=pace(target=target.exact, actual=actual, elapsed_days=elapsed,
                          total_days=total_days) if target is not None else None,
                band=bands.get(metric.value),
            )
        )
    team_avg_totals = {m: v / team_size for m, v in team_totals.items()} if team_size else {}
    scaled = availability if availability is not None and \
        availability.available < availability.total else None
    rates = derived_rates(current)
    if facts.other_money:  # some opportunities' value is in another currency: no average
        rates = {rate: None if rate.is_money else value for rate, value in rates.items()}
    return Scorecard(
        user_id=user_id,
        period=period,
        today=today,
        lines=tuple(lines),
        rates=rates,
        previous_rates=derived_rates(previous),
        team_rates=derived_rates(team_avg_totals),
        elapsed_days=elapsed,
        total_days=total_days,
        team_size=team_size,
        basis=basis,
        own_average_count=own_average.count if own_average is not None else 0,
        ramp=ramp,
        availability=scaled,
        measured=measured,
        manager_only=manager_only and not measured,
        rate_bands={rate: band for rate in Rate if (band := bands.get(rate.value)) is not None},
        other_money=facts.other_money,
        earlier_other_currencies=facts.earlier_other_currencies,
    )

