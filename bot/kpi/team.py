"""A team's scorecard for one period: totals against targets, the leaderboard, highlights."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.kpi.metrics import METRICS, Metric, Rate, derived_rates
from bot.kpi.pace import average_capped_attainment
from bot.kpi.periods import Period

Totals = Mapping[Metric, float]


@dataclass(frozen=True)
class SdrRow:
    user_id: str
    totals: Totals
    targets: Mapping[Metric, float]
    attainment: float | None  # mean over targeted metrics, each capped at 150 %
    previous_attainment: float | None

    @property
    def improvement(self) -> float | None:
        if self.attainment is None or self.previous_attainment is None:
            return None
        return self.attainment - self.previous_attainment


@dataclass(frozen=True)
class TeamScorecard:
    period: Period
    rows: tuple[SdrRow, ...]  # leaderboard order: attainment, then outcomes, then user id
    totals: Totals
    targets: Totals  # the sum of the SDRs' targets, per metric
    previous_totals: Totals
    rates: Mapping[Rate, float | None]
    previous_rates: Mapping[Rate, float | None]

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Metrics worth showing: targeted or with activity, in display order."""
        return tuple(m for m in METRICS if self.targets.get(m) or self.totals.get(m)
                     or self.previous_totals.get(m))

    def trend(self, metric: Metric) -> float | None:
        before = self.previous_totals.get(metric, 0.0)
        if before <= 0:
            return None
        return (self.totals.get(metric, 0.0) - before) / before

    @property
    def top(self) -> SdrRow | None:
        ranked = [r for r in self.rows if r.attainment is not None]
        return ranked[0] if ranked else None

    @property
    def most_improved(self) -> SdrRow | None:
        improved = [r for r in self.rows if r.improvement is not None and r.improvement > 0]
        return max(improved, key=lambda r: (r.improvement or 0.0, r.user_id)) if improved else None


def _sum(totals: Mapping[str, Totals]) -> dict[Metric, float]:
    result: dict[Metric, float] = {}
    for per_user in totals.values():
        for metric, value in per_user.items():
            result[metric] = result.get(metric, 0.0) + value
    return result


def _attainment(totals: Totals, targets: Mapping[Metric, float]) -> float | None:
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
    targets: Mapping[str, Mapping[Metric, float]],
    previous_totals: Mapping[str, Totals],
    previous_targets: Mapping[str, Mapping[Metric, float]],
) -> TeamScorecard:
    rows = [
        SdrRow(
            user_id=user_id,
            totals=totals.get(user_id, {}),
            targets=targets.get(user_id, {}),
            attainment=_attainment(totals.get(user_id, {}), targets.get(user_id, {})),
            previous_attainment=_attainment(previous_totals.get(user_id, {}),
                                            previous_targets.get(user_id, {})),
        )
        for user_id in sdr_ids
    ]
    rows.sort(key=lambda r: (
        -(r.attainment if r.attainment is not None else -1.0),
        tuple(-v for v in _outcomes(r.totals)),
        r.user_id,
    ))
    team_totals = _sum({u: totals.get(u, {}) for u in sdr_ids})
    team_previous = _sum({u: previous_totals.get(u, {}) for u in sdr_ids})
    return TeamScorecard(
        period=period,
        rows=tuple(rows),
        totals=team_totals,
        targets=_sum({u: targets.get(u, {}) for u in sdr_ids}),
        previous_totals=team_previous,
        rates=derived_rates(team_totals),
        previous_rates=derived_rates(team_previous),
    )
