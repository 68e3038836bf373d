"""Whether an SDR gets a goal nudge, and what it says: pace on each targeted metric."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.kpi.metrics import METRICS, Metric
from bot.kpi.pace import Pace, PaceStatus, pace
from bot.kpi.periods import Period, is_working_day, working_days


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
    targets: Mapping[Metric, float],
    workdays: Collection[int],
    days_off: Collection[date] = (),
) -> Nudge | None:
    """A nudge for one SDR, or None: on a day they do not work, without targets, or on pace.

    Today counts among the days left (pace's rule), so nobody is behind on a week's first day.
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
    behind = sorted((p for p in paces if p.pace.status is PaceStatus.BEHIND),
                    key=lambda p: (p.pace.attainment or 0.0, METRICS.index(p.metric)))
    done = tuple(p for p in paces if p.pace.status is PaceStatus.DONE)
    if behind:
        return Nudge(NudgeKind.BEHIND, tuple(behind), done, elapsed, total)
    if done:
        return Nudge(NudgeKind.CONGRATS, (), done, elapsed, total)
    return None
