"""A team's sales motion (outbound, inbound, enterprise), which picks its benchmark bands, and
after how many working days without a log an SDR shows as stale.

Set from the settings modal (bot/services/team_settings.py): validated and authorised here.
"""

from __future__ import annotations

from bot.insights.benchmarks import MOTIONS
from bot.insights.stale_setting import MAX_STALE_DAYS
from bot.services.access import Access, NotAllowed
from storage import insights
from storage.session import Session


def set_team_motion(session: Session, access: Access, *, team_id: int, motion: str) -> None:
    """Raise NotAllowed for a team the user may not manage, ValueError for an unknown motion."""
    if not access.can_manage(team_id):
        raise NotAllowed(f"{access.user_id} may not manage team {team_id}")
    if motion not in MOTIONS:
        raise ValueError(f"motion must be one of {MOTIONS}")
    insights.set_motion(session=session, team_id=team_id, motion=motion,
                        actor_id=access.user_id)


def set_team_stale_days(session: Session, access: Access, *, team_id: int, days: int) -> None:
    """Raise NotAllowed for a team the user may not manage, ValueError outside 1..20."""
    if not access.can_manage(team_id):
        raise NotAllowed(f"{access.user_id} may not manage team {team_id}")
    if not 1 <= days <= MAX_STALE_DAYS:
        raise ValueError(f"stale days must be 1 to {MAX_STALE_DAYS}")
    insights.set_stale_days(session=session, team_id=team_id, days=days,
                            actor_id=access.user_id)
