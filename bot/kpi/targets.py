"""Which target applies to a period, where it comes from, and how it is scaled.

SPEC, "Targets, pace and benchmarks", in one order: the SDR's own target of the period's kind,
the team default of that kind, then for each other kind, nearest first, the SDR's own and then
the team default (for a day: week, month, quarter; for a week: month, quarter; for a month:
week, quarter; for a quarter: month, week). A target of another kind is pro-rated by working
days, each working day taking its share from the period of that kind it lies in (a week that
straddles two months takes each day's share from its own month; a quarter from a month target
is its three months). A target is in force for a period when it took effect on or before the
period's last day (of two taking effect the same day, the one set last: records come in the
order they were set). Then the ramp (at the period's first day) and the SDR's availability
(working days minus time off, over the period's working days) scale it; 0 means "not measured".

Exact fractions throughout, so a target or a share that is a tie (16.25) stays one and rounds
the same way on every surface.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from bot.kpi.metrics import Metric
from bot.kpi.periods import (
    MONDAY_TO_FRIDAY,
    Period,
    PeriodKind,
    is_working_day,
    period_containing,
    working_days,
)
from bot.kpi.rounding import exact

TARGET_KINDS: tuple[PeriodKind, ...] = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER)
# Where a period without a target of its own kind looks, nearest first.
NEAREST: dict[PeriodKind, tuple[PeriodKind, ...]] = {
    PeriodKind.DAY: (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER),
    PeriodKind.WEEK: (PeriodKind.MONTH, PeriodKind.QUARTER),
    PeriodKind.MONTH: (PeriodKind.WEEK, PeriodKind.QUARTER),
    PeriodKind.QUARTER: (PeriodKind.MONTH, PeriodKind.WEEK),
}


class Owner(StrEnum):
    OWN = "own"  # the SDR's individual target
    TEAM = "team"  # the team default


@dataclass(frozen=True)
class TargetRecord:
    metric: Metric
    kind: PeriodKind
    value: float
    effective_from: date
    user_id: str | None  # None: the team default


@dataclass(frozen=True)
class ResolvedTarget:
    """The target one SDR is measured against for one metric and period, and its source."""

    exact: Fraction  # after ramp and availability
    owner: Owner
    source_kind: PeriodKind
    prorated: bool = False  # from a target of another kind, by working days
    ramp: Fraction = Fraction(1)

    @property
    def value(self) -> float:
        return float(self.exact)

    @property
    def origin(self) -> str:
        """"individual", "team" or "prorated": the short form some callers still read."""
        if self.prorated:
            return "prorated"
        return "individual" if self.owner is Owner.OWN else "team"


def latest(records: Iterable[TargetRecord]) -> TargetRecord | None:
    """The record in force: the newest by effective date; among those of one date, the one
    set last (records come in the order they were set)."""
    best: TargetRecord | None = None
    for record in records:
        if best is None or record.effective_from >= best.effective_from:
            best = record
    return best


def _in_force(
    records: Iterable[TargetRecord], *, metric: Metric, kind: PeriodKind, user_id: str | None,
    period: Period,
) -> TargetRecord | None:
    """The record of that kind in force by the period's last day."""
    return latest(r for r in records if r.metric is metric and r.kind is kind
                  and r.user_id == user_id and r.effective_from <= period.last_day)


def prorated(value: Fraction, *, period: Period, kind: PeriodKind,
             workdays: Collection[int]) -> Fraction:
    """A target of `kind` spread over `period`: each of the period's working days takes its
    share from the period of `kind` it lies in."""
    return value * _prorated_share(period, kind, frozenset(workdays))


@lru_cache(maxsize=1024)
def _prorated_share(period: Period, kind: PeriodKind, workdays: frozenset[int]) -> Fraction:
    """The part of a target of `kind` that falls in `period`: n working days of a span of s
    take n/s of it, exactly what adding value/s for each day gives (Fractions are exact).
    The same for every target and SDR of a period: counted once."""
    counted: dict[date, list[int]] = {}  # span start -> [its days in `period`, its working days]
    other: Period | None = None
    for day in period.days():
        if not is_working_day(day, workdays=workdays):
            continue
        if other is None or not other.contains(day):
            other = period_containing(day, kind)
            counted[other.start] = [0, working_days(other.start, other.end, workdays=workdays)]
        counted[other.start][0] += 1
    return sum((Fraction(days, span) for days, span in counted.values() if span), Fraction(0))


