"""Rates by source or technique, for a team or one SDR, with the best and worst where the
counts support a claim."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.insights.stats import Proportion, Standout, proportion, standouts
from bot.kpi.metrics import RATES, Metric, Rate

# The rates that say whether a source or a technique works (SPEC: Using the data).
INSIGHT_RATES: tuple[Rate, ...] = (Rate.CONVERSION, Rate.QUALITY, Rate.SHOW)
_DEFS = {d.rate: d for d in RATES}


def rate_metrics(rates: Iterable[Rate] = INSIGHT_RATES) -> tuple[Metric, ...]:
    """Every metric these rates read, numerators and denominators."""
    return tuple(dict.fromkeys(m for r in rates for m in (_DEFS[r].numerator,
                                                           _DEFS[r].denominator)))


def base_metric(rate: Rate) -> Metric:
    return _DEFS[rate].denominator


def rates_of(totals: Mapping[Metric, float], rates: Iterable[Rate] = INSIGHT_RATES
             ) -> dict[Rate, Proportion]:
    """Each rate as a proportion with its counts; a zero base is a proportion with no share."""
    return {r: proportion(totals.get(_DEFS[r].numerator, 0.0),
                          totals.get(_DEFS[r].denominator, 0.0)) for r in rates}


@dataclass(frozen=True)
class Group:
    key: str | None  # the tag; None for activity logged without one
    rates: dict[Rate, Proportion]

    @property
    def weight(self) -> int:
        return sum(p.base for p in self.rates.values())


@dataclass(frozen=True)
class Breakdown:
    groups: tuple[Group, ...]  # most counts first; untagged last
    best: dict[Rate, Standout]
    worst: dict[Rate, Standout]

    @property
    def tagged(self) -> bool:
        return any(g.key is not None for g in self.groups)


def breakdown(rows: Iterable[tuple[str | None, Metric, float]],
              rates: Iterable[Rate] = INSIGHT_RATES) -> Breakdown:
    """Rows of (tag, metric, total) to a rate per tag; best and worst compare tagged groups
    only (untagged activity is not a source anyone can choose)."""
    rates = tuple(rates)
    totals: dict[str | None, dict[Metric, float]] = {}
    for tag, metric, total in rows:
        bucket = totals.setdefault(tag, {})
        bucket[metric] = bucket.get(metric, 0.0) + total
    groups = [Group(tag, rates_of(t, rates)) for tag, t in totals.items()]
    groups.sort(key=lambda g: (g.key is None, -g.weight, g.key or ""))
    best: dict[Rate, Standout] = {}
    worst: dict[Rate, Standout] = {}
    for rate in rates:
        high, low = standouts([(g.key, g.rates[rate]) for g in groups if g.key is not None])
        if high is not None:
            best[rate] = high
        if low is not None:
            worst[rate] = low
    return Breakdown(tuple(groups), best, worst)
