"""A scorecard as a ready message: read, compute, then render blocks plus the fallback text."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from bot.blocks.scorecard import build_scorecard_blocks, scorecard_fallback_text
from bot.blocks.text import Block
from bot.kpi.periods import PeriodChoice
from bot.services.scorecards import my_scorecard
from storage.session import Session


class Message(TypedDict):
    """What `ack`, `respond` and chat.postMessage take: blocks and their fallback text."""

    text: str
    blocks: list[Block]


def scorecard_message(
    session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
) -> Message:
    result = my_scorecard(session=session, user_id=user_id, choice=choice, now=now)
    tr, team = result.tr, result.team
    return Message(
        text=scorecard_fallback_text(result.scorecard, tr),
        blocks=build_scorecard_blocks(result.scorecard, choice=choice, tr=tr,
                                      team_name=tr.team_name(team.name,
                                                             is_default=team.is_default)),
    )
