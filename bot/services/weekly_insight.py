"""What the weekly post adds for using the data: the finding of the week and how many SDRs
have gone quiet (a count: the post is public, managers see who in `/kpi team`)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.insights.breakdown import rate_metrics
from bot.insights.weekly import (
    WINDOW_WEEKS,
    WeeklyInsight,
    finding_of_the_week,
    note_findings,
    source_shifts,
)
from bot.kpi.metrics import Metric, Rate
from bot.kpi.periods import Period
from bot.services.insight_scope import Scope
from bot.services.insights_view import note_effects
from bot.services.stale import stale_for_team
from storage import insights, people
from storage.models import Team
from storage.session import Session

# source_shifts compares conversion alone: only its metrics are read
_CONVERSION_METRICS = rate_metrics((Rate.CONVERSION,))


def _by_source(session: Session, *, users: list[str], start: date, end: date
               ) -> dict[str, dict[Metric, float]]:
    result: dict[str, dict[Metric, float]] = {}
    for row in insights.tagged_totals(session=session, user_ids=users, start=start, end=end,
                                      tag="source", metrics=_CONVERSION_METRICS):
        if row.tag is not None:
            bucket = result.setdefault(row.tag, {})
            bucket[row.metric] = bucket.get(row.metric, 0.0) + row.total
    return result


def weekly_insight(session: Session, *, team: Team, week: Period, today: date
                   ) -> WeeklyInsight:
    assert team.id is not None
    users = people.team_sdr_ids(session=session, team_id=team.id)
    span = timedelta(weeks=WINDOW_WEEKS)
    recent_start = week.end - span
    before = _by_source(session, users=users, start=recent_start - span, end=recent_start)
    after = _by_source(session, users=users, start=recent_start, end=week.end)
    notes = note_effects(session, Scope(team, users), today=week.last_day,
                         since=week.end - 2 * span)
    finding = finding_of_the_week([
        *source_shifts(before, after),
        *note_findings((n.text, n.day, n.comparisons) for n in notes)])
    stale = stale_for_team(session, team=team, today=today)
    return WeeklyInsight(finding, len(stale), team.stale_days)
