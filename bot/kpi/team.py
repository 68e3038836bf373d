"""A team's scorecard for one period: totals against targets, the leaderboard, highlights."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from bot.kpi.comparison import Basis, Change, change
from bot.kpi.metrics import METRICS, Metric, Rate, derived_rates
from bot.kpi.pace import average_capped_attainment
from bot.kpi.periods import Period
from bot.kpi.rounding import Number, exact

Totals = Mapping[Metric, float]


@dataclass(frozen=True)
class SdrRow:
    user_id: str
    totals: Totals
    targets: Mapping[Metric, Fraction]
    attainment: Fraction | None  # mean over targeted metrics, each capped at 150 %
    previous_attainment: Fraction | None

    @property
    def improvement(self) -> Fraction | None:
        if self.attainment is None or self.previous_attainment is None:
            return None
        return self.attainment - self.previous_attainment


@dataclass(frozen=True)
class TeamScorecard:
    period: Period
    rows: tuple[SdrRow, ...]  # leaderboard order: attainment, then outcomes, then user id
    totals: Totals
    targets: Mapping[Metric, Fraction]  # the sum of the SDRs' targets, per metric
    previous_totals: Totals
    rates: Mapping[Rate, float | None]
    previous_rates: Mapping[Rate, float | None]
    basis: Basis = Basis.PREVIOUS  # what previous_totals cover
    # The period's money in other currencies than the one it is measured in (bot/kpi/money):
    # shown beside the money totals, counted toward nothing.
    other_money: Mapping[str, float] = field(default_factory=dict)
    # The other currencies the previous period's money is in: its comparison counts none.
    previous_other_currencies: tuple[str, ...] = ()

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Metrics worth showing: targeted or with activity, in display order."""
        return tuple(m for m in METRICS if self.targets.get(m) or self.totals.get(m)
                     or self.previous_totals.get(m) or (m.is_money and self.other_money))

    def change(self, metric: Metric) -> Change:
        return change(self.totals.get(metric, 0.0), self.previous_totals.get(metric, 0.0),
                      money=metric.is_money)

    @property
    def top(self) -> SdrRow | None:
        ranked = [r for r in self.rows if r.attainment is not None]
        return ranked[0] if ranked else None

    @property
    def most_improved(self) -> SdrRow | None:
        improved = [r for r in self.rows if r.improvement is not None and r.improvement > 0]
        return max(improved, key=lambda r: (r.improvement or 0, r.user_id)) if improved else None


def _sum(totals: Mapping[str, Totals]) -> dict[Metric, float]:
    result: dict[Metric, float] = {}
    for per_user in totals.values():
        for metric, value in per_user.items():
            result[metric] = result.get(metric, 0.0) + value
    return result


def _exact_sum(targets: Mapping[str, Mapping[Metric, Number]]) -> dict[Metric, Fraction]:
    result: dict[Metric, Fraction] = {}
    for per_user in targets.values():
        for metric, value in per_user.items():
            result[metric] = result.get(metric, Fraction(0)) + exact(value)
    return result


def _attainment(totals: Totals, targets: Mapping[Metric, Number]) -> Fraction | None:
    return average_capped_attainment(
        (totals.get(metric, 0.0), target) for metric, target in targets.items()
    )


def _outcomes(totals: Totals) -> tuple[float, float, float]:
    """Tie-breakers: qualified leads, opportunities, pipeline; quality before volume."""
    return (totals.get(Metric.QUALIFIED_LEADS, 0.0), totals.get(Metric.OPPORTUNITIES, 0.0),
            totals.get(Metric.PIPELINE, 0.0))


def build_team_scorecard(
    *,
    period: Period,
    sdr_ids: list[str],
    totals: Mapping[str, Totals],
    targets: Mapping[str, Mapping[Metric, Number]],
    previous_totals: Mapping[str, Totals],
    previous_targets: Mapping[str, Mapping[Metric, Number]],
    basis: Basis = Basis.PREVIOUS,
    other_money: Mapping[str, float] | None = None,
    previous_other_currencies: tuple[str, ...] = (),
) -> TeamScorecard:
    rows = [
        SdrRow(
            user_id=user_id,
            totals=totals.get(user_id, {}),
            targets={m: exact(v) for m, v in targets.get(user_id, {}).items()},
            attainment=_attainment(totals.get(user_id, {}), targets.get(user_id, {})),
            previous_attainment=_attainment(previous_totals.get(user_id, {}),
                                            previous_targets.get(user_id, {})),
        )
        for user_id in sdr_ids
    ]
    rows.sort(key=lambda r: (
        -(r.attainment if r.attainment is not None else Fraction(-1)),
        tuple(-v for v in _outcomes(r.totals)),
        r.user_id,
    ))
    team_totals = _sum({u: totals.get(u, {}) for u in sdr_ids})
    team_previous = _sum({u: previous_totals.get(u, {}) for u in sdr_ids})
    rates = derived_rates(team_totals)
    if other_money:  # some opportunities' value is in another currency: no average
        rates = {rate: None if rate.is_money else value for rate, value in rates.items()}
    return TeamScorecard(
        period=period,
        rows=tuple(rows),
        totals=team_totals,
        targets=_exact_sum({u: targets.get(u, {}) for u in sdr_ids}),
        previous_totals=team_previous,
        rates=rates,
        previous_rates=derived_rates(team_previous),
        basis=basis,
        other_money=dict(other_money or {}),
        previous_other_currencies=previous_other_currencies,
    )
