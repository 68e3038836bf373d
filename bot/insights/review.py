"""The numbers of a 1:1 review: where an SDR stands against the team median, and the talking
points those numbers support. Pure: totals in, values out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from bot.kpi.metrics import METRICS, RATES, Metric, Rate, ratio

Totals = Mapping[Metric, float]
SHOWN = 2  # strengths and weaknesses each


@dataclass(frozen=True)
class Standing:
    """One metric or rate of the SDR against the median of the team's SDRs."""

    key: str  # a metric or rate key
    value: float  # a count, money, or a share (0..1)
    median: float
    is_rate: bool
    hits: int = 0  # the counts behind a rate
    base: int = 0

    @property
    def gap(self) -> float:
        """How far above (+) or below (-) the median, relative to it."""
        return (self.value - self.median) / self.median if self.median else 0.0


def standings(sdr: Totals, team: Sequence[Totals]) -> list[Standing]:
    """Every metric with a team median above zero, and every rate the SDR and at least one
    teammate have a base for (a rate above 100 % is inconsistent logging and never ranks)."""
    result: list[Standing] = []
    for metric in METRICS:
        med = median([t.get(metric, 0.0) for t in team]) if team else 0.0
        if med > 0:
            result.append(Standing(metric.value, sdr.get(metric, 0.0), med, False))
    for d in RATES:
        if d.rate is Rate.AVG_OPP_VALUE:
            continue
        shares = [s for t in team
                  if (s := ratio(t.get(d.numerator, 0.0), t.get(d.denominator, 0.0))) is not None
                  and s <= 1]
        mine = ratio(sdr.get(d.numerator, 0.0), sdr.get(d.denominator, 0.0))
        if mine is None or mine > 1 or not shares or median(shares) <= 0:
            continue
        result.append(Standing(d.rate.value, mine, median(shares), True,
                               round(sdr.get(d.numerator, 0.0)),
                               round(sdr.get(d.denominator, 0.0))))
    return result


def strengths_and_weaknesses(rows: Sequence[Standing]) -> tuple[list[Standing], list[Standing]]:
    """The SHOWN furthest above the median, and the SHOWN furthest below."""
    above = sorted((s for s in rows if s.gap > 0), key=lambda s: (-s.gap, s.key))[:SHOWN]
    below = sorted((s for s in rows if s.gap < 0), key=lambda s: (s.gap, s.key))[:SHOWN]
    return above, below


@dataclass(frozen=True)
class TargetGap:
    metric: Metric
    actual: float
    target: float

    @property
    def attainment(self) -> float:
        return self.actual / self.target


def weakest_target(totals: Totals, targets: Mapping[Metric, float]) -> TargetGap | None:
    gaps = [TargetGap(m, totals.get(m, 0.0), t) for m, t in targets.items() if t > 0]
    return min(gaps, key=lambda g: (g.attainment, g.metric.value), default=None)
