"""A scorecard as a ready message: blocks plus the fallback text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.blocks.scorecard import build_scorecard_blocks, scorecard_fallback_text
from bot.kpi.periods import PeriodChoice
from bot.services.scorecards import my_scorecard
from storage.session import Session


def scorecard_message(
    session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
) -> dict[str, Any]:
    result = my_scorecard(session=session, user_id=user_id, choice=choice, now=now)
    tr = result.viewer.tr
    return {
        "text": scorecard_fallback_text(result.scorecard, tr),
        "blocks": build_scorecard_blocks(result.scorecard, choice=choice, tr=tr,
                                         team_name=result.viewer.team.name),
    }
