""""Log activity" buttons open the log modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import deps_of
from bot.listeners.common import open_log_modal, translator_for


async def handle_open_log_modal(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                                client: AsyncWebClient) -> None:
    await ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    await open_log_modal(deps, client, await translator_for(deps, user_id), user_id=user_id,
                         trigger_id=body["trigger_id"],
                         channel_id=(body.get("channel") or {}).get("id", ""))
