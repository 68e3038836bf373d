"""The App Home view for one user: their week so far and what their role lets them do."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.home import build_home_view
from bot.blocks.text import Block
from bot.config import Settings
from bot.kpi.periods import PeriodChoice, PeriodKind
from bot.kpi.scorecard import Scorecard
from bot.services.access import access_for
from bot.services.scorecards import compute_scorecard, scorecard_inputs
from storage.session import Session

HOME_CHOICE = PeriodChoice(PeriodKind.WEEK)


def home_view(
    session: Session, *, settings: Settings, user_id: str, now: datetime
) -> Block:
    """Reads only: opening the Home tab makes no one a member of any team. Read everything,
    then compute the scorecard, then build the view."""
    inputs = scorecard_inputs(session, user_id=user_id, choice=HOME_CHOICE, now=now)
    access = access_for(session=session, settings=settings, user_id=user_id)
    card = compute_scorecard(inputs)
    return build_home_view(card, tr=inputs.tr, team_name=inputs.team.name,
                           is_manager=access.is_manager,
                           own_numbers=_own_numbers(card, is_manager=access.is_manager))


def _own_numbers(card: Scorecard, *, is_manager: bool) -> bool:
    """Issue 9, item 12, one rule with `/mykpis`: a manager or admin who is an SDR of no team
    is not measured (no targets apply to them anywhere). Their own numbers show, without
    targets and saying so, once they have logged some; before that, only the words."""
    return card.measured or not is_manager or any(line.actual > 0 for line in card.lines)
