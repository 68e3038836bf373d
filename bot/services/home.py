"""The App Home view for one user: their week so far and what their role lets them do."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.blocks.home import build_home_view
from bot.blocks.text import Block
from bot.config import Settings
from bot.kpi.periods import PeriodChoice, PeriodKind
from bot.kpi.scorecard import Scorecard
from bot.services.access import access_for
from bot.services.scorecards import my_scorecard
from storage import queries

HOME_CHOICE = PeriodChoice(PeriodKind.WEEK)


def home_view(
    session: Session, *, settings: Settings, user_id: str, now: datetime | None = None
) -> Block:
    """Reads only: opening the Home tab makes no one a member of any team."""
    result = my_scorecard(session=session, user_id=user_id, choice=HOME_CHOICE, now=now)
    access = access_for(session=session, settings=settings, user_id=user_id)
    return build_home_view(result.scorecard, tr=result.viewer.tr,
                           team_name=result.viewer.team.name, is_manager=access.is_manager,
                           own_numbers=_measured(session, user_id, result.scorecard,
                                                 is_manager=access.is_manager))


def _measured(session: Session, user_id: str, card: Scorecard, *, is_manager: bool) -> bool:
    """Everyone is an SDR to the bot (someone new joins the default team on their first log)
    except managers and admins who are in no team as an SDR and log nothing themselves."""
    if not is_manager or any(line.actual > 0 for line in card.lines):
        return True
    return any(member.role == "sdr"
               for _, member in queries.memberships(session=session, user_id=user_id))
