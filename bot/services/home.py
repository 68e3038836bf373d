"""The App Home view for one user: their week so far and what their role lets them do."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.home import build_home_view
from bot.blocks.stale import stale_text
from bot.blocks.text import Block, context, escape
from bot.config import Settings
from bot.i18n import Translator
from bot.kpi.periods import PeriodChoice, PeriodKind, local_today
from bot.kpi.scorecard import Scorecard
from bot.services.access import Access, access_for, manageable_teams
from bot.services.scorecards import compute_scorecard, scorecard_inputs
from bot.services.stale import stale_for_team
from storage import people
from storage.session import Session

HOME_CHOICE = PeriodChoice(PeriodKind.WEEK)
MAX_STALE_TEAMS = 5


def home_view(
    session: Session, *, settings: Settings, user_id: str, now: datetime
) -> Block:
    """Reads only: opening the Home tab makes no one a member of any team. Read everything,
    then compute the scorecard, then build the view."""
    inputs = scorecard_inputs(session, user_id=user_id, choice=HOME_CHOICE, now=now)
    access = access_for(session=session, settings=settings, user_id=user_id)
    card = compute_scorecard(inputs)
    notes = stale_notes(session, access=access, tr=inputs.tr, now=now) \
        if access.is_manager else []
    team = inputs.team
    return build_home_view(card, tr=inputs.tr,
                           team_name=inputs.tr.team_name(team.name, is_default=team.is_default),
                           is_manager=access.is_manager,
                           own_numbers=_own_numbers(card, is_manager=access.is_manager),
                           manager_notes=notes)


def stale_notes(session: Session, *, access: Access, tr: Translator, now: datetime
                ) -> list[Block]:
    """Stale data of the teams a manager runs (the first few: the Home tab has 100 blocks)."""
    notes: list[Block] = []
    for team in manageable_teams(session=session, access=access)[:MAX_STALE_TEAMS]:
        stale = stale_for_team(session, team=team, today=local_today(team.timezone, now))
        names = people.names(session=session, user_ids=[s.user_id for s in stale])
        text = stale_text(stale, names, threshold=team.stale_days, tr=tr)
        if text is not None:
            notes.append(context(f"*{escape(team.name)}* {text}"))
    return notes



def _own_numbers(card: Scorecard, *, is_manager: bool) -> bool:
    """Issue 9, item 12, one rule with `/mykpis`: a manager or admin who is an SDR of no team
    is not measured (no targets apply to them anywhere). Their own numbers show, without
    targets and saying so, once they have logged some; before that, only the words."""
    return card.measured or not is_manager or any(line.actual > 0 for line in card.lines)