def resolve_target(
    records: Collection[TargetRecord],
    *,
    metric: Metric,
    period: Period,
    user_id: str,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
) -> ResolvedTarget | None:
    """The target for `user_id` in `period` before ramp and time off, or None when nothing
    is set. See the module's docstring for the order."""
    if period.kind in TARGET_KINDS:
        for owner, who in ((Owner.OWN, user_id), (Owner.TEAM, None)):
            found = _in_force(records, metric=metric, kind=period.kind, user_id=who,
                              period=period)
            if found is not None:
                return ResolvedTarget(exact(found.value), owner, period.kind)
    for kind in NEAREST[period.kind]:
        for owner, who in ((Owner.OWN, user_id), (Owner.TEAM, None)):
            # In force by this period's last day, the rule a target of its own kind follows.
            found = _in_force(records, metric=metric, kind=kind, user_id=who, period=period)
            if found is not None:
                value = prorated(exact(found.value), period=period, kind=kind,
                                 workdays=workdays)
                return ResolvedTarget(value, owner, kind, prorated=True)
    return None


RAMP_SCHEDULE: tuple[float, ...] = (0.5, 0.75, 1.0)  # share of the full targets, month by month


@dataclass(frozen=True)
class Ramp:
    """A new SDR's place on the ramp: month `month` of `months`, at `factor` of full targets."""

    month: int
    months: int
    factor: float


def ramp_for(start: date | None, day: date,
             schedule: tuple[float, ...] = RAMP_SCHEDULE) -> Ramp | None:
    """Where an SDR who started on `start` is on the ramp on `day`; None once fully ramped
    (or with no start date). Months count from the start date: 15 March to 14 April is month 1.
    Days before the start count as month 1."""
    if start is None or not schedule:
        return None
    months = (day.year - start.year) * 12 + day.month - start.month
    if day.day < start.day:
        months -= 1
    month = max(months, 0) + 1
    if month > len(schedule):
        return None
    return Ramp(month, len(schedule), schedule[month - 1])


@dataclass(frozen=True)
class Availability:
    """An SDR's working days in a period against the team's: targets scale by the ratio."""

    available: int
    total: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.available, self.total) if self.total else Fraction(1)


def availability(period: Period, *, workdays: Collection[int] = MONDAY_TO_FRIDAY,
                 days_off: Collection[date] = ()) -> Availability:
    return Availability(
        working_days(period.start, period.end, workdays=workdays, days_off=days_off),
        working_days(period.start, period.end, workdays=workdays))


def measured_targets(
    records: Collection[TargetRecord],
    *,
    metrics: Iterable[Metric],
    period: Period,
    user_id: str,
    start: date | None = None,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
    days_off: Collection[date] = (),
) -> dict[Metric, ResolvedTarget]:
    """What an SDR is measured against in `period`, per metric: the resolved target, scaled
    by the ramp (`start` is their start date) and by their available working days (`days_off`
    their time off), as SPEC's "Availability" says. A target that is or becomes 0 means "not
    measured" and is left out."""
    ramp = ramp_for(start, period.start)
    factor = exact(ramp.factor) if ramp is not None else Fraction(1)
    days = availability(period, workdays=workdays, days_off=days_off)
    found: dict[Metric, ResolvedTarget] = {}
    for metric in metrics:
        target = resolve_target(records, metric=metric, period=period, user_id=user_id,
                                workdays=workdays)
        if target is None or target.exact <= 0:
            continue
        scaled = target.exact * factor * days.share
        if scaled <= 0:  # every working day off: nothing is expected
            continue
        found[metric] = ResolvedTarget(
            scaled, target.owner, target.source_kind, prorated=target.prorated, ramp=factor)
    return found
