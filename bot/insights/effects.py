"""Before and after a noted change: the same weeks on each side, each key rate tested."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.insights.breakdown import INSIGHT_RATES, rates_of
from bot.insights.stats import Comparison, compare
from bot.kpi.metrics import Metric, Rate

EFFECT_WEEKS = 4  # weeks on each side of a change


@dataclass(frozen=True)
class Windows:
    before: tuple[date, date]  # half-open
    after: tuple[date, date]

    @property
    def complete(self) -> bool:
        """Both sides are as long as each other (the change is at least EFFECT_WEEKS old)."""
        return (self.after[1] - self.after[0]) == (self.before[1] - self.before[0])


def windows(day: date, *, today: date, weeks: int = EFFECT_WEEKS) -> Windows:
    """EFFECT_WEEKS before the change, and as much of as many weeks after as has happened."""
    span = timedelta(weeks=weeks)
    return Windows((day - span, day), (day, min(day + span, today + timedelta(days=1))))


def effect(before: Mapping[Metric, float], after: Mapping[Metric, float]
           ) -> dict[Rate, Comparison]:
    """Each key rate before against after, with its test and verdict."""
    b, a = rates_of(before), rates_of(after)
    return {rate: compare(b[rate], a[rate]) for rate in INSIGHT_RATES}
