"""A team's scorecard for a period: the numbers behind `/kpi team` and the weekly post."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from bot.kpi.comparison import Basis
from bot.kpi.membership import judged_on
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.money import other_amounts, other_currencies
from bot.kpi.periods import Period
from bot.kpi.scorecard import scorecard_ranges
from bot.kpi.targets import TargetRecord, measured_targets
from bot.kpi.team import TeamScorecard, build_team_scorecard
from bot.services.teams import team_workdays
from storage import activity, people, targets
from storage.models import Team
from storage.session import Session


@dataclass(frozen=True)
class TeamResult:
    team: Team
    card: TeamScorecard
    names: dict[str, str]
    today: date
    currency: str  # the team's in force for the period: its money is measured in it

    def name(self, user_id: str) -> str:
        return self.names.get(user_id) or f"<@{user_id}>"


def resolved_targets(
    records: Sequence[TargetRecord], *, user_ids: Sequence[str], period: Period,
    workdays: Collection[int], starts: Mapping[str, date | None] | None = None,
    days_off: Mapping[str, Collection[date]] | None = None,
) -> dict[str, dict[Metric, Fraction]]:
    """Each SDR's targets for the period, exact; with `starts` (start dates) scaled for those
    still ramping up, and with `days_off` for their time off: what they are measured
    against."""
    result: dict[str, dict[Metric, Fraction]] = {}
    for user_id in user_ids:
        mine = [r for r in records if r.user_id in (None, user_id)]
        off = [d for d in (days_off or {}).get(user_id, ()) if period.contains(d)]
        measured = measured_targets(mine, metrics=METRICS, period=period, user_id=user_id,
                                    start=starts.get(user_id) if starts else None,
                                    workdays=workdays, days_off=off)
        result[user_id] = {metric: target.exact for metric, target in measured.items()}
    return result


@dataclass(frozen=True)
class TeamInputs:
    """Everything a team's scorecard is computed from."""

    team: Team
    period: Period
    today: date
    sdrs: list[str]
    current: dict[str, dict[Metric, float]]
    previous: dict[str, dict[Metric, float]]
    records: list[TargetRecord]
    starts: dict[str, date]
    names: dict[str, str]
    days_off: dict[str, set[date]]  # over the period and the one before
    basis: Basis = Basis.PREVIOUS
    currency: str = "USD"  # the team's in force for the period
    other_money: dict[str, float] = field(default_factory=dict)  # the period's, in others
    previous_other_currencies: tuple[str, ...] = ()  # what else the previous one holds


def team_inputs(session: Session, *, team: Team, period: Period, today: date) -> TeamInputs:
    """The reads behind a team scorecard, all before any computing: the SDRs of the team in
    force for the period (SPEC: membership has history)."""
    assert team.id is not None
    sdrs = people.team_sdr_ids_on(session=session, team_id=team.id,
                                  day=judged_on(period, today))
    ranges = scorecard_ranges(period, today, workdays=team_workdays(team))
    currency = people.team_currency_on(session=session, team=team,
                                       day=judged_on(period, today))
    current, previous = activity.sum_ranges_by_user(
        session=session, user_ids=sdrs, ranges=[ranges.current, ranges.previous],
        currency=currency)
    money, before = activity.money_parts(session=session, parts=[(sdrs, ranges.current),
                                                                  (sdrs, ranges.previous)])
    return TeamInputs(team, period, today, sdrs, current, previous,
                      targets.team_target_records(session=session, team_id=team.id,
                                                  currency=currency),
                      people.start_dates(session=session, user_ids=sdrs),
                      people.names(session=session, user_ids=sdrs),
                      people.days_off_by_user(session=session, user_ids=sdrs,
                                              start=period.previous().start, end=period.end),
                      ranges.basis, currency, other_amounts(money, currency),
                      other_currencies(before, measured=currency))


def compute_team_scorecard(inputs: TeamInputs) -> TeamResult:
    """Pure: totals to date for a period in progress, compared with the previous period over
    the same span; a finished period is compared whole with the one before."""
    workdays = team_workdays(inputs.team)
    period, sdrs, records, starts = inputs.period, inputs.sdrs, inputs.records, inputs.starts
    card = build_team_scorecard(
        period=period,
        sdr_ids=sdrs,
        totals=inputs.current,
        targets=resolved_targets(records, user_ids=sdrs, period=period, workdays=workdays,
                                 starts=starts, days_off=inputs.days_off),
        previous_totals=inputs.previous,
        previous_targets=resolved_targets(records, user_ids=sdrs, period=period.previous(),
                                          workdays=workdays, starts=starts,
                                          days_off=inputs.days_off),
        basis=inputs.basis,
        other_money=inputs.other_money,
        previous_other_currencies=inputs.previous_other_currencies,
    )
    return TeamResult(inputs.team, card, inputs.names, inputs.today, inputs.currency)


def team_scorecard(session: Session, *, team: Team, period: Period, today: date) -> TeamResult:
    """Read, then compute (the weekly post and `/kpi team` render it their own ways)."""
    return compute_team_scorecard(team_inputs(session, team=team, period=period, today=today))
