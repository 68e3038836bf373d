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
from storage import people
from storage.session import Session

HOME_CHOICE = PeriodChoice(PeriodKind.WEEK)


def home_view(
    session: Session, *, settings: Settings, user_id: str, now: datetime
) -> Block:
    """Reads only: opening the Home tab makes no one a member of any team. Read everything,
    then compute the scorecard, then build the view."""
    inputs = scorecard_inputs(session, user_id=user_id, choice=HOME_CHOICE, now=now)
    access = access_for(session=session, settings=settings, user_id=user_id)
    is_sdr = people.is_sdr_anywhere(session=session, user_id=user_id) \
        if access.is_manager else True
    card = compute_scorecard(inputs)
    return build_home_view(card, tr=inputs.viewer.tr, team_name=inputs.viewer.team.name,
                           is_manager=access.is_manager,
                           own_numbers=_measured(card, is_sdr=is_sdr))


def _measured(card: Scorecard, *, is_sdr: bool) -> bool:
    """Everyone is an SDR to the bot (someone new joins the default team on their first log)
    except managers and admins who are in no team as an SDR and log nothing themselves."""
    return is_sdr or any(line.actual > 0 for line in card.lines)
