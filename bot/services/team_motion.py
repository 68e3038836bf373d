"""A team's sales motion (outbound, inbound, enterprise), which picks its benchmark bands.

For the settings modal (its owner adds the field): validated and authorised here.
"""

from __future__ import annotations

from bot.insights.benchmarks import MOTIONS
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
