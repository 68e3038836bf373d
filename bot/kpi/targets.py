"""Which target applies to a period: individual, then team default, then pro-rated."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date

from bot.kpi.metrics import Metric
from bot.kpi.periods import MONDAY_TO_FRIDAY, Period, PeriodKind, period_containing, working_days

TARGET_KINDS: tuple[PeriodKind, ...] = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER)


@dataclass(frozen=True)
class TargetRecord:
    metric: Metric
    kind: PeriodKind
    value: float
    effective_from: date
    user_id: str | None  # None: the team default


@dataclass(frozen=True)
class ResolvedTarget:
    value: float
    origin: str  # "individual", "team" or "prorated"
    source_kind: PeriodKind


def _in_force(
    records: Iterable[TargetRecord], *, metric: Metric, kind: PeriodKind, user_id: str | None,
    period: Period,
) -> TargetRecord | None:
    """The newest record of that kind that took effect on or before the period's last day."""
    best: TargetRecord | None = None
    for record in records:
        if (
            record.metric is metric
            and record.kind is kind
            and record.user_id == user_id
            and record.effective_from <= period.last_day
            and (best is None or record.effective_from >= best.effective_from)
        ):
            best = record
    return best


def resolve_target(
    records: Collection[TargetRecord],
    *,
    metric: Metric,
    period: Period,
    user_id: str,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
) -> ResolvedTarget | None:
    """The target for `user_id` in `period`, or None when nothing is set.

    Pro-rating uses the team's working days, not the SDR's time off: time off lowers what is
    expected to date (pace), not the target itself.
    """
    kinds = [period.kind] if period.kind in TARGET_KINDS else []
    for kind in kinds:
        for owner, origin in ((user_id, "individual"), (None, "team")):
            found = _in_force(records, metric=metric, kind=kind, user_id=owner, period=period)
            if found is not None:
                return ResolvedTarget(found.value, origin, kind)
    days_here = working_days(period.start, period.end, workdays=workdays)
    for owner in (user_id, None):
        for kind in TARGET_KINDS:
            if kind is period.kind:
                continue
            other = period_containing(period.start, kind)
            # In force by this period's last day, the rule a target of its own kind follows; not
            # by `other`'s, which for a month starting on a weekend is a week of the month before.
            found = _in_force(records, metric=metric, kind=kind, user_id=owner, period=period)
            if found is None:
                continue
            days_there = working_days(other.start, other.end, workdays=workdays)
            if days_there == 0:
                continue
            return ResolvedTarget(found.value * days_here / days_there, "prorated", kind)
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


def measured_targets(
    records: Collection[TargetRecord],
    *,
    metrics: Iterable[Metric],
    period: Period,
    user_id: str,
    start: date | None = None,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
) -> dict[Metric, ResolvedTarget]:
    """What an SDR is measured against in `period`, per metric: the resolved target, scaled
    down while they ramp up (`start` is their start date). A 0 target means "not measured"
    and is left out."""
    ramp = ramp_for(start, period.start)
    factor = ramp.factor if ramp is not None else 1.0
    found: dict[Metric, ResolvedTarget] = {}
    for metric in metrics:
        target = resolve_target(records, metric=metric, period=period, user_id=user_id,
                                workdays=workdays)
        if target is not None and target.value > 0:
            found[metric] = replace(target, value=target.value * factor)
    return found
