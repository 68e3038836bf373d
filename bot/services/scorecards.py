"""An SDR's own scorecard (`/mykpis`, its period buttons, App Home)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.kpi.metrics import METRICS
from bot.kpi.periods import PeriodChoice, local_today
from bot.kpi.scorecard import Scorecard, build_scorecard, scorecard_ranges
from bot.kpi.targets import measured_targets, ramp_for
from bot.services.teams import Viewer, viewer
from storage import queries


@dataclass(frozen=True)
class ScorecardResult:
    scorecard: Scorecard
    viewer: Viewer
    choice: PeriodChoice


def my_scorecard(
    session: Session, *, user_id: str, choice: PeriodChoice, now: datetime | None = None
) -> ScorecardResult:
    who = viewer(session=session, user_id=user_id)
    team = who.team
    today = local_today(team.timezone, now)
    period = choice.resolve(today)
    ranges = scorecard_ranges(period, today)
    assert team.id is not None
    sdrs = queries.team_sdr_ids(session=session, team_id=team.id)
    mine_and_team = queries.sum_parts(session=session, parts=[
        ([user_id], ranges.current), ([user_id], ranges.previous),
        *(([user_id], r) for r in ranges.baseline), (sdrs, ranges.current)])
    mine, team_totals = mine_and_team[:-1], mine_and_team[-1]
    records = queries.target_records(session=session, team_id=team.id, user_id=user_id)
    start = who.person.start_date if who.person else None
    ramp = ramp_for(start, period.start)
    targets = measured_targets(records, metrics=METRICS, period=period, user_id=user_id,
                               start=start, workdays=who.workdays)
    off = queries.days_off(session=session, user_id=user_id, start=period.start, end=period.end)
    # The baseline averages the periods from the oldest one with any activity on: a new SDR's
    # empty weeks before they started would drag their own average down.
    baseline = list(reversed(mine[2:]))  # oldest first
    started = next((i for i, totals in enumerate(baseline) if totals), len(baseline))
    since_start = baseline[started:]
    card = build_scorecard(
        user_id=user_id,
        period=period,
        today=today,
        current=mine[0],
        previous=mine[1],
        baseline=since_start,
        team_totals=team_totals,
        team_size=len(sdrs),
        targets=targets,
        workdays=who.workdays,
        days_off=off,
        has_history=bool(since_start),
        ramp=ramp,
    )
    return ScorecardResult(card, who, choice)
