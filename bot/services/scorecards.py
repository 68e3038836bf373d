"""An SDR's own scorecard (`/mykpis`, its period buttons, App Home): read its inputs in one
go, then compute it with the pure domain (bot/kpi/scorecard.py); rendering is the caller's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import Period, PeriodChoice, local_today
from bot.kpi.scorecard import Scorecard, build_scorecard, scorecard_ranges
from bot.kpi.targets import TargetRecord, measured_targets, ramp_for
from bot.services.teams import Viewer, viewer
from storage import activity, people, targets
from storage.session import Session


@dataclass(frozen=True)
class ScorecardInputs:
    """Everything one user's scorecard is computed from."""

    viewer: Viewer
    today: date
    period: Period
    mine: list[dict[Metric, float]]  # current, previous, then the baseline periods
    team_totals: dict[Metric, float]
    team_size: int
    records: list[TargetRecord]
    days_off: set[date]


def scorecard_inputs(session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
                     ) -> ScorecardInputs:
    """The reads behind a scorecard, all before any computing."""
    who = viewer(session=session, user_id=user_id)
    team = who.team
    assert team.id is not None
    today = local_today(team.timezone, now)
    period = choice.resolve(today)
    ranges = scorecard_ranges(period, today)
    sdrs = people.team_sdr_ids(session=session, team_id=team.id)
    sums = activity.sum_parts(session=session, parts=[
        ([user_id], ranges.current), ([user_id], ranges.previous),
        *(([user_id], r) for r in ranges.baseline), (sdrs, ranges.current)])
    return ScorecardInputs(
        viewer=who, today=today, period=period, mine=sums[:-1], team_totals=sums[-1],
        team_size=len(sdrs),
        records=targets.target_records(session=session, team_id=team.id, user_id=user_id),
        days_off=people.days_off(session=session, user_id=user_id, start=period.start,
                                 end=period.end))


def compute_scorecard(inputs: ScorecardInputs) -> Scorecard:
    """Pure: the scorecard from its inputs."""
    who, period = inputs.viewer, inputs.period
    start = who.person.start_date if who.person else None
    ramp = ramp_for(start, period.start)
    measured = measured_targets(inputs.records, metrics=METRICS, period=period,
                                user_id=who.user_id, start=start, workdays=who.workdays)
    # The baseline averages the periods from the oldest one with any activity on: a new SDR's
    # empty weeks before they started would drag their own average down.
    baseline = list(reversed(inputs.mine[2:]))  # oldest first
    started = next((i for i, totals in enumerate(baseline) if totals), len(baseline))
    since_start = baseline[started:]
    return build_scorecard(
        user_id=who.user_id,
        period=period,
        today=inputs.today,
        current=inputs.mine[0],
        previous=inputs.mine[1],
        baseline=since_start,
        team_totals=inputs.team_totals,
        team_size=inputs.team_size,
        targets=measured,
        workdays=who.workdays,
        days_off=inputs.days_off,
        has_history=bool(since_start),
        ramp=ramp,
    )


@dataclass(frozen=True)
class ScorecardResult:
    scorecard: Scorecard
    viewer: Viewer
    choice: PeriodChoice


def my_scorecard(session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
                 ) -> ScorecardResult:
    inputs = scorecard_inputs(session, user_id=user_id, choice=choice, now=now)
    return ScorecardResult(compute_scorecard(inputs), inputs.viewer, choice)
