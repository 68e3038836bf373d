"""`/kpi team` and the App Home's "Team scorecard": who may see which team, as ready blocks.

Authorised here, on every request (a command, a button, a team picked in a select), from the
database and the admin list; nothing a payload carries grants anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.blocks.benchmarks import team_benchmark_block
from bot.blocks.stale import stale_block
from bot.blocks.team_scorecard import (
    MESSAGE_BLOCKS,
    TeamPage,
    build_team_refusal_blocks,
    build_team_scorecard_blocks,
    team_fallback_text,
)
from bot.blocks.text import Block, escape_code
from bot.config import Settings
from bot.i18n import Translator
from bot.insights.benchmarks import bands_for
from bot.kpi.periods import PeriodChoice, local_today, working_days
from bot.services.access import access_for, manageable_teams
from bot.services.admins import manager_refusal
from bot.services.stale import stale_for_team
from bot.services.team_scorecard import team_scorecard
from bot.services.teams import team_workdays, viewer
from storage.models import Team
from storage.session import Session

MAX_LISTED_TEAMS = 10  # an unknown team name lists the first few the user may pick


@dataclass(frozen=True)
class TeamAnswer:
    text: str
    blocks: list[Block]
    tr: Translator
    shown: bool  # False: a refusal or a problem, no team's numbers in it


def _pick(teams: list[Team], *, team_name: str | None, team_id: int | None) -> Team | None:
    if team_id is not None:
        return next((t for t in teams if t.id == team_id), None)
    if team_name:
        wanted = " ".join(team_name.split()).casefold()
        return next((t for t in teams if " ".join(t.name.split()).casefold() == wanted), None)
    return teams[0] if teams else None


def _problem(text: str, tr: Translator) -> TeamAnswer:
    return TeamAnswer(text, build_team_refusal_blocks(text=text), tr, shown=False)


def team_answer(
    session: Session,
    *,
    settings: Settings,
    user_id: str,
    choice: PeriodChoice,
    team_name: str | None = None,
    team_id: int | None = None,
    now: datetime,
    max_blocks: int = MESSAGE_BLOCKS,
) -> TeamAnswer:
    """The team scorecard `user_id` asked for, or a polite no that shows nothing of any team."""
    who = viewer(session=session, user_id=user_id)
    locale = who.person.locale if who.person else None
    access = access_for(session=session, settings=settings, user_id=user_id)
    if not access.is_manager:
        return _problem(manager_refusal(settings, who.tr, "team.only_managers"), who.tr)
    teams = manageable_teams(session=session, access=access)
    team = _pick(teams, team_name=team_name, team_id=team_id)
    if team is None or team.id is None:
        if not teams:
            return _problem(who.tr.t("team.no_teams"), who.tr)
        if team_id is not None:  # a button or option naming a team this user may not see
            return _problem(who.tr.t("team.not_yours"), who.tr)
        names = ", ".join(f"`{escape_code(t.name)}`" for t in teams[:MAX_LISTED_TEAMS])
        if len(teams) > MAX_LISTED_TEAMS:
            names += " …"
        asked = escape_code((team_name or "")[:80])
        return _problem(who.tr.t("team.unknown_team", name=asked, teams=names), who.tr)
    today = local_today(team.timezone, now)
    period = choice.resolve(today)
    result = team_scorecard(session=session, team=team, period=period, today=today)
    tr = Translator(locale, result.currency)  # the currency in force for the period
    workdays = team_workdays(team)
    in_progress = period.contains(today)
    total = working_days(period.start, period.end, workdays=workdays)
    elapsed = working_days(period.start, today, workdays=workdays) if in_progress else total
    page = TeamPage(
        team_id=team.id,
        team_name=tr.team_name(team.name, is_default=team.is_default),
        choice=choice,
        in_progress=in_progress,
        elapsed_days=elapsed,
        total_days=total,
        names=result.names,
        other_teams=[(t.id, t.name) for t in teams if t.id is not None],
    )
    # for managers: the industry bands of the team's motion, and, on a period still under way,
    # who has logged nothing lately (a past scorecard stays as it was)
    stale = stale_block(stale_for_team(session, team=team, today=today), result.names,
                        threshold=team.stale_days, tr=tr) if period.contains(today) else None
    notes = [b for b in (
        team_benchmark_block(bands_for(team.motion), totals=result.card.totals,
                             sdr_count=len(result.card.rows), kind=period.kind, tr=tr),
        stale) if b is not None]
    blocks = build_team_scorecard_blocks(result.card, page=page, tr=tr, max_blocks=max_blocks,
                                         notes=notes)
    return TeamAnswer(team_fallback_text(result.card, page, tr), blocks, tr, shown=True)
