"""Whether an SDR gets a goal nudge, and what it says: pace on each targeted metric."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.kpi.metrics import METRICS, Metric
from bot.kpi.pace import Pace, PaceStatus, pace
from bot.kpi.periods import Period, is_working_day, working_days
from bot.kpi.rounding import Number, exact

NUDGE_SHARE = 0.10  # behind by at least this share of expected-to-date (a team may set it)


class NudgeKind(StrEnum):
    BEHIND = "behind"
    CONGRATS = "congrats"  # a target already met and nothing behind


@dataclass(frozen=True)
class MetricPace:
    metric: Metric
    pace: Pace


@dataclass(frozen=True)
class Nudge:
    kind: NudgeKind
    behind: tuple[MetricPace, ...]  # furthest behind first
    done: tuple[MetricPace, ...]
    elapsed_days: int
    total_days: int

    @property
    def remaining_days(self) -> int:
        return self.total_days - self.elapsed_days


def decide_nudge(
    *,
    period: Period,
    today: date,
    totals: Mapping[Metric, float],
    targets: Mapping[Metric, Number],
    workdays: Collection[int],
    days_off: Collection[date] = (),
    share: float = NUDGE_SHARE,
) -> Nudge | None:
    """A nudge for one SDR, or None: on a day they do not work, without targets, or on pace.

    Today counts among the days left (pace's rule), so nobody is behind on a week's first day.
    `targets` are what the SDR is measured against (ramp and time off applied).
    """
    if not is_working_day(today, workdays=workdays, days_off=days_off):
        return None
    total = working_days(period.start, period.end, workdays=workdays, days_off=days_off)
    elapsed = working_days(period.start, today, workdays=workdays, days_off=days_off)
    paces = [
        MetricPace(metric, pace(target=targets[metric], actual=totals.get(metric, 0.0),
                                elapsed_days=elapsed, total_days=total))
        for metric in METRICS if targets.get(metric, 0.0) > 0
    ]
    behind = sorted((p for p in paces if worth_a_nudge(p, share=share)),
                    key=lambda p: (p.pace.attainment or 0, METRICS.index(p.metric)))
    done = tuple(p for p in paces if p.pace.status is PaceStatus.DONE)
    if behind:
        return Nudge(NudgeKind.BEHIND, tuple(behind), done, elapsed, total)
    if done:
        return Nudge(NudgeKind.CONGRATS, (), done, elapsed, total)
    return None


def worth_a_nudge(line: MetricPace, *, share: float = NUDGE_SHARE) -> bool:
    """SPEC: behind this week's pace by at least one whole unit (a count; money by the share
    alone) and by at least `share` of expected-to-date. Nobody is nudged 0.2 calls behind."""
    p = line.pace
    gap = exact(p.expected_to_date) - exact(p.actual)
    if gap <= 0 or gap < exact(share) * exact(p.expected_to_date):
        return False
    return line.metric.is_money or gap >= 1
