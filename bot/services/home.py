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
    is_sdr = people.is_sdr_anywhere(session=session, user_id=user_id) \
        if access.is_manager else True
    card = compute_scorecard(inputs)
    notes = stale_notes(session, access=access, tr=inputs.viewer.tr, now=now) \
        if access.is_manager else []
    team = inputs.viewer.team
    return build_home_view(card, tr=inputs.viewer.tr,
                           team_name=inputs.viewer.tr.team_name(team.name,
                                                                is_default=team.is_default),
                           is_manager=access.is_manager,
                           own_numbers=_measured(card, is_sdr=is_sdr), manager_notes=notes)


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


def _measured(card: Scorecard, *, is_sdr: bool) -> bool:
    """Everyone is an SDR to the bot (someone new joins the default team on their first log)
    except managers and admins who are in no team as an SDR and log nothing themselves."""
    return is_sdr or any(line.actual > 0 for line in card.lines)
