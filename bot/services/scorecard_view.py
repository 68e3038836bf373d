"""A scorecard as a ready message: read, compute, then render blocks plus the fallback text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from bot.blocks.scorecard import build_scorecard_blocks, scorecard_fallback_text
from bot.blocks.text import Block
from bot.kpi.periods import PeriodChoice, local_today
from bot.services.scorecards import my_scorecard
from storage.session import Session


class Message(TypedDict):
    """What `ack`, `respond` and chat.postMessage take: blocks and their fallback text."""

    text: str
    blocks: list[Block]


@dataclass(frozen=True)
class DatedMessage:
    """A scorecard message and the day it is for: it depends on the clock only through the
    viewer's date (the period, pace and "expected by now" are counted in whole days), so it
    holds for as long as `local_today(timezone, now)` is still `today`."""

    message: Message
    timezone: str
    today: date


def scorecard_message(
    session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
) -> Message:
    return dated_scorecard_message(session, user_id=user_id, choice=choice, now=now).message


def dated_scorecard_message(
    session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
) -> DatedMessage:
    result = my_scorecard(session=session, user_id=user_id, choice=choice, now=now)
    tr, team = result.tr, result.team
    message = Message(
        text=scorecard_fallback_text(result.scorecard, tr),
        blocks=build_scorecard_blocks(result.scorecard, choice=choice, tr=tr,
                                      team_name=tr.team_name(team.name,
                                                             is_default=team.is_default)),
    )
    # the viewer's home team's zone: the one scorecard_inputs takes "today" in
    timezone = result.viewer.team.timezone
    return DatedMessage(message, timezone, local_today(timezone, now))
