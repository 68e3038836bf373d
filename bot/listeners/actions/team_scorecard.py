""""Team scorecard" on the App Home, and the team scorecard's own period buttons and team
select: each click is authorised again on the server (services/team_view.py)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.form_state import parse_id
from bot.blocks.team_scorecard import MESSAGE_BLOCKS, MODAL_BLOCKS, build_team_scorecard_modal
from bot.deps import Deps, deps_of
from bot.kpi.periods import PeriodChoice, PeriodKind, parse_period_choice
from bot.services.team_view import TeamAnswer, team_answer

logger = logging.getLogger(__name__)

WEEK = PeriodChoice(PeriodKind.WEEK)


def read_switch(action: dict[str, Any]) -> tuple[PeriodChoice, int | None]:
    """A button's value or a selected option's value: "<period token>|<team id>"."""
    value = action.get("value")
    if value is None:
        value = (action.get("selected_option") or {}).get("value")
    token, _, team = (value if isinstance(value, str) else "")[:60].partition("|")
    choice = parse_period_choice(token) or WEEK
    return choice, parse_id(team)


async def _answer(deps: Deps, user_id: str, choice: PeriodChoice, team_id: int | None,
                  max_blocks: int) -> TeamAnswer:
    return await deps.store.run(team_answer, settings=deps.settings, user_id=user_id,
                                choice=choice, team_id=team_id, now=deps.now(),
                                max_blocks=max_blocks)


async def handle_show_team_scorecard(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """From the App Home there is no channel to answer in: the scorecard opens as a modal."""
    await ack()
    deps = deps_of(context)
    answer = await _answer(deps, body["user"]["id"], WEEK, None, MODAL_BLOCKS)
    await client.views_open(trigger_id=body["trigger_id"],
                            view=build_team_scorecard_modal(blocks=answer.blocks, tr=answer.tr))


async def handle_team_switch(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext,
    client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Another period or team: redraw the modal, or the ephemeral message, in place."""
    await ack()
    deps = deps_of(context)
    choice, team_id = read_switch(action)
    view = body.get("view")
    if isinstance(view, dict) and view.get("id"):
        answer = await _answer(deps, body["user"]["id"], choice, team_id, MODAL_BLOCKS)
        await client.views_update(view_id=view["id"],
                                  view=build_team_scorecard_modal(blocks=answer.blocks,
                                                                  tr=answer.tr))
        return
    if not body.get("response_url"):  # Slack always sends one of the two; say so if not
        logger.warning("team scorecard click with neither a view id nor a response_url")
        return
    answer = await _answer(deps, body["user"]["id"], choice, team_id, MESSAGE_BLOCKS)
    await respond(replace_original=True, response_type="ephemeral", text=answer.text,
                  blocks=answer.blocks)
