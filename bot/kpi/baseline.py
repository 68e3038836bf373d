"""The own average (the baseline): one definition for the scorecard, the targets modal's
history and suggestions, the weekly post and the review pack.

SPEC, "Own average": the mean of the SDR's value over the 4 most recent complete periods of
the same kind before the one shown (for a day: the SDR's 4 previous working days), counting
only periods that begin on or after the SDR's first activity or start date, whichever is
earlier; periods with no activity count as zero. The number of periods counted is shown; with
none, there is no average.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.kpi.metrics import Metric
from bot.kpi.periods import MONDAY_TO_FRIDAY, Period, PeriodKind, is_working_day

BASELINE_PERIODS = 4
_LOOKBACK_DAYS = 366  # a day's baseline looks back at most a year for working days


def counted_from(first_activity: date | None, start_date: date | None) -> date | None:
    """Where an SDR's history begins: the earlier of first activity and start date."""
    known = [d for d in (first_activity, start_date) if d is not None]
    return min(known) if known else None


def baseline_periods(
    period: Period,
    *,
    origin: date | None,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
    days_off: Collection[date] = (),
    count: int = BASELINE_PERIODS,
) -> tuple[Period, ...]:
    """The complete periods the own average of `period` counts, newest first: up to `count`
    periods of its kind before it that begin on or after `origin`; for a day, the SDR's
    previous working days (team working days, their time off skipped)."""
    if origin is None:
        return ()
    found: list[Period] = []
    cursor = period
    for _ in range(_LOOKBACK_DAYS):
        if len(found) == count:
            break
        cursor = cursor.previous()
        if cursor.start < origin:
            break
        if cursor.kind is PeriodKind.DAY and not is_working_day(
                cursor.start, workdays=workdays, days_off=days_off):
            continue
        found.append(cursor)
    return tuple(found)


@dataclass(frozen=True)
class OwnAverage:
    """Per metric, the mean over `count` periods (zeros included)."""

    values: Mapping[Metric, float]
    count: int
    kind: PeriodKind

    def of(self, metric: Metric) -> float:
        return self.values.get(metric, 0.0)


def own_average(totals: Sequence[Mapping[Metric, float]], kind: PeriodKind
                ) -> OwnAverage | None:
    """The mean of each metric over the periods' totals (one mapping per period counted, an
    empty one for a period with no activity); None when no period is counted."""
    if not totals:
        return None
    sums: dict[Metric, float] = {}
    for period_totals in totals:
        for metric, value in period_totals.items():
            sums[metric] = sums.get(metric, 0.0) + value
    return OwnAverage({m: v / len(totals) for m, v in sums.items()}, len(totals), kind)
