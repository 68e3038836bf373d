"""A team's scorecard for a period: the numbers behind `/kpi team` and the weekly post."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.kpi.metrics import METRICS, Metric
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

    def name(self, user_id: str) -> str:
        return self.names.get(user_id) or f"<@{user_id}>"


def resolved_targets(
    records: Sequence[TargetRecord], *, user_ids: Sequence[str], period: Period,
    workdays: Collection[int], starts: Mapping[str, date | None] | None = None,
) -> dict[str, dict[Metric, float]]:
    """Each SDR's targets for the period; with `starts` (start dates), scaled for those still
    ramping up, i.e. what they are measured against."""
    result: dict[str, dict[Metric, float]] = {}
    for user_id in user_ids:
        mine = [r for r in records if r.user_id in (None, user_id)]
        measured = measured_targets(mine, metrics=METRICS, period=period, user_id=user_id,
                                    start=starts.get(user_id) if starts else None,
                                    workdays=workdays)
        result[user_id] = {metric: target.value for metric, target in measured.items()}
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


def team_inputs(session: Session, *, team: Team, period: Period, today: date) -> TeamInputs:
    """The reads behind a team scorecard, all before any computing."""
    assert team.id is not None
    sdrs = people.team_sdr_ids(session=session, team_id=team.id)
    ranges = scorecard_ranges(period, today)
    current, previous = activity.sum_ranges_by_user(
        session=session, user_ids=sdrs, ranges=[ranges.current, ranges.previous])
    return TeamInputs(team, period, today, sdrs, current, previous,
                      targets.team_target_records(session=session, team_id=team.id),
                      people.start_dates(session=session, user_ids=sdrs),
                      people.names(session=session, user_ids=sdrs))


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
                                 starts=starts),
        previous_totals=inputs.previous,
        previous_targets=resolved_targets(records, user_ids=sdrs, period=period.previous(),
                                          workdays=workdays, starts=starts),
    )
    return TeamResult(inputs.team, card, inputs.names, inputs.today)


def team_scorecard(session: Session, *, team: Team, period: Period, today: date) -> TeamResult:
    """Read, then compute (the weekly post and `/kpi team` render it their own ways)."""
    return compute_team_scorecard(team_inputs(session, team=team, period=period, today=today))
