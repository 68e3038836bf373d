"""`/mykpis [today|week|last week|month|quarter]`: the SDR's own scorecard, ephemeral."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.messages import build_error_blocks
from bot.deps import deps_of
from bot.kpi.periods import parse_period_choice
from bot.listeners.common import ack_ephemeral_json, learn_profile, translator_for


async def handle_mykpis(
    ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    deps = deps_of(context)
    user_id = command["user_id"]
    text = str(command.get("text") or "")
    choice = parse_period_choice(text[:100])
    if choice is None:
        tr = await translator_for(deps, user_id)
        await ack(response_type="ephemeral", text=tr.t("mykpis.bad_period"),
                  blocks=build_error_blocks(problem=tr.t("mykpis.bad_period"),
                                            example=tr.t("example.mykpis"), tr=tr))
        return
    message = await deps.scorecards.message_json(deps.store, user_id=user_id, choice=choice,
                                                 now=deps.now())
    ack_ephemeral_json(ack, message)
    await learn_profile(deps, client, user_id)
