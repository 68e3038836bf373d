"""Which SDRs of a team have logged nothing for the team's stale-days setting (default 3)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.kpi.stale import LOOKBACK_DAYS, Stale, stale_sdrs
from bot.services.teams import team_workdays
from storage import insights, people
from storage.models import Team
from storage.session import Session


def stale_for_team(session: Session, *, team: Team, today: date) -> list[Stale]:
    assert team.id is not None
    sdrs = people.team_sdr_ids(session=session, team_id=team.id)
    return stale_sdrs(
        sdr_ids=sdrs, last_days=insights.last_logged_days(session=session, user_ids=sdrs),
        today=today, workdays=team_workdays(team),
        days_off=people.days_off_by_user(session=session, user_ids=sdrs,
                                         start=today - timedelta(days=LOOKBACK_DAYS),
                                         end=today),
        threshold=team.stale_days)
