"""What the scheduler asks of the database: each team's post slots in its time zone, and
whether a missed run may still be caught up (the claim rules stay in storage/posts.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.kpi.schedule import Slot, scorecard_slot, stored_slots
from bot.services.teams import team_workdays
from storage import posts
from storage.models import Team
from storage.session import Session

# A run missed while the bot was down: posted when nobody posted it or holds it.
_CATCH_UP = frozenset({posts.Standing.FREE, posts.Standing.RELEASED, posts.Standing.ORPHANED})
# The recheck job: only runs whose holder died (its claim went silent).
_ORPHANED = frozenset({posts.Standing.ORPHANED})


@dataclass(frozen=True)
class TeamSchedule:
    team_id: int
    timezone: str
    workdays: frozenset[int]
    scorecard: Slot
    nudges: tuple[Slot, ...]


def schedule_of(team: Team) -> TeamSchedule:
    assert team.id is not None
    return TeamSchedule(team_id=team.id, timezone=team.timezone, workdays=team_workdays(team),
                        scorecard=scorecard_slot(team.scorecard_weekday, team.scorecard_time),
                        nudges=stored_slots(team.nudge_schedule))


def team_schedules(session: Session) -> list[TeamSchedule]:
    """Every team's schedule, in team order."""
    return [schedule_of(team) for team in posts.all_teams(session=session)]


def team_schedule(session: Session, *, team_id: int) -> TeamSchedule | None:
    """One team's schedule; None once the team is gone."""
    team = posts.team(session=session, team_id=team_id)
    return None if team is None else schedule_of(team)


def may_catch_up(session: Session, *, team_id: int, kind: str, period_key: str, now: datetime,
                 stale_after: timedelta, orphaned_only: bool) -> bool:
    """Whether a run past its time may be posted now: nobody posted it or holds it (or, with
    `orphaned_only`, its holder died mid-post)."""
    standing = posts.claim_standing(session=session, team_id=team_id, kind=kind,
                                    period_key=period_key, now=now, stale_after=stale_after)
    return standing in (_ORPHANED if orphaned_only else _CATCH_UP)
