""""Log activity" buttons open the log modal."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.log_modal import build_log_modal
from bot.deps import deps_of
from bot.listeners.common import tell_failure, translator_for
from bot.services.activity_log import today_for

logger = logging.getLogger(__name__)


async def handle_open_log_modal(
    ack: AsyncAck, body: dict[str, Any], context: Any, client: AsyncWebClient,
    respond: AsyncRespond | None = None,
) -> None:
    await ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    try:
        tr = await translator_for(deps, user_id)
        today = await deps.store.run(today_for, user_id=user_id, now=deps.now())
        channel = (body.get("channel") or {}).get("id", "")
        await client.views_open(
            trigger_id=body["trigger_id"],
            view=build_log_modal(tr=tr, today=today,
                                 private_metadata=json.dumps({"channel_id": channel})),
        )
    except Exception:  # after the ack nothing may escape (see tell_failure)
        logger.exception("opening the log modal failed for %s", user_id)
        await tell_failure(respond)
